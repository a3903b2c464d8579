import pytest

from reports import workflow as w


@pytest.mark.parametrize(
    ("source", "action", "actor", "target"),
    [
        (None, w.SAVE, w.OFFICER, w.DRAFT),
        (w.DRAFT, w.SUBMIT, w.OFFICER, w.SUBMITTED),
        (w.SUBMITTED, w.RETURN, w.STAFF, w.RETURNED),
        (w.RETURNED, w.SAVE, w.OFFICER, w.RETURNED),
        (w.RETURNED, w.SUBMIT, w.OFFICER, w.SUBMITTED),
        (w.SUBMITTED, w.ACCEPT, w.STAFF, w.ACCEPTED),
        (None, w.EXCUSE, w.STAFF, w.EXCUSED),
        (w.DRAFT, w.EXCUSE, w.STAFF, w.EXCUSED),
    ],
)
def test_allowed_transitions(source, action, actor, target):
    assert w.find_transition(source, action, actor).target == target


@pytest.mark.parametrize(
    ("source", "action", "actor"),
    [
        (w.SUBMITTED, w.RETURN, w.OFFICER),  # an officer cannot return their own report
        (w.SUBMITTED, w.ACCEPT, w.OFFICER),
        (w.DRAFT, w.SUBMIT, w.STAFF),  # staff do not submit for a unit
        (w.ACCEPTED, w.RETURN, w.STAFF),
        (w.ACCEPTED, w.SAVE, w.OFFICER),
        (w.SUBMITTED, w.SAVE, w.OFFICER),
        (w.SUBMITTED, w.EXCUSE, w.STAFF),
        (w.EXCUSED, w.SUBMIT, w.OFFICER),
        (w.DRAFT, w.ACCEPT, w.STAFF),
    ],
)
def test_refused_transitions(source, action, actor):
    with pytest.raises(w.TransitionError):
        w.find_transition(source, action, actor)


def test_return_needs_a_comment():
    assert w.find_transition(w.SUBMITTED, w.RETURN, w.STAFF).needs_comment
    assert not w.find_transition(w.SUBMITTED, w.ACCEPT, w.STAFF).needs_comment


def test_allowed_actions():
    assert w.allowed_actions(w.SUBMITTED, w.STAFF) == [w.RETURN, w.ACCEPT]
    assert w.allowed_actions(w.SUBMITTED, w.OFFICER) == []
    assert w.allowed_actions(w.RETURNED, w.OFFICER) == [w.SAVE, w.SUBMIT]
