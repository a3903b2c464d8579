"""The reports pages' cached parts (emulation_portal.fragments) and the matrix's review-status filter."""

import csv
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation_portal import fragments
from reports import selectors, services
from reports.models import QuarterlyReport, Reminder
from tests.factories import OrganizationFactory

from .conftest import vn
from .factories import QuarterlyReportFactory, make_period

pytestmark = pytest.mark.django_db

JUNE = vn(2026, 6, 10, 9)
JULY = vn(2026, 7, 20, 9)  # Q2's deadline (15/6) has passed, Q3 (from 1/7) is open
# Tables only a costly (cached) part reads; the session, the user and the heartbeat stay cheap.
COSTLY = (
    '"reports_quarterlyreport"',
    '"reports_reportingperiod"',
    '"reports_reminder"',
    '"accounts_organization"',
    '"clusters_cluster"',
    '"clusters_clustermembership"',
)


@pytest.fixture
def frozen():
    with time_machine.travel(JUNE, tick=False):
        yield


def costly(queries):
    """The queries of a cached part (the user's own row, with its organisation, is read on every page)."""
    return [
        q["sql"]
        for q in queries
        if 'FROM "accounts_user"' not in q["sql"] and any(table in q["sql"] for table in COSTLY)
    ]


def get_twice(client, url, params=None):
    """The first (miss) and second (hit) responses, and the second one's queries."""
    first = client.get(url, params or {})
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url, params or {})
    return first, second, queries


def rows(html):
    return html.count('scope="row" class="fw-normal"')


# ---- cached parts --------------------------------------------------------------------------


def test_matrix_repeat_runs_no_costly_query(staff_client, unit_a, unit_b, period, frozen):
    first, second, queries = get_twice(staff_client, reverse("reports:matrix"), {"year": 2026})
    assert first.status_code == second.status_code == 200
    assert costly(queries) == []
    assert "Sở TTTT Gia Lai" in second.content.decode()


def test_matrix_shows_a_change_made_by_a_queryset_update_on_the_next_request(
    staff_client, unit_a, officer_a, period, frozen
):
    url = reverse("reports:matrix")
    services.save_report(organization=unit_a, period=period, by=officer_a, summary="Đã triển khai", submit=True)
    assert "Chờ xem xét" in staff_client.get(url, {"year": 2026}).content.decode()
    QuarterlyReport.objects.filter(organization=unit_a).update(status="accepted")
    html = staff_client.get(url, {"year": 2026}).content.decode()
    assert "Chờ xem xét" not in html
    assert "Đã tiếp nhận" in html


def test_matrix_keeps_the_heartbeat_outside_the_cached_part(staff_client, period, frozen):
    url = reverse("reports:matrix")
    assert "chưa chạy lần nào" in staff_client.get(url).content.decode()
    services.record_heartbeat(name=services.REMINDER_TASK)  # not a write that changes the data version
    html = staff_client.get(url).content.decode()
    assert "chưa chạy lần nào" not in html
    assert "Tác vụ đôn đốc chạy lần cuối" in html


def test_matrix_part_cached_for_staff_is_not_shown_to_leadership_or_officers(
    staff_client, leadership_client, officer_b_client, unit_a, period, frozen
):
    url = reverse("reports:matrix")
    staff_html = staff_client.get(url, {"year": 2026}).content.decode()
    assert reverse("reports:review_queue") in staff_html
    leadership_html = leadership_client.get(url, {"year": 2026}).content.decode()
    assert "Sở TTTT Gia Lai" in leadership_html
    assert reverse("reports:review_queue") not in leadership_html  # staff's buttons stay staff's
    response = officer_b_client.get(url, {"year": 2026})
    assert response.status_code == 403
    assert "Sở TTTT Gia Lai" not in response.content.decode()


