"""Every write to reporting periods, reports, reminders and notifications."""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import normalize_text

from . import deadlines, selectors, workflow
from .attachments import validate_attachment
from .completeness import missing_content
from .models import (
    LockException,
    Notification,
    QuarterlyReport,
    Reminder,
    ReportAttachment,
    ReportingPeriod,
    ReportSection,
    StatusChange,
    TargetFigure,
    TaskHeartbeat,
)

logger = logging.getLogger(__name__)

REMINDER_TASK = "reports.run_daily_reminders"


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
    """Attach a checked PDF/DOCX/XLSX file to `report`."""
    validate_attachment(file)
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
    return _transition(report, action=workflow.RETURN, actor=workflow.STAFF, by=by, comment=comment, now=now)


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


# ---- reminders ---------------------------------------------------------------------------


def claim_reminder(*, organization, period, rule, channel, by=None, now=None):
    """Insert the reminder row that gives the right to send it; None if another run has it."""
    reminder = Reminder(
        organization=organization,
        period=period,
        rule=rule,
        channel=channel,
        triggered_by=by,
        created_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        return None
    return reminder


def reminder_link(organization, period):
    return settings.SITE_URL.rstrip("/") + reverse("reports:report_edit", args=[period.pk])


def _notification_text(period, rule):
    due = timezone.localtime(period.due_at - datetime.timedelta(microseconds=1))
    if rule == deadlines.OVERDUE:
        return _("The report for %(period)s is overdue (deadline %(due)s). Please submit it as soon as possible.") % {
            "period": period,
            "due": f"{due:%H:%M %d/%m/%Y}",
        }
    return _("Reminder: the report for %(period)s is due by %(due)s.") % {
        "period": period,
        "due": f"{due:%H:%M %d/%m/%Y}",
    }


@transaction.atomic
def remind_unit(*, organization, period, rule, by=None, now=None):
    """Claim and send the reminders of `rule` to a unit: a portal notification now, the e-mail after commit.

    Returns the e-mail Reminder, or None when this (unit, period, rule) was already claimed.
    """
    from .tasks import send_reminder_email  # tasks sit above services; imported late to avoid a cycle

    now = now or timezone.now()
    email = claim_reminder(
        organization=organization, period=period, rule=rule, channel=Reminder.Channel.EMAIL, by=by, now=now
    )
    if email is None:
        return None
    portal = claim_reminder(
        organization=organization, period=period, rule=rule, channel=Reminder.Channel.PORTAL, by=by, now=now
    )
    if portal is not None:
        with translation.override("vi"):
            text = _notification_text(period, rule)
        Notification.objects.create(
            organization=organization, text=text, link=reverse("reports:report_edit", args=[period.pk]), created_at=now
        )
        portal.outcome = Reminder.Outcome.SENT
        portal.sent_at = now
        portal.attempts = 1
        portal.save(update_fields=["outcome", "sent_at", "attempts"])
    transaction.on_commit(lambda: send_reminder_email.delay(email.pk))
    return email


def manual_reminder_refusal(organization, period, now=None):
    """Why staff may not remind `organization` by hand for `period` now, or None when they may.

    A unit is reminded only while it still has something to send: it must report in the
    period, has not submitted (or its report was returned) and can still submit.
    """
    if not selectors.must_report(organization, period):
        return _("This unit does not have to report for this period.")
    report = QuarterlyReport.objects.filter(organization=organization, period=period).first()
    if report is not None and report.status not in workflow.EDITABLE:
        return _("This unit has nothing left to send for this period.")
    if not selectors.submission_open(organization, period, now):
        return _("The period is locked: grant the unit an exception before reminding it.")
    return None


def remind_unit_by_hand(*, organization, period, by, now=None):
    """A reminder sent by staff now, outside the daily schedule (refused when pointless)."""
    refusal = manual_reminder_refusal(organization, period, now)
    if refusal:
        raise ValidationError(refusal)
    return remind_unit(organization=organization, period=period, rule=Reminder.MANUAL, by=by, now=now)


def due_reminders(now=None):
    """(unit, period, rule) triples that the daily run would remind now and not already done."""
    now = now or timezone.now()
    result = []
    for period in selectors.reminder_periods(now):
        rule = deadlines.reminder_rule(
            now, due=period.due_at, lock=period.lock_at, offsets=settings.REPORT_REMINDER_OFFSETS
        )
        if rule is None:
            continue
        already = set(
            Reminder.objects.filter(period=period, rule=rule, channel=Reminder.Channel.EMAIL).values_list(
                "organization_id", flat=True
            )
        )
        result.extend((unit, period, rule) for unit in selectors.units_to_remind(period) if unit.pk not in already)
    return result


def send_due_reminders(*, now=None):
    """Remind every unit that is due a reminder now; returns the reminders this run claimed."""
    claimed = []
    for unit, period, rule in due_reminders(now):
        reminder = remind_unit(organization=unit, period=period, rule=rule, now=now)
        if reminder is not None:
            claimed.append(reminder)
    logger.info("Claimed %d report reminders", len(claimed))
    return claimed


def reminder_recipients(organization):
    emails = [organization.email] if organization.email else []
    emails += [
        user.email for user in organization.users.filter(is_active=True, groups__name="unit_officer").exclude(email="")
    ]
    return sorted(set(emails), key=emails.index)


def render_reminder_email(reminder):
    """Subject, text and HTML of a reminder e-mail, in Vietnamese."""
    period = reminder.period
    with translation.override("vi"):
        context = {
            "organization": reminder.organization,
            "period": period,
            "due_last_moment": timezone.localtime(period.due_at - datetime.timedelta(minutes=1)),
            "lock_at": timezone.localtime(period.lock_at),
            "overdue": reminder.rule == deadlines.OVERDUE,
            "link": reminder_link(reminder.organization, period),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("emails/report_reminder_subject.txt", context).strip()
        text = render_to_string("emails/report_reminder.txt", context)
        html = render_to_string("emails/report_reminder.html", context)
    return subject, text, html


def deliver_reminder_email(*, reminder_id, now=None):
    """Send one claimed reminder e-mail and record the outcome; re-raises on failure so it is retried."""
    reminder = Reminder.objects.select_related("organization", "period").filter(pk=reminder_id).first()
    if reminder is None:
        logger.warning("Reminder %s is gone", reminder_id)
        return None
    if reminder.outcome in (Reminder.Outcome.SENT, Reminder.Outcome.SKIPPED):
        return reminder  # delivered twice by the broker: sent once only
    recipients = reminder_recipients(reminder.organization)
    reminder.attempts += 1
    reminder.recipients = ", ".join(recipients)
    if not recipients:
        reminder.outcome = Reminder.Outcome.SKIPPED
        reminder.error = "No e-mail address for this unit"
        reminder.save(update_fields=["attempts", "recipients", "outcome", "error"])
        logger.warning("Reminder %s: %s has no e-mail address", reminder.pk, reminder.organization)
        return reminder
    subject, text, html = render_reminder_email(reminder)
    message = EmailMultiAlternatives(subject, text, to=recipients)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as error:
        reminder.outcome = Reminder.Outcome.FAILED
        reminder.error = f"{type(error).__name__}: {error}"[:2000]
        reminder.save(update_fields=["attempts", "recipients", "outcome", "error"])
        logger.warning("Reminder %s failed (attempt %d): %s", reminder.pk, reminder.attempts, error)
        raise
    reminder.outcome = Reminder.Outcome.SENT
    reminder.sent_at = now or timezone.now()
    reminder.error = ""
    reminder.save(update_fields=["attempts", "recipients", "outcome", "error", "sent_at"])
    return reminder


def record_heartbeat(*, name, now=None):
    """Note that the periodic task `name` has just run."""
    TaskHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": now or timezone.now()})


def mark_notification_read(*, notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
