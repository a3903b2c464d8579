import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from emulation_portal import fragments
from reports import services
from reports.models import LockException, Notification, QuarterlyReport, Reminder, StatusChange
from tests.factories import OrganizationFactory
from tests.files import PDF, XLSX

from .conftest import vn
from .factories import QuarterlyReportFactory, make_period

pytestmark = pytest.mark.django_db

JUNE = vn(2026, 6, 10, 9)


@pytest.fixture
def frozen():
    with time_machine.travel(JUNE, tick=False):
        yield


@pytest.fixture
def submitted_a(unit_a, officer_a, period):
    with time_machine.travel(JUNE, tick=False):
        return services.save_report(
            organization=unit_a, period=period, by=officer_a, summary="Đã triển khai", submit=True
        )


def edit_url(period):
    return reverse("reports:report_edit", args=[period.pk])


# ---- officer: my reports, the form ----------------------------------------------------


def test_my_reports_shows_open_period_and_days_left(officer_a_client, period, frozen):
    html = officer_a_client.get(reverse("reports:my_reports")).content.decode()
    assert "Báo cáo Quý 2/2026" in html
    assert "Còn 5 ngày" in html
    assert edit_url(period) in html


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client", "outsider_client"])
def test_my_reports_is_for_officers(request, persona):
    assert request.getfixturevalue(persona).get(reverse("reports:my_reports")).status_code == 403


def test_officer_saves_a_draft_then_submits_with_sections(officer_a_client, unit_a, period, campaign, frozen):
    target = campaign.targets.get(target_value__isnull=False)
    field = f"c{campaign.pk}_t{target.pk}"
    form = officer_a_client.get(edit_url(period)).content.decode()
    assert campaign.name in form
    assert f'name="{field}"' in form
    data = {
        "summary": "Tổng quan",
        f"c{campaign.pk}_activities": "Tổ chức hội nghị",
        f"c{campaign.pk}_results": "Tốt",
        field: "85,5",
        "version": 0,
        "save": "",
    }
    response = officer_a_client.post(edit_url(period), data)
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(organization=unit_a, period=period)
    assert report.status == "draft"
    assert str(report.sections.get().figures.get().value) == "85.5000"
    data.pop("save")
    data["submit"] = ""
    data["version"] = report.version
    data["attachment"] = SimpleUploadedFile("bao-cao.pdf", PDF)
    response = officer_a_client.post(edit_url(period), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.first_submitted_at == JUNE
    assert report.attachments.get().original_name == "bao-cao.pdf"
    html = officer_a_client.get(response.url).content.decode()
    assert "Đã nộp" in html
    assert "Đúng hạn" in html
    assert "Tổ chức hội nghị" in html


def test_figures_must_be_numbers(officer_a_client, unit_a, period, campaign, frozen):
    target = campaign.targets.get(target_value__isnull=False)
    response = officer_a_client.post(edit_url(period), {f"c{campaign.pk}_t{target.pk}": "tám mươi", "submit": ""})
    assert response.status_code == 200
    assert "Nhập một số" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_bad_attachment_is_refused(officer_a_client, period, frozen):
    upload = SimpleUploadedFile("script.exe", b"MZ")
    response = officer_a_client.post(edit_url(period), {"attachment": upload, "save": ""})
    assert response.status_code == 200
    assert "Chỉ được đính kèm các loại tệp: PDF, DOCX, XLSX" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_late_submission_is_marked_late(officer_a_client, unit_a, period):
    with time_machine.travel(vn(2026, 6, 15, 0, 0), tick=False):
        response = officer_a_client.post(edit_url(period), {"summary": "Muộn", "version": 0, "submit": ""}, follow=True)
    assert "nộp muộn" in response.content.decode()
    assert QuarterlyReport.objects.get(organization=unit_a).is_late


def test_locked_period_refuses_the_form(officer_a_client, period):
    with time_machine.travel(vn(2026, 7, 15, 0, 0), tick=False):
        assert officer_a_client.get(edit_url(period)).status_code == 403
        response = officer_a_client.post(edit_url(period), {"summary": "Văn bản đang soạn", "submit": ""})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Văn bản đang soạn" in html  # what the officer typed is shown back, not lost
    assert "Kỳ báo cáo đã khóa sổ" in html
    assert not QuarterlyReport.objects.exists()


def test_submitted_report_form_redirects_to_the_report(officer_a_client, submitted_a, period, frozen):
    response = officer_a_client.get(edit_url(period))
    assert response.url == submitted_a.get_absolute_url()
    officer_a_client.post(edit_url(period), {"summary": "Sửa lén", "submit": ""})
    submitted_a.refresh_from_db()
    assert submitted_a.summary == "Đã triển khai"


def test_officer_edit_form_only_touches_own_unit(officer_b_client, unit_a, unit_b, submitted_a, period, frozen):
    officer_b_client.post(edit_url(period), {"summary": "Phú Yên", "version": 0, "save": ""})
    submitted_a.refresh_from_db()
    assert submitted_a.summary == "Đã triển khai"
    assert QuarterlyReport.objects.get(organization=unit_b).summary == "Phú Yên"


# ---- reading a report -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff_client", 200),
        ("leadership_client", 200),
        ("officer_a_client", 200),
        ("officer_b_client", 404),
        ("outsider_client", 404),
    ],
)
def test_report_detail_visibility(request, submitted_a, persona, status):
    response = request.getfixturevalue(persona).get(submitted_a.get_absolute_url())
    assert response.status_code == status