def test_matrix_pages_cost_the_same_on_a_miss_and_nothing_on_a_hit(staff_client, period, monkeypatch, frozen):
    from reports import views

    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 4)
    for i in range(20):
        OrganizationFactory(code=f"unit-{i}")
    counts = {}
    for page in (1, 5):
        fragments.bump()  # each page rebuilt, as after a write
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(reverse("reports:matrix"), {"year": 2026, "page": page})
        counts[page] = len(queries)
        _first, second, hit = get_twice(staff_client, reverse("reports:matrix"), {"year": 2026, "page": page})
        assert costly(hit) == []
        assert rows(second.content.decode()) == 4
    assert counts[1] == counts[5]


def test_my_reports_repeat_runs_no_costly_query_and_shows_a_change(officer_a_client, unit_a, period, frozen):
    url = reverse("reports:my_reports")
    _first, second, queries = get_twice(officer_a_client, url)
    assert costly(queries) == []
    assert "Chưa lập" in second.content.decode()
    QuarterlyReportFactory(organization=unit_a, period=period)  # a draft
    assert "Bản nháp" in officer_a_client.get(url).content.decode()


def test_my_reports_part_belongs_to_one_unit(officer_a_client, officer_b_client, unit_a, unit_b, period, frozen):
    url = reverse("reports:my_reports")
    assert unit_a.name in officer_a_client.get(url).content.decode()
    html = officer_b_client.get(url).content.decode()
    assert unit_b.name in html
    assert unit_a.name not in html


def test_my_reports_counts_the_days_down_on_a_new_day(officer_a_client, period):
    url = reverse("reports:my_reports")
    with time_machine.travel(JUNE, tick=False):
        assert "Còn 5 ngày" in officer_a_client.get(url).content.decode()
    with time_machine.travel(vn(2026, 6, 11, 9), tick=False):
        assert "Còn 4 ngày" in officer_a_client.get(url).content.decode()


def test_reminder_log_repeat_runs_no_costly_query_and_shows_a_change(staff_client, unit_a, period):
    reminder = services.claim_reminder(organization=unit_a, period=period, rule="overdue", channel="email")
    url = reverse("reports:reminder_log")
    _first, second, queries = get_twice(staff_client, url)
    assert costly(queries) == []
    assert "Sở TTTT Gia Lai" in second.content.decode()
    Reminder.objects.filter(pk=reminder.pk).update(outcome=Reminder.Outcome.FAILED)
    assert "Không gửi được; sẽ không thử lại." in staff_client.get(url).content.decode()


def test_reminder_log_page_50_costs_what_page_1_costs(staff_client, period, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "REMINDERS_PER_PAGE", 1)
    for i in range(60):
        services.claim_reminder(
            organization=OrganizationFactory(code=f"r{i}"), period=period, rule="overdue", channel="email"
        )
    counts = {}
    for page in (1, 50):
        fragments.bump()  # each page rebuilt, as after a write
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(reverse("reports:reminder_log"), {"page": page})
        counts[page] = len(queries)
        _first, _second, hit = get_twice(staff_client, reverse("reports:reminder_log"), {"page": page})
        assert costly(hit) == []
    assert counts[1] == counts[50]


# ---- the review-status filter ----------------------------------------------------------------


@pytest.fixture
def statuses(db):
    """Units named after their Q2/2026 report's status; Q3 opened later, with no report at all."""
    q2, q3 = make_period(2026, 2), make_period(2026, 3)
    units = {}
    for status in ("none", "draft", "submitted", "accepted", "returned", "excused"):
        unit = units[status] = OrganizationFactory(code=f"unit-{status}", short_name=f"Đơn vị {status}")
        if status != "none":
            submitted = JUNE if status in ("submitted", "accepted", "returned") else None
            QuarterlyReportFactory(
                organization=unit, period=q2, status=status, first_submitted_at=submitted, submitted_at=submitted
            )
    return q2, q3, units


def codes(units):
    return {unit.code.removeprefix("unit-") for unit in units}


