"""Hostile query strings on every list and filter page: a clear answer, never a 500.

Run on PostgreSQL too (DATABASE_URL): it refuses NUL characters that SQLite accepts.
"""

import os

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from campaigns.models import Campaign
from clusters.models import Cluster

HOSTILE = [
    "²",
    "٣",
    "\x00",
    "a\x00b",
    "9999-12-31",
    "0000-00-00",
    "NaN",
    "inf",
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "%",
    "_",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    " ",
    "x" * 2000,
]
PARAMS = ["q", "year", "directive", "period", "kind", "status", "field", "cluster", "province", "outcome", "page"]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- closed with the process
        yield
        call_command("flush", interactive=False, verbosity=0)


def _pages():
    campaign = Campaign.objects.order_by("pk").first()
    cluster = Cluster.objects.order_by("pk").first()
    return [
        "/",
        "/accounts/organizations/",
        "/accounts/profile/",
        "/campaigns/",
        "/campaigns/directives/",
        "/campaigns/new/",
        f"/campaigns/{campaign.pk}/",
        "/clusters/",
        f"/clusters/{cluster.pk}/",
        "/reports/",
        "/reports/matrix/",
        "/reports/matrix/export.csv",
        "/reports/matrix/export.xlsx",
        "/reports/reminders/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["vutdkt", "gialai"])
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:12]))
def test_hostile_query_values_never_give_a_server_error(demo_db, username, value):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    failures = []
    for page in _pages():
        for param in PARAMS:
            response = client.get(page, {param: value})
            if response.status_code >= 500:
                failures.append(f"{page}?{param}={value[:20]!r}: {response.status_code}")
        # Every parameter at once, as a crafted link would send them.
        response = client.get(page, dict.fromkeys(PARAMS, value))
        if response.status_code >= 500:
            failures.append(f"{page}?<all>={value[:20]!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