def test_only_staff_see_review_buttons(staff_client, leadership_client, submitted_a):
    accept = reverse("reports:report_accept", args=[submitted_a.pk])
    assert accept in staff_client.get(submitted_a.get_absolute_url()).content.decode()
    assert accept not in leadership_client.get(submitted_a.get_absolute_url()).content.decode()


# ---- staff decisions ------------------------------------------------------------------------


def test_staff_return_with_comment_then_accept(staff_client, officer_a_client, submitted_a, period, frozen):
    url = reverse("reports:report_return", args=[submitted_a.pk])
    staff_client.post(url, {"return-comment": "", "return-version": submitted_a.version})
    submitted_a.refresh_from_db()
    assert submitted_a.status == "submitted"  # no comment, no return
    staff_client.post(url, {"return-comment": "Bổ sung số liệu quý", "return-version": submitted_a.version})
    submitted_a.refresh_from_db()
    assert submitted_a.status == "returned"
    form = officer_a_client.get(edit_url(period)).content.decode()
    assert "Bổ sung số liệu quý" in form
    submitted_a.refresh_from_db()
    officer_a_client.post(edit_url(period), {"summary": "Đã bổ sung", "version": submitted_a.version, "submit": ""})
    submitted_a.refresh_from_db()
    accept = {"accept-comment": "", "accept-version": submitted_a.version}
    staff_client.post(reverse("reports:report_accept", args=[submitted_a.pk]), accept)
    submitted_a.refresh_from_db()
    assert submitted_a.status == "accepted"
    assert submitted_a.summary == "Đã bổ sung"
    assert list(submitted_a.history.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


@pytest.mark.parametrize("persona", ["leadership_client", "officer_a_client", "officer_b_client", "outsider_client"])
@pytest.mark.parametrize("action", ["report_return", "report_accept"])
def test_only_staff_review(request, submitted_a, persona, action):
    response = request.getfixturevalue(persona).post(
        reverse(f"reports:{action}", args=[submitted_a.pk]), {"return-comment": "x"}
    )
    assert response.status_code == 403
    submitted_a.refresh_from_db()
    assert submitted_a.status == "submitted"
    assert StatusChange.objects.filter(report=submitted_a).count() == 2


@pytest.mark.parametrize(
    "name",
    ["report_return", "report_accept", "excuse", "grant_exception", "remind", "attachment_delete", "notification_open"],
)
def test_post_only_actions_refuse_get(staff_client, unit_a, period, submitted_a, name):
    args = {
        "report_return": [submitted_a.pk],
        "report_accept": [submitted_a.pk],
        "attachment_delete": [1],
        "notification_open": [1],
    }.get(name, [period.pk, unit_a.pk])
    assert staff_client.get(reverse(f"reports:{name}", args=args)).status_code == 405


def test_staff_excuse_grant_exception_and_remind(
    staff_client, staff_user, unit_b, officer_b, period, django_capture_on_commit_callbacks
):
    base = [period.pk, unit_b.pk]
    page = reverse("reports:unit_period", args=base)
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):
        assert "Cho phép nộp sau khóa sổ" in staff_client.get(page).content.decode()
        staff_client.post(reverse("reports:grant_exception", args=base), {"reason": "Bão lũ", "until": "2026-07-25"})
        exception = LockException.objects.get(organization=unit_b)
        assert exception.until == vn(2026, 7, 26)
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(reverse("reports:remind", args=base))
    assert Reminder.objects.filter(organization=unit_b, rule="manual", channel="email", outcome="sent").exists()
    assert mail.outbox[0].to == [officer_b.email]
    staff_client.post(reverse("reports:excuse", args=base), {"reason": "Đang sáp nhập"})
    report = QuarterlyReport.objects.get(organization=unit_b)
    assert (report.status, report.excuse_reason) == ("excused", "Đang sáp nhập")