@pytest.mark.parametrize(
    ("status", "quarter", "expected"),
    [
        ("", None, {"none", "draft", "submitted", "accepted", "returned", "excused"}),
        ("submitted", None, {"submitted"}),
        ("accepted", 2, {"accepted"}),
        ("returned", None, {"returned"}),
        ("excused", None, {"excused"}),
        ("missing", 2, {"none", "draft"}),
        ("overdue", 2, {"none", "draft"}),
        # Q3 is open and nobody has reported: every unit; not overdue until 15/9.
        ("missing", 3, {"none", "draft", "submitted", "accepted", "returned", "excused"}),
        ("overdue", 3, set()),
        ("submitted", 3, set()),
        ("missing", 4, set()),  # not open yet: nobody can have reported
    ],
)
def test_matrix_units_filtered_by_review_status(statuses, status, quarter, expected):
    with time_machine.travel(JULY, tick=False):
        assert codes(selectors.matrix_units(2026, status=status, quarter=quarter)) == expected


def test_missing_is_not_overdue_before_the_deadline(statuses):
    with time_machine.travel(JUNE, tick=False):
        assert codes(selectors.matrix_units(2026, status="missing", quarter=2)) == {"none", "draft"}
        assert codes(selectors.matrix_units(2026, status="overdue", quarter=2)) == set()


def test_a_unit_that_had_ended_is_not_missing(statuses):
    q2, _q3, _units = statuses
    ended = OrganizationFactory(code="unit-ended", valid_until=q2.reference_day.replace(day=1))
    with time_machine.travel(JULY, tick=False):
        assert ended.code not in {u.code for u in selectors.matrix_units(2026, status="missing", quarter=2)}


def test_matrix_page_filters_by_review_status_keeping_pages_and_exports(staff_client, statuses, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 1)
    url = reverse("reports:matrix")
    with time_machine.travel(JULY, tick=False):
        html = staff_client.get(url, {"year": 2026, "status": "missing", "quarter": 2}).content.decode()
        assert rows(html) == 1
        assert "Hiển thị 1–1 trên tổng số 2" in html  # two units, one per page
        assert "status=missing&amp;quarter=2&amp;page=2" in html  # the pages keep the filter
        assert "export.csv?year=2026&amp;status=missing&amp;quarter=2" in html
        assert 'value="missing" selected' in html
        export = staff_client.get(
            reverse("reports:matrix_export", args=["csv"]), {"year": 2026, "status": "missing", "quarter": 2}
        )
    names = [row[0] for row in csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))]
    shown = {unit.name for unit in statuses[2].values() if unit.code in ("unit-none", "unit-draft")}
    assert shown <= set(names)
    assert statuses[2]["submitted"].name not in names


def test_matrix_xlsx_takes_the_review_status_filter(staff_client, statuses, django_capture_on_commit_callbacks):
    from summaries.models import SummaryFile

    with time_machine.travel(JULY, tick=False), django_capture_on_commit_callbacks(execute=True):
        staff_client.get(reverse("reports:matrix_export", args=["xlsx"]), {"year": 2026, "status": "submitted"})
    summary = SummaryFile.objects.get()
    assert summary.parameters["status"] == "submitted"
    from openpyxl import load_workbook

    sheet = load_workbook(summary.file.path).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert statuses[2]["submitted"].name in names
    assert statuses[2]["accepted"].name not in names


def test_an_unknown_review_status_is_ignored(staff_client, statuses):
    with time_machine.travel(JULY, tick=False):
        html = staff_client.get(reverse("reports:matrix"), {"year": 2026, "status": "nonsense"}).content.decode()
    assert rows(html) == 6


@pytest.mark.parametrize("count", [4, 40])
def test_matrix_status_filter_query_count_is_flat(staff_client, period, count, django_assert_max_num_queries):
    for i in range(count):
        unit = OrganizationFactory(code=f"unit-{i}")
        if i % 2:
            QuarterlyReportFactory(
                organization=unit, period=period, status="submitted", first_submitted_at=JUNE, submitted_at=JUNE
            )
    with time_machine.travel(JULY, tick=False), django_assert_max_num_queries(14):
        response = staff_client.get(reverse("reports:matrix"), {"year": 2026, "status": "submitted"})
    assert rows(response.content.decode()) == count // 2
