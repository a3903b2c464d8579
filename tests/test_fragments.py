"""Cached page parts: any write to the portal's tables retires them at once, on any path."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organization
from emulation_portal import fragments

from .factories import OrganizationFactory

ORGANIZATIONS = reverse("accounts:organization_list")


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "reports_report" ("a") VALUES (%s)', True),
        ('UPDATE "accounts_organization" SET "name" = %s', True),
        ('DELETE FROM "awards_nomination" WHERE "id" = %s', True),
        ("update accounts_user set last_login = now()", True),
        ('SELECT "reports_report"."id" FROM "reports_report"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("a") VALUES (%s)', False),
        ('UPDATE "summaries_summaryfile" SET "progress" = %s', False),
    ],
)
def test_which_statements_change_the_data_version(sql, writes):
    assert fragments.writes_portal_table(sql) is writes


@pytest.mark.django_db
def test_a_save_a_bulk_update_and_a_delete_each_set_a_new_version():
    organization = OrganizationFactory()
    seen = {fragments.data_version()}
    organization.name = "Sở mới"
    organization.save()
    seen.add(fragments.data_version())
    Organization.objects.filter(pk=organization.pk).update(short_name="Sở")
    seen.add(fragments.data_version())
    organization.delete()
    seen.add(fragments.data_version())
    assert len(seen) == 4


@pytest.mark.django_db
def test_reads_and_session_writes_keep_the_version():
    OrganizationFactory()
    version = fragments.data_version()
    list(Organization.objects.all())
    Session.objects.create(session_key="x" * 32, session_data="", expire_date="2030-01-01T00:00Z")
    assert fragments.data_version() == version


@pytest.mark.django_db(transaction=True)
def test_a_part_rendered_while_a_transaction_was_open_is_not_reused_after_commit():
    with transaction.atomic():
        OrganizationFactory()
        during = fragments.data_version()  # what a page rendered now, from the old rows, would be keyed on
    assert fragments.data_version() != during


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_still_registers_the_next_commit():
    def fail_after_a_write():
        with transaction.atomic():
            OrganizationFactory()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_a_write()
    with transaction.atomic():
        OrganizationFactory()
        during = fragments.data_version()
    assert fragments.data_version() != during


def test_a_write_in_one_process_is_seen_by_another_through_the_directory(settings, tmp_path):
    # The settings' default: the version in a folder that web, worker and beat share.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    worker = FileBasedCache(str(tmp_path), {})  # another process reading the same folder
    seen = fragments.data_version()
    assert worker.get(fragments.VERSION_KEY) == seen
    fragments.bump()  # a write here...
    assert worker.get(fragments.VERSION_KEY) not in (None, seen)  # ...retires the other process's parts
    assert worker.get(fragments.VERSION_KEY) == fragments.data_version()


def test_scope_separates_roles_and_organisations(staff_user, officer_a, officer_b, leadership_user):
    scopes = {fragments.scope(user) for user in (staff_user, officer_a, officer_b, leadership_user)}
    assert len(scopes) == 4


def test_the_organisation_list_is_reused_until_a_unit_changes(client, staff_user, unit_a):
    client.force_login(staff_user)
    assert unit_a.name in client.get(ORGANIZATIONS).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(ORGANIZATIONS)
    assert not [q for q in queries if q["sql"].count('FROM "accounts_organization"') and "ORDER BY" in q["sql"]]
    # A bulk update sends no signal; the write itself retires the cached table.
    Organization.objects.filter(pk=unit_a.pk).update(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai")
    page = client.get(ORGANIZATIONS).content.decode()
    assert "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai" in page


def test_each_query_string_has_its_own_part(client, staff_user, unit_a, unit_b):
    client.force_login(staff_user)
    assert unit_b.name in client.get(ORGANIZATIONS).content.decode()
    page = client.get(ORGANIZATIONS, {"q": "gia lai"}).content.decode()
    assert unit_a.name in page
    assert unit_b.name not in page


@pytest.mark.django_db
def test_an_unwritable_cache_neither_fails_a_write_nor_reuses_a_part(settings, tmp_path, client, staff_user, unit_a):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(blocked)},
        "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "blocked"},
    }
    unit_a.name = "Sở Khoa học và Công nghệ tỉnh Gia Lai"
    unit_a.save()  # the write succeeds although no version can be stored
    assert fragments.data_version() != fragments.data_version()
    client.force_login(staff_user)
    assert "Sở Khoa học và Công nghệ tỉnh Gia Lai" in client.get(ORGANIZATIONS).content.decode()


def test_a_removed_role_takes_effect_on_the_next_request(client, staff_user):
    client.force_login(staff_user)
    page = client.get(ORGANIZATIONS).content.decode()
    assert ORGANIZATIONS in page  # the staff navigation links the list
    staff_user.groups.clear()  # the role is taken away: kept role names and navigation are not reused
    assert client.get(ORGANIZATIONS).status_code == 403
    assert ORGANIZATIONS not in client.get(reverse("home")).content.decode()