@pytest.mark.parametrize("persona", ["leadership_client", "officer_b_client", "outsider_client"])
def test_only_staff_excuse_grant_and_remind(request, unit_b, period, persona):
    client = request.getfixturevalue(persona)
    base = [period.pk, unit_b.pk]
    assert client.post(reverse("reports:excuse", args=base), {"reason": "x"}).status_code == 403
    data = {"reason": "x", "until": "2099-01-01"}
    assert client.post(reverse("reports:grant_exception", args=base), data).status_code == 403
    assert client.post(reverse("reports:remind", args=base)).status_code == 403
    assert not QuarterlyReport.objects.exists()
    assert not LockException.objects.exists()
    assert not Reminder.objects.exists()


def test_unit_period_page_for_leadership_is_read_only(leadership_client, unit_b, period):
    html = leadership_client.get(reverse("reports:unit_period", args=[period.pk, unit_b.pk])).content.decode()
    assert "Chưa nộp" in html
    assert reverse("reports:remind", args=[period.pk, unit_b.pk]) not in html


# ---- attachments -------------------------------------------------------------------------


def test_attachment_download_is_permission_checked(
    officer_a_client, officer_b_client, staff_client, officer_a, submitted_a
):
    attachment = services.add_attachment(
        report=submitted_a, by=officer_a, file=SimpleUploadedFile("so-lieu.xlsx", XLSX)
    )
    url = attachment.get_absolute_url()
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == XLSX
    assert "so-lieu.xlsx" in response["Content-Disposition"]
    assert staff_client.get(url).status_code == 200
    assert officer_b_client.get(url).status_code == 404


def test_attachment_delete_only_while_editable(officer_a_client, officer_b_client, officer_a, unit_a, period, frozen):
    report = services.save_report(organization=unit_a, period=period, by=officer_a)
    attachment = services.add_attachment(report=report, by=officer_a, file=SimpleUploadedFile("a.pdf", PDF))
    url = reverse("reports:attachment_delete", args=[attachment.pk])
    assert officer_b_client.post(url).status_code == 404
    assert officer_a_client.post(url).status_code == 302
    assert not report.attachments.exists()


# ---- notifications ---------------------------------------------------------------------------


def test_home_panel_shows_deadline_and_notification(officer_a_client, officer_b_client, unit_a, period, frozen):
    note = Notification.objects.create(organization=unit_a, text="Nhắc nhở: hạn nộp", link=edit_url(period))
    html = officer_a_client.get("/").content.decode()
    assert "Nhắc nhở: hạn nộp" in html
    assert "Còn 5 ngày" in html
    assert officer_b_client.post(reverse("reports:notification_open", args=[note.pk])).status_code == 404
    response = officer_a_client.post(reverse("reports:notification_open", args=[note.pk]))
    assert response.url == edit_url(period)
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Nhắc nhở: hạn nộp" not in officer_a_client.get("/").content.decode()


def test_staff_home_shows_heartbeat(staff_client, period):
    assert "chưa chạy lần nào" in staff_client.get("/").content.decode()
    with time_machine.travel(vn(2026, 6, 1, 8), tick=False):
        services.record_heartbeat(name=services.REMINDER_TASK)
    with time_machine.travel(vn(2026, 6, 3, 8), tick=False):
        html = staff_client.get("/").content.decode()
    assert "đã quá một ngày" in html
    assert "text-danger" in html


# ---- matrix, export, log ---------------------------------------------------------------------


