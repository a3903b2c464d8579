import pytest
from django.contrib.auth.models import Group

from accounts.permissions import is_leadership, is_ministry_staff, is_unit_officer, primary_role
from accounts.roles import Role, sync_role_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_staff_may_view_organisations_and_leadership_only_view():
    sync_role_groups()
    staff = set(Group.objects.get(name=Role.STAFF).permissions.values_list("codename", flat=True))
    leadership = set(Group.objects.get(name=Role.LEADERSHIP).permissions.values_list("codename", flat=True))
    assert "view_organization" in staff
    assert all(code.startswith("view_") for code in leadership)
    assert not any(code.startswith("delete_") for code in staff)


def test_sync_is_idempotent():
    sync_role_groups()
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    sync_role_groups()
    assert before == {g.name: set(g.permissions.all()) for g in Group.objects.all()}


def test_role_predicates(staff_user, leadership_user, officer_a, outsider):
    assert is_ministry_staff(staff_user)
    assert not is_ministry_staff(officer_a)
    assert is_leadership(leadership_user)
    assert not is_leadership(staff_user)
    assert is_unit_officer(officer_a)
    assert not is_unit_officer(outsider)
    assert primary_role(outsider) is None
    assert primary_role(UserFactory(is_superuser=True)) == Role.STAFF


def test_officer_without_organisation_is_not_an_officer():
    assert not is_unit_officer(UserFactory(role=Role.OFFICER))
