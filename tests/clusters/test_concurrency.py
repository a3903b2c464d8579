"""Two sessions inserting the same cluster rows at the same instant (PostgreSQL; skipped on SQLite)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from clusters import services
from clusters.models import Cluster, ClusterMembership, ClusterTerm, Pledge, SelfAssessment
from tests.race import race, require_postgresql

from .conftest import YEAR
from .factories import CriterionFactory, PledgeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    require_postgresql()


def test_two_staff_create_the_same_cluster(transactional_db):
    create = lambda: services.create_cluster(number=9, name="Cụm thi đua số 9", kind="cluster")  # noqa: E731
    first, second = race(create, create)
    assert isinstance(first, Cluster)
    assert isinstance(second, ValidationError), repr(second)
    assert Cluster.objects.filter(number=9).count() == 1


def test_two_copies_of_the_membership_at_once(cluster):
    copy = lambda: services.copy_membership(cluster=cluster, year=YEAR + 1)  # noqa: E731
    first, second = race(copy, copy)
    assert len(first[0]) == 3
    assert isinstance(second, ValidationError), repr(second)
    assert ClusterMembership.objects.filter(cluster=cluster, year=YEAR + 1).count() == 3


def test_two_first_records_of_a_term_at_once(term, unit_a, unit_b, unit_c):
    services.copy_membership(cluster=term.cluster, year=YEAR + 1)

    def record(chair, vice_chair):
        return lambda: services.record_term(
            cluster=term.cluster, year=YEAR + 1, chair=chair, vice_chair=vice_chair, selection="rotation"
        )

    first, second = race(record(unit_b, unit_c), record(unit_c, unit_a))
    assert isinstance(first, ClusterTerm)
    assert isinstance(second, ValidationError), repr(second)
    assert ClusterTerm.objects.get(cluster=term.cluster, year=YEAR + 1).chair == unit_b


def test_two_first_self_assessments_at_once_end_as_one_row(term, unit_a, officer_a):
    import datetime

    pledge = PledgeFactory(cluster=term.cluster, year=YEAR, assessment_due_on=datetime.date(YEAR, 12, 10))
    criterion = CriterionFactory(pledge=pledge, position=1)
    today = datetime.date(YEAR, 12, 1)

    def save(score):
        return lambda: services.save_self_assessment(
            pledge=pledge, organization=unit_a, scores={criterion.pk: (D(score), "")}, by=officer_a, today=today
        )

    _first, second = race(save("8"), save("9"))
    assert isinstance(second, list), repr(second)
    assessment = SelfAssessment.objects.get(criterion=criterion, organization=unit_a)
    assert assessment.score == D("9")  # the later save wins, as it would one after the other


def test_two_first_pledges_at_once(term, officer_a):
    draft = lambda: services.draft_pledge(cluster=term.cluster, year=YEAR, criteria=[("Tiêu chí", None)], by=officer_a)  # noqa: E731
    first, second = race(draft, draft)
    assert isinstance(first, Pledge)
    assert isinstance(second, ValidationError), repr(second)
    assert Pledge.objects.filter(cluster=term.cluster, year=YEAR).count() == 1