def seed_units(count, period):
    for i in range(count):
        unit = OrganizationFactory(code=f"unit-{i}")
        if i % 2:
            QuarterlyReportFactory(
                organization=unit, period=period, status="submitted", first_submitted_at=JUNE, submitted_at=JUNE
            )


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client"])
def test_matrix_shows_states_and_rates(request, persona, unit_a, unit_b, submitted_a, period):
    html = request.getfixturevalue(persona).get(reverse("reports:matrix"), {"year": 2026}).content.decode()
    assert "Đúng hạn" in html
    assert "Chưa nộp" in html
    assert "50,0 %" in html  # Vietnamese decimal comma


@pytest.mark.parametrize("persona", ["officer_a_client", "outsider_client"])
def test_matrix_refused_to_others(request, persona):
    assert request.getfixturevalue(persona).get(reverse("reports:matrix")).status_code == 403
    assert request.getfixturevalue(persona).get(reverse("reports:matrix_export", args=["csv"])).status_code == 403


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize("count", [4, 40])
def test_matrix_query_count_is_bounded(staff_client, period, count, django_assert_max_num_queries):
    seed_units(count, period)
    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("reports:matrix"), {"year": 2026})
    assert response.status_code == 200
    assert response.content.decode().count('scope="row" class="fw-normal"') >= count


def test_matrix_page_n_costs_what_page_1_costs(staff_client, period, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import views

    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 4)
    seed_units(20, period)
    counts = {}
    for page in (1, 5):
        fragments.bump()  # each page rebuilt, as after a write
        with CaptureQueriesContext(connection) as queries:
            html = staff_client.get(reverse("reports:matrix"), {"year": 2026, "page": page}).content.decode()
        counts[page] = len(queries)
        assert html.count('scope="row" class="fw-normal"') == 4
        assert "10/20" in html  # the rates still cover all twenty units
        # The database pages the units: the reports fetched are those of the page's units only.
        report_queries = [q["sql"] for q in queries if 'FROM "reports_quarterlyreport"' in q["sql"]]
        assert any("LIMIT 4" in sql for sql in (q["sql"] for q in queries))
        assert not any('"reports_quarterlyreport"."summary"' in sql for sql in report_queries)
    assert counts[1] == counts[5]


def test_matrix_renders_each_cell_look_once_and_keeps_links_dates(staff_client, period, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 10)
    seed_units(30, period)
    for page in (1, 3):
        response = staff_client.get(reverse("reports:matrix"), {"year": 2026, "page": page})
        html = response.content.decode()
        # The cell fragment is rendered per distinct look (state, review status), not per cell.
        assert 1 <= [t.name for t in response.templates].count("reports/_cell.html") <= 4
        assert html.count('scope="row" class="fw-normal"') == 10
        unit = response.context["lines"][1][0].organization  # every other unit has submitted
        assert reverse("reports:unit_period", args=[period.pk, unit.pk]) in html
        assert html.count("Chờ xem xét") >= 5  # review status kept in the cells
        assert f'<div class="small">{timezone.localtime(JUNE):%d/%m/%Y}</div>' in html


@pytest.mark.parametrize("count", [30, 120])
def test_matrix_export_query_count_is_bounded(staff_client, period, count, django_assert_max_num_queries):
    seed_units(count, period)
    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("reports:matrix_export", args=["csv"]), {"year": 2026})
        assert streamed(response).count("Thử nghiệm") == count


