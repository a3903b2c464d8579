"""The home page's cached panels (accounts.dashboard, emulation_portal.fragments).

A repeat request runs none of the panels' queries; a write (saved or a queryset update)
shows on the next request; officers of two units never share a cached panel; what moves
with the date or is kept outside the data version is not served stale.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from clusters import services as cluster_services
from reports import services
from reports.deadlines import VIETNAM
from reports.models import Notification, QuarterlyReport
from summaries.models import SummaryFile
from tests.awards.factories import CertificateAwardTypeFactory, NominationFactory
from tests.clusters.factories import ClusterFactory, MembershipFactory, PledgeFactory
from tests.factories import UserFactory
from tests.reports.factories import make_period

pytestmark = pytest.mark.django_db

JUNE = datetime.datetime(2026, 6, 10, 9, tzinfo=VIETNAM)  # Q2/2026 is due before 15/6: 5 days left
# What every page reads: the session, the user (with its organisation) and the user's role groups.
PER_REQUEST = ('"django_session"', '"accounts_user"', '"auth_group"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def frozen():
    with time_machine.travel(JUNE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def period(db):
    return make_period(2026, 2)


@pytest.fixture
def content(unit_a, unit_b, period):
    """Something in every panel of unit A: a notification and a nomination; one nomination of unit B."""
    award = CertificateAwardTypeFactory()
    NominationFactory(
        award_type=award, proposing_organization=unit_a, nominee_organization=None, nominee_person="Hoàng Minh Đức"
    )
    NominationFactory(
        award_type=award, proposing_organization=unit_b, nominee_organization=None, nominee_person="Vũ Thị Thu"
    )
    Notification.objects.create(organization=unit_a, text="Nhắc nhở: hạn nộp Quý 2", link="/reports/")


def panel_queries(queries):
    return [q["sql"] for q in queries if not any(table in q["sql"] for table in PER_REQUEST)]


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html):
    return CSRF.sub("", html)


@pytest.mark.parametrize("persona", ["officer_a_client", "leadership_client", "staff_client"])
def test_a_repeat_request_runs_no_panel_query(request, persona, content, frozen):
    client = request.getfixturevalue(persona)
    first = home(client)
    with CaptureQueriesContext(connection) as queries:
        second = home(client)
    if persona == "staff_client":
        # The reminder task's heartbeat is not in the data version: read every time, and only it.
        assert [re.search(r'FROM "(\w+)"', sql).group(1) for sql in panel_queries(queries)] == ["reports_taskheartbeat"]
    else:
        assert panel_queries(queries) == []
    assert without_tokens(second) == without_tokens(first)


def test_staff_and_leadership_count_the_rates_once(staff_client, leadership_client, content, frozen):
    staff = home(staff_client)
    with CaptureQueriesContext(connection) as queries:
        leadership = home(leadership_client)
    assert not [sql for sql in queries if '"reports_quarterlyreport"' in sql["sql"]]
    rates = re.compile(r"Tỷ lệ nộp báo cáo: <strong>[^<]*</strong> \(\d+/\d+\)")
    assert rates.search(staff).group(0) == rates.search(leadership).group(0)


def test_the_officers_panels_show_on_a_hit(officer_a_client, content, period, frozen):
    home(officer_a_client)
    html = home(officer_a_client)
    assert "Nhắc nhở: hạn nộp Quý 2" in html
    assert "Hoàng Minh Đức" in html
    assert "Còn 5 ngày" in html
    assert reverse("reports:report_edit", args=[period.pk]) in html


def test_a_saved_report_and_a_queryset_update_show_on_the_next_request(
    officer_a_client, staff_client, officer_a, unit_a, content, period, frozen
):
    edit_url = reverse("reports:report_edit", args=[period.pk])
    officer_before, staff_before = home(officer_a_client), home(staff_client)
    assert edit_url in officer_before
    reported = re.compile(r"\((\d+)/(\d+)\)")
    assert reported.search(staff_before).group(1) == "0"

    report = services.save_report(
        organization=unit_a, period=period, by=officer_a, summary="Đã triển khai", submit=True
    )
    officer_after, staff_after = home(officer_a_client), home(staff_client)
    assert edit_url not in officer_after
    assert report.get_absolute_url() in officer_after
    assert reported.search(staff_after).group(1) == "1"

    # Back to a draft behind the services' back: a bulk UPDATE is seen too.
    QuarterlyReport.objects.filter(pk=report.pk).update(status=QuarterlyReport.Status.DRAFT)
    assert edit_url in home(officer_a_client)
    assert reported.search(home(staff_client)).group(1) == "0"


def test_a_nomination_and_a_read_notification_show_on_the_next_request(officer_a_client, unit_a, content, frozen):
    home(officer_a_client)
    NominationFactory(
        award_type=CertificateAwardTypeFactory(),
        proposing_organization=unit_a,
        nominee_organization=None,
        nominee_person="Lê Quang Vinh",
    )
    Notification.objects.filter(organization=unit_a).update(read_at=JUNE)
    html = home(officer_a_client)
    assert "Lê Quang Vinh" in html
    assert "Nhắc nhở: hạn nộp Quý 2" not in html


def test_a_pledge_signed_shows_on_the_next_request(officer_a_client, officer_a, unit_a, frozen):
    cluster = ClusterFactory(name="Cụm thi đua số 9")
    MembershipFactory(cluster=cluster, organization=unit_a, year=2026)
    pledge = PledgeFactory(cluster=cluster, year=2026)
    html = home(officer_a_client)
    assert "Cụm thi đua số 9" in html
    assert "Đơn vị của bạn đã ký giao ước." not in html
    cluster_services.sign_pledge(pledge=pledge, organization=unit_a, by=officer_a)
    assert "Đơn vị của bạn đã ký giao ước." in home(officer_a_client)


def test_an_officer_of_unit_b_never_sees_unit_as_cached_panels(officer_a_client, officer_b_client, content, frozen):
    html_a = home(officer_a_client)
    html_b = home(officer_b_client)
    assert "Hoàng Minh Đức" in html_a
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in html_a
    assert "Vũ Thị Thu" in html_b
    for of_a in ("Hoàng Minh Đức", "Nhắc nhở: hạn nộp Quý 2", "Sở Thông tin và Truyền thông tỉnh Gia Lai"):
        assert of_a not in html_b
    assert "Vũ Thị Thu" not in home(officer_a_client)


def test_a_colleague_reuses_the_cached_panels_with_a_csrf_token_of_their_own(officer_a_client, unit_a, content, frozen):
    # Officer A fills the cache; a colleague of the same unit gets those panels, and the
    # notification's button posts the page's own form with the colleague's token.
    home(officer_a_client)
    colleague = UserFactory(username="officer_a2", organization=unit_a, role=Role.OFFICER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(colleague)
    html = home(client)
    note = Notification.objects.get()
    action = reverse("reports:notification_open", args=[note.pk])
    assert f'form="home-post" formaction="{action}"' in html
    form = re.search(r'<form id="home-post" method="post" hidden>(.*?)</form>', html).group(1)
    token = CSRF.search(form).group(1)
    assert client.post(action).status_code == 403  # the token is needed
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_days_left_follow_the_date_without_a_write(officer_a_client, content, frozen):
    # Two minutes apart, across midnight: well within the cached part's 10 minutes.
    frozen.move_to(datetime.datetime(2026, 6, 10, 23, 59, tzinfo=VIETNAM))
    assert "Còn 5 ngày" in home(officer_a_client)
    frozen.move_to(datetime.datetime(2026, 6, 11, 0, 1, tzinfo=VIETNAM))
    html = home(officer_a_client)
    assert "Còn 4 ngày" in html
    assert "Còn 5 ngày" not in html


def test_the_heartbeat_is_read_on_every_request(staff_client, period, frozen):
    assert "chưa chạy lần nào" in home(staff_client)
    services.record_heartbeat(name=services.REMINDER_TASK)
    assert "chưa chạy lần nào" not in home(staff_client)


def test_a_summary_built_shows_on_the_home_page_within_a_minute(leadership_client, leadership_user, frozen):
    # Summary files are outside the data version (their progress is written often).
    assert "/dashboard/files/" not in home(leadership_client)
    summary = SummaryFile.objects.create(
        kind=SummaryFile.Kind.COMPLIANCE,
        title="Tình hình nộp báo cáo quý, Quý 2/2026",
        fingerprint="x",
        status=SummaryFile.Status.READY,
        file="summaries/q2-2026.pdf",
        requested_by=leadership_user,
    )
    frozen.move_to(JUNE + datetime.timedelta(minutes=1))
    assert summary.get_absolute_url() in home(leadership_client)
