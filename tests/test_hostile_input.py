"""Hostile query strings on every list and filter page: a clear answer, never a 500.

Run on PostgreSQL too (DATABASE_URL): it refuses NUL characters that SQLite accepts.
"""

import datetime
import os
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Organization, User
from campaigns.models import Campaign
from clusters.models import Cluster

HOSTILE = [
    "²",
    "٣",
    "\x00",
    "a\x00b",
    "9999-12-31",
    "NaN",
    "-1",
    "99999999999999999999",
    "' OR 1=1 --",
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


# ---- forms: every field of every form a persona reaches, filled with a hostile value ---------

FORM_VALUES = [
    "9999-12-31",
    "31/12/9999",
    "NaN",
    "Tiêu chí | NaN",
    "²",
    "a\x00b",
    "99999999999999999999",
]
# Posting these would end the session or change the language, not test a form.
SKIP_ACTIONS = ("/accounts/logout/", "/i18n/")


class _Forms(HTMLParser):
    """Links and POST forms of a page: (action, {name: value}) with every field's name."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.add(attrs["href"].split("#")[0])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = (attrs.get("action") or "", {})
            self.forms.append(self._form)
        elif tag in {"input", "select", "textarea"} and self._form is not None and attrs.get("name"):
            self._form[1][attrs["name"]] = (attrs.get("type") or tag, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _shape(path):
    """One URL per pattern: /clusters/6/2026/term/ and /clusters/7/2025/term/ are the same page."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _reachable_forms(client):
    """The POST forms on the list pages and on one page of each kind reached in two clicks from them."""
    seen, forms = {}, {}
    queue = [page for page in _pages() if "export" not in page]
    for depth in range(3):
        next_queue = []
        for path in queue:
            if _shape(path) in seen or path.startswith(SKIP_ACTIONS) or "/admin/" in path:
                continue
            seen[_shape(path)] = path
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for action, fields in parser.forms:
                target = action or path
                if not target.startswith(SKIP_ACTIONS):
                    forms.setdefault(_shape(target), (target, fields))
            if depth < 2:
                next_queue += sorted(parser.links)
        queue = next_queue
    # Pledge forms sit deeper: open each one the persona may reach directly.
    for path in _pledge_pages():
        response = client.get(path)
        if response.status_code == 200:
            parser = _Forms()
            parser.feed(response.content.decode())
            for action, fields in parser.forms:
                if not (action or path).startswith(SKIP_ACTIONS):
                    forms.setdefault(action or path, (action or path, fields))
    return list(forms.values())


def _pledge_pages():
    from clusters.models import ClusterMembership, ClusterTerm, Pledge

    pages = []
    for pledge in Pledge.objects.order_by("pk"):
        pages += [f"/clusters/pledges/{pledge.pk}/{suffix}" for suffix in ("", "edit/", "assessment/", "review/")]
        members = ClusterMembership.objects.filter(cluster_id=pledge.cluster_id, year=pledge.year)
        pages += [f"/clusters/pledges/{pledge.pk}/review/{m.organization_id}/" for m in members[:2]]
    for term in ClusterTerm.objects.order_by("pk"):
        pages.append(f"/clusters/{term.cluster_id}/{term.year}/pledge/new/")
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["vutdkt", "gialai", "lanhdao"])
def test_hostile_form_values_never_give_a_server_error(demo_db, username):
    from clusters.models import Pledge

    # Open the self-assessment of every pledge (rolled back after the test) so its form is reached.
    Pledge.objects.update(
        assessment_due_on=timezone.localdate() + datetime.timedelta(days=30), ranking_published_at=None
    )
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    forms = _reachable_forms(client)
    assert forms, "the crawl found no form"
    failures = []
    for action, fields in forms:
        for value in FORM_VALUES:
            data = {
                name: (kept if kind in {"hidden", "submit", "checkbox", "radio", "file"} else value)
                for name, (kind, kept) in fields.items()
            }
            response = client.post(action, data)
            if response.status_code >= 500:
                failures.append(f"POST {action} with {value!r}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("score", ["NaN", "sNaN", "Infinity", "-Infinity", "1e400", "99999"])
def test_criteria_scores_that_are_not_numbers_are_refused_with_a_message(score):
    from django import forms

    from clusters.forms import parse_criteria

    with pytest.raises(forms.ValidationError) as error:
        parse_criteria(f"Hoàn thành nhiệm vụ chuyên môn | {score}")
    assert "Dòng 1" in error.value.messages[0]


@pytest.mark.django_db
def test_a_pledge_with_a_nan_score_is_answered_with_the_form(demo_db):
    from clusters.models import ClusterTerm, Pledge

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="gialai"))
    pledged = set(Pledge.objects.values_list("cluster_id", "year"))
    term = next(
        t
        for t in ClusterTerm.objects.filter(chair__code="so-tttt-gia-lai").order_by("-year")
        if (t.cluster_id, t.year) not in pledged
    )
    before = Pledge.objects.count()
    response = client.post(
        f"/clusters/{term.cluster_id}/{term.year}/pledge/new/",
        {"criteria": "Hoàn thành nhiệm vụ | NaN", "signing_place": "Gia Lai", "note": ""},
    )
    assert response.status_code == 200
    assert "điểm tối đa phải là một số nhỏ hơn 10000" in response.content.decode()
    assert Pledge.objects.count() == before


@pytest.mark.django_db
def test_a_lock_exception_until_year_9999_is_refused_with_a_message(demo_db):
    from reports.models import LockException, ReportingPeriod

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="vutdkt"))
    period = ReportingPeriod.objects.order_by("pk").first()
    unit = Organization.objects.get(code="so-tttt-gia-lai")
    before = LockException.objects.count()
    response = client.post(
        f"/reports/periods/{period.pk}/units/{unit.pk}/exception/", {"reason": "Mất điện", "until": "31/12/9999"}
    )
    assert response.status_code < 500
    assert LockException.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "param"),
    [("/campaigns/{campaign}/", "year"), ("/campaigns/new/", "directive"), ("/reports/reminders/", "period")],
)
def test_an_invalid_number_in_the_address_is_ignored_with_a_message(demo_db, path, param):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="vutdkt"))
    url = path.format(campaign=Campaign.objects.order_by("pk").first().pk)
    message = f"Giá trị của “{param}” trên địa chỉ trang không hợp lệ và đã được bỏ qua."
    for _visit in ("rendered", "its cached parts reused"):
        response = client.get(url, {param: "²"})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert "không hợp lệ" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_id_no_table_can_hold_is_an_unknown_choice(demo_db):
    from campaigns.models import Directive

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="vutdkt"))
    before = Directive.objects.count()
    response = client.post(
        "/campaigns/directives/new/",
        {"number": "99/CT-BTTTT", "year": "2026", "title": "Chỉ thị (minh họa)", "related_directives": "9" * 20},
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert Directive.objects.count() == before