@pytest.mark.parametrize("count", [3, 30])
def test_reminder_log_query_count_is_bounded(staff_client, period, count, django_assert_max_num_queries):
    for i in range(count):
        services.claim_reminder(
            organization=OrganizationFactory(code=f"r{i}"), period=period, rule="overdue", channel="email"
        )
    with django_assert_max_num_queries(9):
        response = staff_client.get(reverse("reports:reminder_log"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_my_reports_query_count_is_bounded(officer_a_client, unit_a, count, django_assert_max_num_queries):
    for year in range(2020, 2020 + count):
        make_period(year, 4)
    with django_assert_max_num_queries(8):
        assert officer_a_client.get(reverse("reports:my_reports")).status_code == 200


def test_reminder_log_is_staff_only(leadership_client, officer_a_client, staff_client, unit_a, period):
    services.claim_reminder(organization=unit_a, period=period, rule="overdue", channel="email")
    assert leadership_client.get(reverse("reports:reminder_log")).status_code == 403
    assert officer_a_client.get(reverse("reports:reminder_log")).status_code == 403
    html = staff_client.get(reverse("reports:reminder_log")).content.decode()
    assert "Sở TTTT Gia Lai" in html
    assert "Quá hạn" in html


def test_csv_export(staff_client, unit_a, unit_b, submitted_a, period):
    response = staff_client.get(reverse("reports:matrix_export", args=["csv"]), {"year": 2026})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # written while read, not built whole in memory first
    content = streamed(response)
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0][0] == "Đơn vị"
    assert "Quý 2/2026 — Trạng thái" in rows[0]
    by_name = {row[0]: row for row in rows[1:]}
    gia_lai = by_name["Sở Thông tin và Truyền thông tỉnh Gia Lai"]
    assert gia_lai[4:7] == ["Đúng hạn", "10/06/2026 09:00", "0"]
    assert by_name["Sở Thông tin và Truyền thông tỉnh Phú Yên"][4] == "Chưa nộp"
    # As on screen: a decimal comma, and the review status beside the status.
    assert by_name["Tỷ lệ nộp báo cáo (%)"][4] == "50,0"
    assert "Quý 2/2026 — Tình trạng xem xét" in rows[0]
    assert gia_lai[7] == "Chờ xem xét"


def test_xlsx_export(leadership_client, unit_a, unit_b, submitted_a, period, django_capture_on_commit_callbacks):
    from summaries.models import SummaryFile

    # Built in the background (summaries app): the export leads to the file's waiting page.
    with django_capture_on_commit_callbacks(execute=True):
        response = leadership_client.get(reverse("reports:matrix_export", args=["xlsx"]), {"year": 2026})
    summary = SummaryFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == summary.get_absolute_url()
    assert (summary.kind, summary.status, summary.download_name) == ("matrix", "ready", "bao-cao-quy-2026.xlsx")
    response = leadership_client.get(reverse("summaries:summary_download", args=[summary.pk]))
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị"
    names = {row[0]: row for row in rows[1:]}
    assert names["Sở Thông tin và Truyền thông tỉnh Gia Lai"][4] == "Đúng hạn"
    # A real date-time, not text, so that Excel can sort and filter it.
    assert isinstance(names["Sở Thông tin và Truyền thông tỉnh Gia Lai"][5], datetime.datetime)
    assert names["Tỷ lệ nộp đúng hạn (%)"][4] == 50.0


def test_unknown_export_format(staff_client):
    assert staff_client.get(reverse("reports:matrix_export", args=["pdf"])).status_code == 404


def test_future_period_has_no_form_yet(officer_a_client, period):
    with time_machine.travel(vn(2026, 3, 31, 23, 59), tick=False):
        assert officer_a_client.get(edit_url(period)).status_code == 404
    with time_machine.travel(vn(2026, 4, 1, 0, 0), tick=False):
        assert officer_a_client.get(edit_url(period)).status_code == 200


@pytest.mark.parametrize(("persona", "status"), [("officer_a_client", 403), ("outsider_client", 403)])
def test_unit_period_page_refused_to_units_and_outsiders(request, unit_b, period, persona, status):
    url = reverse("reports:unit_period", args=[period.pk, unit_b.pk])
    assert request.getfixturevalue(persona).get(url).status_code == status


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client", "outsider_client"])
def test_report_form_is_for_officers_only(request, period, persona, frozen):
    client = request.getfixturevalue(persona)
    assert client.get(edit_url(period)).status_code == 403
    assert client.post(edit_url(period), {"summary": "x", "submit": ""}).status_code == 403
    assert not QuarterlyReport.objects.exists()


def test_officer_cannot_read_another_units_attachment_or_notification(officer_b_client, officer_a, submitted_a):
    note = Notification.objects.create(organization=submitted_a.organization, text="x")
    assert officer_b_client.post(reverse("reports:notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


# ---- review follow-ups: paging, search, manual reminders, read-only leadership ----------------


def test_matrix_pages_rows_but_rates_and_exports_cover_every_unit(staff_client, period, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 3)
    seed_units(5, period)  # units 1 and 3 have submitted
    first = staff_client.get(reverse("reports:matrix"), {"year": 2026}).content.decode()
    second = staff_client.get(reverse("reports:matrix"), {"year": 2026, "page": 2}).content.decode()
    assert first.count('scope="row" class="fw-normal"') == 3
    assert second.count('scope="row" class="fw-normal"') == 2
    for html in (first, second):
        assert "2/5" in html  # the rates count all five units on every page
    assert "page=2" in first
    assert "page=" not in first.split("export.csv?", 1)[1].split('"', 1)[0]
    rows = staff_client.get(reverse("reports:matrix_export", args=["csv"]), {"year": 2026, "page": 2})
    assert streamed(rows).count("Sở Thông tin và Truyền thông tỉnh Thử nghiệm") == 5


def test_matrix_search_by_name(staff_client, unit_a, unit_b, period):
    html = staff_client.get(reverse("reports:matrix"), {"year": 2026, "q": "phu yen"}).content.decode()
    assert "Sở TTTT Phú Yên" in html
    assert "Sở TTTT Gia Lai" not in html
    html = staff_client.get(reverse("reports:matrix"), {"year": 2026, "q": "Hà Giang"}).content.decode()
    assert "Không có đơn vị nào phù hợp" in html


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("submitted", "không còn gì phải gửi"),
        ("locked", "đã khóa sổ"),
        ("not_required", "không phải báo cáo"),
    ],
)
def test_manual_reminder_refused_when_pointless(staff_client, officer_a, unit_a, period, setup, message):
    when = JUNE
    if setup == "submitted":
        with time_machine.travel(JUNE, tick=False):
            services.save_report(organization=unit_a, period=period, by=officer_a, summary="x", submit=True)
    elif setup == "locked":
        when = vn(2026, 7, 20, 9)
    else:
        unit_a.valid_until = datetime.date(2026, 3, 31)
        unit_a.save()
    page = reverse("reports:unit_period", args=[period.pk, unit_a.pk])
    with time_machine.travel(when, tick=False):
        assert reverse("reports:remind", args=[period.pk, unit_a.pk]) not in staff_client.get(page).content.decode()
        response = staff_client.post(reverse("reports:remind", args=[period.pk, unit_a.pk]), follow=True)
    assert message in response.content.decode()
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_excusing_a_unit_that_need_not_report_is_refused(staff_client, unit_a, period):
    unit_a.valid_until = datetime.date(2026, 3, 31)
    unit_a.save()
    response = staff_client.post(
        reverse("reports:excuse", args=[period.pk, unit_a.pk]), {"reason": "Đã sáp nhập"}, follow=True
    )
    assert "không phải báo cáo" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_leadership_sees_every_reports_page_without_a_single_action(leadership_client, unit_a, submitted_a, period):
    services.claim_reminder(organization=unit_a, period=period, rule="overdue", channel="email")
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):  # locked: the exception form would show to staff
        pages = [
            reverse("reports:matrix") + "?year=2026",
            submitted_a.get_absolute_url(),
            reverse("reports:unit_period", args=[period.pk, unit_a.pk]),
            "/",
        ]
        for url in pages:
            response = leadership_client.get(url)
            assert response.status_code == 200, url
            posts = re.findall(
                r'<form[^>]*action="([^"]*)"[^>]*method="post"|<form[^>]*method="post"[^>]*action="([^"]*)"',
                response.content.decode(),
            )
            assert {a or b for a, b in posts} <= {"/i18n/setlang/", "/accounts/logout/"}, (url, posts)
        assert leadership_client.get(reverse("reports:reminder_log")).status_code == 403
        assert leadership_client.get(edit_url(period)).status_code == 403


