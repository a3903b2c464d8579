"""Every write to reporting periods, reports, reminders and notifications."""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import normalize_text

from . import deadlines, notices, selectors, workflow
from .attachments import validate_attachment
from .completeness import missing_content
from .models import (
    LockException,
    QuarterlyReport,
    ReportAttachment,
    ReportingPeriod,
    ReportSection,
    StatusChange,
    TargetFigure,
    TaskHeartbeat,  # noqa: F401 -- re-exported: views read services.TaskHeartbeat
)

# Reminder services live in reports.reminders; re-exported for the callers that know them here.
from .reminders import (  # noqa: F401 -- re-exports
    REMINDER_TASK,
    claim_reminder,
    deliver_reminder_email,
    due_reminders,
    manual_reminder_refusal,
    record_heartbeat,
    remind_unit,
    remind_unit_by_hand,
    reminder_recipients,
    render_reminder_email,
    send_due_reminders,
)

logger = logging.getLogger(__name__)


# ---- periods ---------------------------------------------------------------------------


def create_period(*, year, quarter):
    """The period of (year, quarter), created with its instants from the settings if missing.

    An existing period is returned unchanged: its instants are never re-derived.
    """
    period = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    if period:
        return period, False
    period = ReportingPeriod(
        year=year,
        quarter=quarter,
        **deadlines.period_instants(
            year,
            quarter,
            due_day=settings.REPORT_DUE_DAY,
            grace_days=settings.REPORT_GRACE_DAYS,
            lock_days=settings.REPORT_LOCK_DAYS,
        ),
    )
    period.full_clean()
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:  # created at the same moment by another process
        return ReportingPeriod.objects.get(year=year, quarter=quarter), False
    return period, True


def create_periods_for_year(*, year):
    """The four periods of `year` (idempotent); returns how many were created."""
    return sum(create_period(year=year, quarter=quarter)[1] for quarter in deadlines.QUARTERS)


# ---- reports -----------------------------------------------------------------------------


def _record(report, *, source, by, comment="", at=None):
    change = StatusChange(
        report=report,
        from_status=source or "",
        to_status=report.status,
        by=by,
        comment=comment,
        at=at or timezone.now(),
    )
    change.full_clean()
    change.save()
    return change


class ReportConflict(ValidationError):
    """The report was changed by someone else since the form was drawn; `report` is the stored one."""

    def __init__(self, report):
        super().__init__(
            _(
                "Someone else saved this report while you were editing it. Nothing of yours has been "
                "saved: their text is shown beside yours. Merge what you need, then save again."
            ),
            code="conflict",
        )
        self.report = report


STALE_REVIEW = "stale"


def _locked_report(organization, period):
    return QuarterlyReport.objects.select_for_update().filter(organization=organization, period=period).first()


def _create_report(organization, period):
    """Insert the unit's empty draft for `period`; None when another session inserted it first.

    Two first saves (or a first save and an excuse) can both find no report: the unique
    constraint lets one insert win, and the other then works on the row it created.
    """
    report = QuarterlyReport(
        organization=organization, period=period, organization_name=organization.name, status=workflow.DRAFT
    )
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return None
    return report


def _report_to_write(organization, period, *, version):
    """(the locked report or None if there is none yet, whether it was just created).

    Raises ReportConflict when `version` (the one the form was drawn with; 0 for "no report
    yet", None for "do not check") is not the stored one.
    """
    report = _locked_report(organization, period)
    if report is None:
        report = _create_report(organization, period)
        if report is not None:
            return report, True
        report = _locked_report(organization, period)  # committed by the other session by now
        if version is not None:
            raise ReportConflict(report)
        return report, False
    if version is not None and version != report.version:
        raise ReportConflict(report)
    return report, False


def _check_may_write(organization, period, now):
    if not selectors.must_report(organization, period):
        raise ValidationError(_("Your unit does not report for this period."))
    if not selectors.submission_open(organization, period, now):
        raise ValidationError(_("This reporting period is locked: the report can no longer be changed."))


def campaign_targets(campaign, year):
    """The measurable targets of `campaign` that apply in `year` (uses prefetched targets)."""
    return [
        target
        for target in campaign.targets.all()
        if target.target_value is not None and (target.year is None or target.year == year)
    ]


@transaction.atomic
def save_report(
    *,
    organization,
    period,
    by,
    summary="",
    proposals="",
    difficulties="",
    sections=(),
    attachments=(),
    submit=False,
    version=None,
    now=None,
):
    """Save the unit's report for `period` (creating the draft), and submit it when `submit`.

    `sections` is a list of dicts: campaign, activities, results, figures ({target: Decimal|None}).
    `version` is the report's version the form was drawn with (0: there was no report yet);
    when another save came in between, nothing is saved and ReportConflict is raised.
    A draft may be empty; a submitted report needs the content `completeness` asks for.
    """
    now = now or timezone.now()
    _check_may_write(organization, period, now)
    if submit:
        missing = missing_content(summary=normalize_text(summary), sections=sections)
        if missing:
            raise ValidationError(missing)
    report, created = _report_to_write(organization, period, version=version)
    source = None if created else report.status
    transition = workflow.find_transition(source, workflow.SUBMIT if submit else workflow.SAVE, workflow.OFFICER)
    if not created:
        report.version += 1
    report.organization_name = organization.name
    report.summary = normalize_text(summary)
    report.proposals = normalize_text(proposals)
    report.difficulties = normalize_text(difficulties)
    report.full_clean()
    report.save()
    if created:
        _record(report, source=None, by=by, at=now)
    _save_sections(report, sections, year=period.year)
    for upload in attachments:
        add_attachment(report=report, by=by, file=upload, now=now)
    if submit:
        report.status = transition.target
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        report.submitted_by = by
        report.full_clean()
        report.save()
        _record(report, source=source if source else workflow.DRAFT, by=by, at=now)
    return report


