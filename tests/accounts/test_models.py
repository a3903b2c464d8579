import datetime

import pytest
from django.db import IntegrityError

from accounts.models import Organization, User
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_active_on_respects_inclusive_validity_bounds():
    merged = OrganizationFactory(valid_from=datetime.date(2019, 1, 1), valid_until=datetime.date(2025, 6, 30))
    current = OrganizationFactory()

    assert set(Organization.objects.active_on(datetime.date(2025, 6, 30))) == {merged, current}
    assert set(Organization.objects.active_on(datetime.date(2025, 7, 1))) == {current}
    assert list(Organization.objects.active_on(datetime.date(2018, 12, 31))) == [current]
    assert merged.is_active_on(datetime.date(2025, 6, 30))
    assert not merged.is_active_on(datetime.date(2025, 7, 1))


def test_validity_period_must_be_ordered():
    with pytest.raises(IntegrityError):
        OrganizationFactory(valid_from=datetime.date(2025, 7, 1), valid_until=datetime.date(2025, 6, 30))


def test_organization_cannot_succeed_itself():
    org = OrganizationFactory()
    org.successor = org
    with pytest.raises(IntegrityError):
        org.save()


def test_email_is_unique_ignoring_case():
    UserFactory(username="a", email="Can.Bo@example.vn")
    with pytest.raises(IntegrityError):
        UserFactory(username="b", email="can.bo@EXAMPLE.vn")


def test_users_without_email_do_not_collide():
    UserFactory(username="a", email="")
    UserFactory(username="b", email="")
    assert User.objects.filter(email="").count() == 2


def test_active_during_a_year_counts_any_day_of_it():
    merged = OrganizationFactory(valid_until=datetime.date(2025, 6, 30))
    new = OrganizationFactory(valid_from=datetime.date(2025, 7, 1))
    assert set(Organization.objects.active_during(2025)) == {merged, new}
    assert list(Organization.objects.active_during(2026)) == [new]
    assert list(Organization.objects.active_during(2024)) == [merged]
    assert [merged.is_active_during(y) for y in (2024, 2025, 2026)] == [True, True, False]
