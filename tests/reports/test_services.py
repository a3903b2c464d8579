import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services, workflow
from reports.models import LockException, QuarterlyReport, ReportingPeriod, StatusChange
from tests.files import PDF

from .conftest import vn
from .factories import make_period

pytestmark = pytest.mark.django_db


def test_create_periods_for_year_is_idempotent_and_never_rederives(settings):
    assert services.create_periods_for_year(year=2026) == 4
    q1 = ReportingPeriod.objects.get(year=2026, quarter=1)
    assert q1.due_at == vn(2026, 3, 15)
    assert q1.lock_at == vn(2026, 4, 14)
    assert q1.opens_on == datetime.date(2026, 1, 1)
    settings.REPORT_DUE_DAY = 10
    assert services.create_periods_for_year(year=2026) == 0
    q1.refresh_from_db()
    assert q1.due_at == vn(2026, 3, 15)  # stored once, not recomputed from a changed setting


def test_grace_setting_is_stored(settings):
    settings.REPORT_GRACE_DAYS = 3
    period = make_period(2027, 1)
    assert period.grace_until == vn(2027, 3, 18)


def submit(unit, period, user, at, **kwargs):
    kwargs.setdefault("summary", "Đã triển khai các nhiệm vụ trong quý.")
    with time_machine.travel(at, tick=False):
        return services.save_report(organization=unit, period=period, by=user, submit=True, **kwargs)


def test_draft_then_submit_on_time_at_the_last_second(unit_a, officer_a, period):
    with time_machine.travel(vn(2026, 6, 1, 9), tick=False):
        report = services.save_report(organization=unit_a, period=period, by=officer_a, summary="Bản nháp")
    assert report.status == QuarterlyReport.Status.DRAFT
    report = submit(unit_a, period, officer_a, vn(2026, 6, 14, 23, 59, 59), summary="Đã làm")
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.is_late is False
    assert report.submitted_by == officer_a
    assert report.organization_name == unit_a.name
    assert list(report.history.values_list("from_status", "to_status")) == [("", "draft"), ("draft", "submitted")]


def test_submission_at_midnight_is_late_but_kept(unit_a, officer_a, period):
    report = submit(unit_a, period, officer_a, vn(2026, 6, 15, 0, 0), summary="Nộp muộn")
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.is_late is True
    assert QuarterlyReport.objects.get(pk=report.pk).summary == "Nộp muộn"


def test_after_the_lock_nothing_can_be_saved(unit_a, officer_a, period):
    with pytest.raises(ValidationError, match="khóa sổ"):
        submit(unit_a, period, officer_a, vn(2026, 7, 15, 0, 0))
    assert not QuarterlyReport.objects.exists()


def test_lock_exception_lets_one_unit_submit(unit_a, unit_b, officer_a, officer_b, staff_user, period):
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):
        services.grant_lock_exception(
            organization=unit_a, period=period, by=staff_user, reason="Thiên tai", until=vn(2026, 7, 25)
        )
    report = submit(unit_a, period, officer_a, vn(2026, 7, 24, 10))
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.is_late
    with pytest.raises(ValidationError):
        submit(unit_b, period, officer_b, vn(2026, 7, 24, 10))
    with pytest.raises(ValidationError):
        submit(unit_a, period, officer_a, vn(2026, 7, 25, 0, 1))


def test_lock_exception_needs_reason_and_future_end(unit_a, staff_user, period):
    with time_machine.travel(vn(2026, 7, 20, 9), tick=False):
        with pytest.raises(ValidationError):
            services.grant_lock_exception(
                organization=unit_a, period=period, by=staff_user, reason="", until=vn(2026, 7, 25)
            )
        with pytest.raises(ValidationError):
            services.grant_lock_exception(
                organization=unit_a, period=period, by=staff_user, reason="Lý do", until=vn(2026, 7, 19)
            )
    assert not LockException.objects.exists()


def test_return_needs_comment_then_revision_keeps_first_timeliness(unit_a, officer_a, staff_user, period):
    report = submit(unit_a, period, officer_a, vn(2026, 6, 10, 9))
    with pytest.raises(ValidationError):
        services.return_report(report=report, by=staff_user, comment="  ")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.SUBMITTED
    with time_machine.travel(vn(2026, 6, 12, 9), tick=False):
        services.return_report(report=report, by=staff_user, comment="Bổ sung số liệu")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.RETURNED
    change = report.history.last()
    assert (change.by, change.comment, change.to_status) == (staff_user, "Bổ sung số liệu", "returned")
    report = submit(unit_a, period, officer_a, vn(2026, 6, 20, 9), summary="Đã bổ sung")
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.is_late is False  # judged on the first submission
    assert report.submitted_at == vn(2026, 6, 20, 9)
    with time_machine.travel(vn(2026, 6, 22, 9), tick=False):
        services.accept_report(report=report, by=staff_user)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.ACCEPTED
    assert [c.to_status for c in report.history.all()] == ["draft", "submitted", "returned", "submitted", "accepted"]


def test_accepted_report_cannot_be_changed(unit_a, officer_a, staff_user, period):
    report = submit(unit_a, period, officer_a, vn(2026, 6, 10, 9))
    services.accept_report(report=report, by=staff_user)
    with pytest.raises(workflow.TransitionError):
        submit(unit_a, period, officer_a, vn(2026, 6, 11, 9))
    with pytest.raises(workflow.TransitionError):
        services.return_report(report=report, by=staff_user, comment="x")


