import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from clusters.models import ClusterTerm

from .conftest import YEAR
from .factories import ClusterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_unit_is_in_at_most_one_cluster_per_year(cluster, unit_a):
    with pytest.raises(IntegrityError):
        MembershipFactory(cluster=ClusterFactory(), organization=unit_a, year=YEAR, rotation_order=1)


def test_rotation_order_is_unique_within_cluster_and_year(cluster, unit_a):
    from tests.factories import OrganizationFactory

    with pytest.raises(IntegrityError):
        MembershipFactory(cluster=cluster, organization=OrganizationFactory(), year=YEAR, rotation_order=1)


def test_term_chair_and_vice_chair_must_differ(cluster, unit_a):
    term = ClusterTerm(cluster=cluster, year=YEAR, chair=unit_a, vice_chair=unit_a, selection="rotation")
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "vice_chair" in error.value.message_dict


def test_term_units_must_be_members_that_year(cluster, unit_a, unit_b):
    term = ClusterTerm(cluster=cluster, year=YEAR + 1, chair=unit_a, vice_chair=unit_b, selection="rotation")
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert set(error.value.message_dict) >= {"chair", "vice_chair"}


def test_term_decision_needs_number_and_date(cluster, unit_a, unit_b):
    term = ClusterTerm(
        cluster=cluster, year=YEAR, chair=unit_a, vice_chair=unit_b, selection="rotation", decision_number="12/QĐ"
    )
    with pytest.raises(ValidationError):
        term.full_clean()


def test_chair_not_vice_chair_is_a_database_constraint(cluster, unit_a):
    with pytest.raises(IntegrityError):
        ClusterTerm.objects.create(cluster=cluster, year=YEAR, chair=unit_a, vice_chair=unit_a, selection="rotation")
