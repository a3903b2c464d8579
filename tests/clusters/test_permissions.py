from types import SimpleNamespace

from clusters.permissions import reviewing_unit_id


def test_chair_reviews_members_and_vice_chair_reviews_the_chair():
    term = SimpleNamespace(chair_id=1, vice_chair_id=2)
    assert reviewing_unit_id(term, 3) == 1
    assert reviewing_unit_id(term, 2) == 1
    assert reviewing_unit_id(term, 1) == 2


def test_nobody_reviews_the_chair_without_a_vice_chair_nor_anyone_without_a_term():
    assert reviewing_unit_id(SimpleNamespace(chair_id=1, vice_chair_id=None), 1) is None
    assert reviewing_unit_id(None, 1) is None