def test_excuse_without_report_creates_one_with_reason(unit_a, staff_user, period):
    with pytest.raises(ValidationError):
        services.excuse_unit(organization=unit_a, period=period, by=staff_user, reason="")
    report = services.excuse_unit(organization=unit_a, period=period, by=staff_user, reason="Sáp nhập")
    assert report.status == QuarterlyReport.Status.EXCUSED
    assert report.excuse_reason == "Sáp nhập"
    assert StatusChange.objects.filter(report=report, to_status="excused", comment="Sáp nhập").exists()


def test_sections_keep_campaign_and_figures(unit_a, officer_a, period, campaign):
    measurable = campaign.targets.get(target_value__isnull=False)
    sections = [{"campaign": campaign, "activities": "Triển khai", "results": "Tốt", "figures": {measurable: "85.5"}}]
    report = submit(unit_a, period, officer_a, vn(2026, 6, 1, 9), sections=sections)
    section = report.sections.get()
    assert section.campaign_name == campaign.name
    figure = section.figures.get()
    assert str(figure.value) == "85.5000"
    assert figure.metric == "Tỷ lệ hồ sơ trực tuyến"


def test_attachment_validation(unit_a, officer_a, period):
    with time_machine.travel(vn(2026, 6, 1, 9), tick=False):
        report = services.save_report(organization=unit_a, period=period, by=officer_a)
    ok = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    attachment = services.add_attachment(report=report, by=officer_a, file=ok)
    assert attachment.original_name == "bao-cao.pdf"
    for name, content in [("virus.exe", b"MZ..."), ("fake.pdf", b"not a pdf"), ("so-lieu.xlsx", b"%PDF-")]:
        with pytest.raises(ValidationError):
            services.add_attachment(report=report, by=officer_a, file=SimpleUploadedFile(name, content))
    assert report.attachments.count() == 1


def test_attachment_size_limit(unit_a, officer_a, period, settings):
    settings.REPORT_ATTACHMENT_MAX_MB = 1
    with time_machine.travel(vn(2026, 6, 1, 9), tick=False):
        report = services.save_report(organization=unit_a, period=period, by=officer_a)
    big = SimpleUploadedFile("lon.docx", b"PK\x03\x04" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="giới hạn"):
        services.add_attachment(report=report, by=officer_a, file=big)


def test_a_unit_that_need_not_report_cannot_save_a_report(unit_a, unit_b, officer_b, period):
    unit_b.valid_until = datetime.date(2025, 6, 30)
    unit_b.save()
    with time_machine.travel(vn(2026, 6, 10, 9), tick=False), pytest.raises(ValidationError):
        services.save_report(organization=unit_b, period=period, by=officer_b, summary="x", submit=True)
    assert not QuarterlyReport.objects.exists()


def test_a_save_based_on_an_old_version_is_refused(unit_a, officer_a, period):
    with time_machine.travel(vn(2026, 6, 1, 9), tick=False):
        report = services.save_report(organization=unit_a, period=period, by=officer_a, summary="A", version=0)
        assert report.version == 1
        services.save_report(organization=unit_a, period=period, by=officer_a, summary="B", version=1)
        with pytest.raises(services.ReportConflict) as conflict:
            services.save_report(organization=unit_a, period=period, by=officer_a, summary="C", version=1)
        assert conflict.value.report.summary == "B"
        with pytest.raises(services.ReportConflict):  # a form drawn before the first save
            services.save_report(organization=unit_a, period=period, by=officer_a, summary="D", version=0)
    report.refresh_from_db()
    assert (report.summary, report.version) == ("B", 2)


def test_submission_needs_the_general_assessment_and_each_campaign(unit_a, officer_a, period, campaign):
    sections = [{"campaign": campaign, "activities": "", "results": " ", "figures": {}}]
    with pytest.raises(ValidationError) as error:
        submit(unit_a, period, officer_a, vn(2026, 6, 1, 9), summary="", sections=sections)
    assert set(error.value.message_dict) == {"summary", f"c{campaign.pk}_activities"}
    assert not QuarterlyReport.objects.exists()
    with time_machine.travel(vn(2026, 6, 1, 9), tick=False):  # a draft may be empty
        assert services.save_report(organization=unit_a, period=period, by=officer_a, sections=sections)
    sections[0]["results"] = "Đạt 85% hồ sơ trực tuyến"
    report = submit(unit_a, period, officer_a, vn(2026, 6, 2, 9), summary="Hoàn thành", sections=sections)
    assert report.status == QuarterlyReport.Status.SUBMITTED


def test_review_of_an_older_version_is_refused(unit_a, officer_a, staff_user, period):
    report = submit(unit_a, period, officer_a, vn(2026, 6, 10, 9))
    seen = report.version
    with time_machine.travel(vn(2026, 6, 10, 15), tick=False):
        services.return_report(report=report, by=staff_user, comment="Bổ sung", version=seen)
    submit(unit_a, period, officer_a, vn(2026, 6, 11, 9), summary="Đã bổ sung")
    with pytest.raises(ValidationError, match="đã thay đổi"):
        services.accept_report(report=report, by=staff_user, version=seen)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.history.last().to_status == "submitted"