def test_unit_period_page_keeps_english_log_text_out_and_labels_each_reason(staff_client, unit_a, period):
    reminder = services.claim_reminder(organization=unit_a, period=period, rule="overdue", channel="email")
    services.deliver_reminder_email(reminder_id=reminder.pk)  # unit_a has no address: skipped
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):  # locked: both forms show
        html = staff_client.get(reverse("reports:unit_period", args=[period.pk, unit_a.pk])).content.decode()
    assert "Không gửi" in html
    assert "No e-mail address" not in html
    assert 'for="excuse_reason"' in html
    assert 'for="exception_reason"' in html
    assert 'id="id_reason"' not in html


def test_reminder_log_filters_by_name_and_outcome(staff_client, unit_a, unit_b, period):
    services.claim_reminder(organization=unit_a, period=period, rule="overdue", channel="email")
    sent = services.claim_reminder(organization=unit_b, period=period, rule="overdue", channel="email")
    sent.outcome = Reminder.Outcome.SENT
    sent.save()
    url = reverse("reports:reminder_log")
    html = staff_client.get(url, {"q": "Phú Yên"}).content.decode()
    assert "Sở TTTT Phú Yên" in html
    assert "Sở TTTT Gia Lai" not in html
    html = staff_client.get(url, {"outcome": "pending"}).content.decode()
    assert "Sở TTTT Gia Lai" in html
    assert "Sở TTTT Phú Yên" not in html
    html = staff_client.get(url, {"outcome": "nonsense", "q": "Không có"}).content.decode()
    assert "Chưa gửi đôn đốc nào." in html


