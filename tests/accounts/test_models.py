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


def test_sort_name_orders_units_in_vietnamese_alphabetical_order_in_the_database():
    for code, name, short_name in (
        ("e", "Sở TTTT Điện Biên", ""),
        ("d", "Sở TTTT tỉnh Đắk Lắk", "Sở TTTT Đắk Lắk"),
        ("y", "Sở TTTT tỉnh Yên Bái", "Sở TTTT Yên Bái"),
        ("z", "Sở TTTT tỉnh Dak", "Sở TTTT Dak"),
        ("a", "Sở TTTT tỉnh An Giang", "Sở TTTT An Giang"),
    ):
        OrganizationFactory(code=code, name=name, short_name=short_name)
    ordered = Organization.objects.filter(code__in="edyza").order_by("sort_name")
    # Đ after D and before E, by the name shown (the short name when there is one).
    assert [o.code for o in ordered] == ["a", "z", "d", "e", "y"]


def test_sort_name_follows_a_renamed_short_name():
    org = OrganizationFactory(code="x", name="Sở TTTT tỉnh Yên Bái", short_name="Sở TTTT Yên Bái")
    first = OrganizationFactory(code="b", name="Sở TTTT tỉnh Bắc Ninh", short_name="Sở TTTT Bắc Ninh")
    org.short_name = "Sở TTTT An Giang"
    org.save(update_fields=["short_name"])
    assert list(Organization.objects.filter(pk__in=[org.pk, first.pk]).order_by("sort_name")) == [org, first]
