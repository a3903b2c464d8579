import datetime
import subprocess

import pytest
from openpyxl import load_workbook

from reports.models import QuarterlyReport
from summaries import compliance, services, tasks
from summaries.models import SummaryFile
from tests.factories import OrganizationFactory
from tests.reports.factories import QuarterlyReportFactory

pytestmark = pytest.mark.usefixtures("after_q3_2025")


def _ask(period, user, fmt="xlsx"):
    return services.request_summary(
        kind="compliance", fmt=fmt, parameters={"period": period.pk}, by=user, language="vi"
    )


def test_a_ready_file_is_reused_while_the_data_are_unchanged(period, reports, leadership_user, staff_user):
    summary, created = _ask(period, leadership_user)
    services.build_summary(summary_id=summary.pk)
    again, created_again = _ask(period, staff_user)
    assert created
    assert not created_again
    assert again.pk == summary.pk
    assert again.status == SummaryFile.Status.READY
    assert SummaryFile.objects.count() == 1


def test_a_waiting_file_is_shared_too(period, reports, leadership_user, staff_user):
    summary, _created = _ask(period, leadership_user)
    assert _ask(period, staff_user) == (summary, False)


def test_a_changed_report_makes_a_new_file(period, reports, unit_b, leadership_user):
    summary, _created = _ask(period, leadership_user)
    services.build_summary(summary_id=summary.pk)
    QuarterlyReportFactory(
        organization=unit_b,
        period=period,
        status=QuarterlyReport.Status.SUBMITTED,
        first_submitted_at=period.due_at + datetime.timedelta(days=1),
    )
    fresh, created = _ask(period, leadership_user)
    assert created
    assert fresh.pk != summary.pk
    assert fresh.fingerprint != summary.fingerprint


def test_a_new_unit_makes_a_new_file(period, reports, leadership_user):
    summary, _created = _ask(period, leadership_user)
    OrganizationFactory(code="so-tttt-kon-tum", name="Sở Thông tin và Truyền thông tỉnh Kon Tum")
    assert _ask(period, leadership_user)[0].pk != summary.pk


def test_format_and_language_are_separate_files(period, reports, leadership_user):
    xlsx, _ = _ask(period, leadership_user)
    english, created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user, language="en"
    )
    assert created
    assert english.pk != xlsx.pk


def test_a_lost_build_is_abandoned_and_asked_again(period, reports, leadership_user):
    summary, _created = _ask(period, leadership_user)
    SummaryFile.objects.filter(pk=summary.pk).update(requested_at=summary.requested_at - datetime.timedelta(hours=1))
    fresh, created = _ask(period, leadership_user)
    summary.refresh_from_db()
    assert created
    assert summary.status == SummaryFile.Status.FAILED
    assert fresh.pk != summary.pk


def test_unknown_kind_or_period_is_refused(period, leadership_user):
    with pytest.raises(LookupError):
        services.request_summary(kind="nope", fmt="pdf", parameters={}, by=leadership_user)
    with pytest.raises(LookupError):
        services.request_summary(kind="compliance", fmt="pdf", parameters={"period": 9999}, by=leadership_user)


def test_a_failing_build_marks_the_row_failed(period, reports, leadership_user, monkeypatch):
    def broken(parameters):
        raise RuntimeError("disk full")

    monkeypatch.setattr(compliance, "load", broken)
    summary, _created = _ask(period, leadership_user)
    services.build_summary(summary_id=summary.pk)
    summary.refresh_from_db()
    assert summary.status == SummaryFile.Status.FAILED
    assert "disk full" in summary.error
    assert not summary.file
    # A failed row is not reused: asking again starts a new build.
    assert _ask(period, leadership_user)[1] is True


def test_the_xlsx_has_the_same_figures(period, reports, leadership_user):
    summary, _created = _ask(period, leadership_user)
    summary = services.build_summary(summary_id=summary.pk)
    workbook = load_workbook(summary.file.path)
    assert [sheet.title for sheet in workbook][:2] == ["Tổng hợp", "Đơn vị"]
    values = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert ("Số đơn vị phải báo cáo", 2) in values
    assert ("Tỷ lệ nộp báo cáo (%)", 50.0) in values
    units = [row[1] for row in workbook["Đơn vị"].iter_rows(values_only=True)]
    assert "Sở Thông tin và Truyền thông tỉnh Phú Yên" in units


def test_the_pdf_has_the_motto_the_counts_and_intact_diacritics(period, reports, leadership_user):
    summary, _created = _ask(period, leadership_user, fmt="pdf")
    summary = services.build_summary(summary_id=summary.pk)
    assert summary.status == SummaryFile.Status.READY, summary.error
    command = ["pdftotext", "-enc", "UTF-8", "-layout", summary.file.path, "-"]
    # A fixed command from poppler-utils (a declared system dependency) on a file the test built.
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Sở Thông tin và Truyền thông tỉnh Phú Yên" in text
    assert "Trang 1/1" in text
    assert "Số đơn vị phải báo cáo" in text
    assert "Quý 3/2025" in text


def test_clusters_fall_back_to_the_latest_recorded_year(period, reports, unit_a, unit_b):
    from tests.clusters.factories import ClusterFactory, MembershipFactory

    cluster = ClusterFactory(number=6, name="Cụm thi đua số 6")
    MembershipFactory(cluster=cluster, organization=unit_a, year=2024, rotation_order=1)
    MembershipFactory(cluster=cluster, organization=unit_b, year=2024, rotation_order=2)
    data = compliance.load({"period": period.pk})
    assert data.cluster_year == 2024
    assert data.clusters_from_earlier_year
    [line] = data.clusters
    assert (line.cluster, line.rates.expected, line.rates.reported, line.rank) == (cluster, 2, 1, 1)


def test_old_files_are_pruned_and_recent_ones_kept(period, reports, leadership_user, settings):
    settings.SUMMARY_FILE_KEEP_DAYS = 30
    old, _ = _ask(period, leadership_user, fmt="xlsx")
    services.build_summary(summary_id=old.pk)
    recent, _ = _ask(period, leadership_user, fmt="pdf")
    services.build_summary(summary_id=recent.pk)
    old.refresh_from_db()
    recent.refresh_from_db()
    old_name = old.file.name
    SummaryFile.objects.filter(pk=old.pk).update(finished_at=old.finished_at - datetime.timedelta(days=31))
    assert tasks.prune_summary_files.delay().get() == 1
    assert not SummaryFile.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old_name)
    assert list(SummaryFile.objects.values_list("pk", flat=True)) == [recent.pk]
    assert recent.file.storage.exists(recent.file.name)
    _again, created = _ask(period, leadership_user, fmt="xlsx")  # asked for again: simply built anew
    assert created