def test_lock_exception_refused_for_a_unit_that_need_not_report(staff_client, unit_a, period):
    unit_a.valid_until = datetime.date(2026, 3, 31)
    unit_a.save()
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):
        response = staff_client.post(
            reverse("reports:grant_exception", args=[period.pk, unit_a.pk]),
            {"reason": "Bão lũ", "until": "2026-07-25"},
            follow=True,
        )
    assert "không phải báo cáo" in response.content.decode()
    assert not LockException.objects.exists()


def test_matrix_tells_not_yet_due_from_missing(staff_client, unit_a, period):
    url = reverse("reports:matrix")
    with time_machine.travel(vn(2026, 6, 14, 23, 59), tick=False):
        html = staff_client.get(url, {"year": 2026}).content.decode()
    assert "Chưa đến hạn" in html
    assert "Chưa nộp</span>" not in html
    with time_machine.travel(vn(2026, 6, 15), tick=False):
        html = staff_client.get(url, {"year": 2026}).content.decode()
    assert "Chưa đến hạn" not in html
    assert "Chưa nộp</span>" in html


def test_unit_that_ended_before_the_period_is_refused_the_form(officer_b_client, unit_a, unit_b, period, frozen):
    unit_b.valid_until = datetime.date(2025, 6, 30)
    unit_b.successor = unit_a
    unit_b.save()
    response = officer_b_client.get(edit_url(period))
    assert response.status_code == 403
    response = officer_b_client.post(edit_url(period), {"summary": "Không thuộc diện", "submit": ""})
    assert response.status_code == 403
    assert not QuarterlyReport.objects.exists()
    home = officer_b_client.get("/").content.decode()
    assert edit_url(period) not in home
    assert "Hiện không có kỳ báo cáo nào đang mở mà đơn vị phải nộp" in home


# ---- data safety: two sessions, stale review pages, empty reports ------------------------


def _version_in(html, name="version"):
    return int(re.search(rf'name="{name}" value="(\d+)"', html).group(1))


@pytest.fixture
def second_officer_a_client(officer_a):
    """The same officer in a second browser (or a colleague of the same unit)."""
    from django.test import Client

    client = Client()
    client.force_login(officer_a)
    return client