def _save_sections(report, sections, *, year):
    existing = {section.campaign_id: section for section in report.sections.all()}
    for position, data in enumerate(sections):
        campaign = data["campaign"]
        section = existing.get(campaign.pk) or ReportSection(report=report, campaign=campaign)
        section.campaign_name = campaign.name
        section.position = position
        section.activities = normalize_text(data.get("activities", ""))
        section.results = normalize_text(data.get("results", ""))
        section.full_clean()
        section.save()
        figures = {figure.target_id: figure for figure in section.figures.all()}
        for target, value in data.get("figures", {}).items():
            figure = figures.get(target.pk) or TargetFigure(section=section, target=target)
            figure.target_text = target.text
            figure.metric = target.metric
            figure.unit = target.unit
            figure.value = Decimal(value) if value not in (None, "") else None
            figure.full_clean()
            figure.save()


def add_attachment(*, report, by, file, now=None):
    """Attach a checked PDF/DOCX/XLSX file to `report`, up to REPORT_ATTACHMENTS_MAX files."""
    validate_attachment(file)
    if report.attachments.count() >= settings.REPORT_ATTACHMENTS_MAX:
        raise ValidationError(
            _("A report can have at most %(limit)s attached files; remove one before adding another.")
            % {"limit": settings.REPORT_ATTACHMENTS_MAX},
            code="too_many_attachments",
        )
    attachment = ReportAttachment(
        report=report,
        file=file,
        original_name=normalize_text(file.name)[:200],
        size=file.size,
        uploaded_by=by,
        uploaded_at=now or timezone.now(),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def delete_attachment(*, attachment, by, now=None):
    """Remove an attachment from a report the unit may still change."""
    report = attachment.report
    _check_may_write(report.organization, report.period, now or timezone.now())
    if not report.is_editable_status:
        raise ValidationError(_("A submitted report cannot be changed."))
    attachment.file.delete(save=False)
    attachment.delete()


def _transition(report, *, action, actor, by, comment="", now=None):
    now = now or timezone.now()
    source = report.status
    transition = workflow.find_transition(source, action, actor)
    comment = normalize_text(comment or "").strip()
    if transition.needs_comment and not comment:
        raise ValidationError(_("A comment is required."))
    report.status = transition.target
    report.version += 1
    report.full_clean()
    report.save()
    _record(report, source=source, by=by, comment=comment, at=now)
    return report


def _locked_for_review(report, version):
    """The report locked for update; refused when it changed since the reviewer's page showed `version`."""
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and version != report.version:
        raise ValidationError(
            _(
                "The report has changed since you opened this page; nothing has been done. "
                "Read it again as it is now, then decide."
            ),
            code=STALE_REVIEW,
        )
    return report


@transaction.atomic
def return_report(*, report, by, comment, version=None, now=None):
    """Return a submitted report to the unit for revision, saying why (refused if it changed since `version`)."""
    report = _locked_for_review(report, version)
    report = _transition(report, action=workflow.RETURN, actor=workflow.STAFF, by=by, comment=comment, now=now)
    # The unit hears of it: a notification now, an e-mail once the return is committed.
    notices.notify_report_returned(report=report, comment=normalize_text(comment).strip(), now=now)
    return report


@transaction.atomic
def accept_report(*, report, by, comment="", version=None, now=None):
    """Accept a submitted report (refused if it changed since `version`)."""
    report = _locked_for_review(report, version)
    return _transition(report, action=workflow.ACCEPT, actor=workflow.STAFF, by=by, comment=comment, now=now)


@transaction.atomic
def excuse_unit(*, organization, period, by, reason, now=None):
    """Excuse a unit from reporting for `period`, with a reason (creates the record if none)."""
    reason = normalize_text(reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason is required."))
    if not selectors.must_report(organization, period):
        raise ValidationError(_("This unit does not have to report for this period."))
    report, created = _report_to_write(organization, period, version=None)
    if created:
        workflow.find_transition(None, workflow.EXCUSE, workflow.STAFF)
        _record(report, source=None, by=by, at=now)
    report.excuse_reason = reason
    return _transition(report, action=workflow.EXCUSE, actor=workflow.STAFF, by=by, comment=reason, now=now)


@transaction.atomic
def revoke_excuse(*, organization, period, by, now=None):
    """Take back a unit's excuse for `period`: its report is a draft again and counts as due."""
    report = QuarterlyReport.objects.select_for_update().filter(organization=organization, period=period).first()
    if report is None or report.status != workflow.EXCUSED:
        raise ValidationError(_("This unit is not excused for this period."))
    report.excuse_reason = ""
    return _transition(report, action=workflow.REVOKE_EXCUSE, actor=workflow.STAFF, by=by, now=now)


@transaction.atomic
def grant_lock_exception(*, organization, period, by, reason, until, now=None):
    """Let one unit submit for a locked period until `until`, for a reason."""
    now = now or timezone.now()
    if until <= now:
        raise ValidationError({"until": _("The end of the exception must be in the future.")})
    if not selectors.must_report(organization, period):
        raise ValidationError(_("This unit does not have to report for this period."))
    exception = LockException.objects.filter(organization=organization, period=period).first() or LockException(
        organization=organization, period=period
    )
    exception.reason = normalize_text(reason or "").strip()
    exception.until = until
    exception.granted_by = by
    exception.granted_at = now
    exception.full_clean()
    exception.save()
    return exception


def mark_notification_read(*, notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