@pytest.mark.parametrize("existing", [True, False], ids=["draft", "first-save"])
def test_two_sessions_editing_one_report_the_second_gets_a_conflict(
    officer_a_client, second_officer_a_client, officer_a, unit_a, period, campaign, frozen, existing
):
    if existing:
        services.save_report(organization=unit_a, period=period, by=officer_a, summary="Bản nháp đầu tiên")
    first = _version_in(officer_a_client.get(edit_url(period)).content.decode())
    second = _version_in(second_officer_a_client.get(edit_url(period)).content.decode())
    assert first == second == (1 if existing else 0)
    response = officer_a_client.post(edit_url(period), {"summary": "Văn bản của phiên thứ nhất", "version": first})
    assert response.status_code == 302
    response = second_officer_a_client.post(
        edit_url(period),
        {
            "summary": "Văn bản của phiên thứ hai",
            f"c{campaign.pk}_activities": "Hoạt động của phiên thứ hai",
            "version": second,
            "submit": "",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("Người khác đã lưu báo cáo này trong khi bạn đang sửa") == 1  # said once, in the box
    assert "Văn bản của phiên thứ hai" in html  # the user's own text, kept in the form
    assert re.search(r'data-conflict-other="summary">\s*Văn bản của phiên thứ nhất', html)  # the other text
    assert campaign.name in html  # the campaign sections stay on the page, with their own pairs
    assert f'data-conflict-other="c{campaign.pk}_activities"' in html
    report = QuarterlyReport.objects.get(organization=unit_a, period=period)
    assert (report.summary, report.status) == ("Văn bản của phiên thứ nhất", "draft")
    # The conflict page carries the stored version: saving the merged text now succeeds.
    merged = "Văn bản của phiên thứ nhất. Văn bản của phiên thứ hai"
    assert _version_in(html) == report.version
    response = second_officer_a_client.post(edit_url(period), {"summary": merged, "version": _version_in(html)})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary == merged


def test_a_form_without_version_saves_nothing(officer_a_client, unit_a, officer_a, period, frozen):
    services.save_report(organization=unit_a, period=period, by=officer_a, summary="Bản nháp")
    response = officer_a_client.post(edit_url(period), {"summary": "Không có phiên bản", "save": ""})
    assert response.status_code == 200
    assert "Trang này đã cũ" in response.content.decode()
    assert QuarterlyReport.objects.get(organization=unit_a).summary == "Bản nháp"


@pytest.mark.parametrize("action", ["report_accept", "report_return"])
def test_review_on_a_stale_page_is_refused(
    staff_client, staff_user, officer_a, unit_a, submitted_a, period, frozen, action
):
    page = staff_client.get(submitted_a.get_absolute_url()).content.decode()
    prefix = "accept" if action == "report_accept" else "return"
    seen = _version_in(page, f"{prefix}-version")
    # Meanwhile a colleague returns the report and the unit resubmits a different text.
    services.return_report(report=submitted_a, by=staff_user, comment="Bổ sung số liệu")
    services.save_report(
        organization=unit_a, period=period, by=officer_a, summary="Bản đã sửa", submit=True, version=seen + 1
    )
    submitted_a.refresh_from_db()
    before = (submitted_a.status, submitted_a.version, submitted_a.history.count())
    response = staff_client.post(
        reverse(f"reports:{action}", args=[submitted_a.pk]),
        {f"{prefix}-comment": "Theo trang cũ", f"{prefix}-version": seen},
        follow=True,
    )
    assert "Báo cáo đã thay đổi từ khi bạn mở trang này" in response.content.decode()
    submitted_a.refresh_from_db()
    assert (submitted_a.status, submitted_a.version, submitted_a.history.count()) == before
    assert before[0] == "submitted"


def test_an_empty_report_cannot_be_submitted_but_a_draft_can_be_saved(
    officer_a_client, unit_a, period, campaign, frozen
):
    response = officer_a_client.post(edit_url(period), {"summary": " ", "version": 0, "submit": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy viết phần đánh giá chung." in html
    assert f"“{campaign.name}”: hãy nêu những việc đã làm hoặc kết quả đạt được." in html
    assert not QuarterlyReport.objects.exists()
    response = officer_a_client.post(edit_url(period), {"summary": "", "version": 0, "save": ""})
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(organization=unit_a).status == "draft"


def test_a_save_after_the_report_was_submitted_elsewhere_keeps_the_text_on_screen(
    officer_a_client, second_officer_a_client, unit_a, officer_a, period, frozen
):
    services.save_report(organization=unit_a, period=period, by=officer_a, summary="Bản nháp")
    version = _version_in(second_officer_a_client.get(edit_url(period)).content.decode())
    officer_a_client.post(edit_url(period), {"summary": "Bản đã nộp", "version": version, "submit": ""})
    response = second_officer_a_client.post(edit_url(period), {"summary": "Bản đang gõ dở", "version": version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Bản đang gõ dở" in html
    assert html.count("Trong lúc bạn đang sửa, báo cáo đã được nộp hoặc xử lý") == 1  # said once, in the box
    assert "Người khác đã lưu báo cáo này" not in html
    assert re.search(r'data-conflict-other="summary">\s*Bản đã nộp', html)
    assert 'name="save"' not in html
    report = QuarterlyReport.objects.get(organization=unit_a)
    assert (report.status, report.summary) == ("submitted", "Bản đã nộp")
