"""Reporting periods, quarterly reports, their history and attachments, and reminders."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization

from . import deadlines, workflow


class ReportingPeriod(models.Model):
    """One quarter's reporting period; its instants are computed once, at creation."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, q) for q in deadlines.QUARTERS])
    opens_on = models.DateField(_("opens on"))
    due_at = models.DateTimeField(_("due at"), help_text=_("Reports submitted from this instant on are late."))
    grace_until = models.DateTimeField(_("grace period ends"), null=True, blank=True)
    lock_at = models.DateTimeField(_("locked from"), help_text=_("After this instant units can no longer submit."))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="reportingperiod_unique_year_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="reportingperiod_quarter_1_4"),
            models.CheckConstraint(condition=Q(lock_at__gte=models.F("due_at")), name="reportingperiod_lock_after_due"),
        ]

    def __str__(self):
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": self.quarter, "year": self.year}

    @property
    def label(self):
        return str(self)

    @property
    def reference_day(self):
        """The day on which a unit must exist to be asked for this report: the last on-time day."""
        return deadlines.last_on_time_day(self.due_at)

    @property
    def on_time_until(self):
        return self.grace_until or self.due_at

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_on <= timezone.localdate(now) and now < self.lock_at

    def is_locked(self, now=None):
        return (now or timezone.now()) >= self.lock_at

    def days_left(self, now=None):
        return deadlines.days_left(now or timezone.now(), self.due_at)


class QuarterlyReport(models.Model):
    """A unit's report for one period; status changes only through reports.services."""

    class Status(models.TextChoices):
        DRAFT = workflow.DRAFT, _("Draft")
        # Contexts: the awards app says these words differently (Django merges the catalogues).
        SUBMITTED = workflow.SUBMITTED, pgettext_lazy("report", "Submitted")
        RETURNED = workflow.RETURNED, pgettext_lazy("report", "Returned for revision")
        ACCEPTED = workflow.ACCEPTED, _("Accepted")
        EXCUSED = workflow.EXCUSED, _("Excused")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    organization_name = models.CharField(
        _("organisation name at the time"), max_length=300, help_text=_("Kept as it was when the report was made.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("general assessment"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    excuse_reason = models.TextField(_("reason for the excuse"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    # Raised by every write through reports.services; a form carries the value it was drawn
    # with, and a save or a review based on an older value is refused (optimistic locking).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, help_text=_("Timeliness is judged on the first submission.")
    )
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-period__year", "-period__quarter", "organization_name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="quarterlyreport_unique_org_period"),
            models.CheckConstraint(
                condition=~Q(status__in=workflow.REPORTED) | Q(first_submitted_at__isnull=False),
                name="quarterlyreport_reported_has_submission",
            ),
        ]

    def __str__(self):
        return f"{self.organization_name} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_reported(self):
        return self.status in workflow.REPORTED

    @property
    def is_editable_status(self):
        return self.status in workflow.EDITABLE

    @property
    def is_late(self):
        """Late when first submitted on or after the deadline (or the grace end); None if never submitted."""
        if self.first_submitted_at is None:
            return None
        return not deadlines.is_on_time(self.first_submitted_at, due=self.period.due_at, grace=self.period.grace_until)


class ReportSection(models.Model):
    """The part of a report about one campaign the unit takes part in."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="sections")
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="report_sections"
    )
    campaign_name = models.CharField(_("campaign name at the time"), max_length=500)
    position = models.PositiveSmallIntegerField(_("order in the report"), default=0)
    activities = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "campaign"], name="reportsection_unique_report_campaign"),
        ]

    def __str__(self):
        return self.campaign_name


class TargetFigure(models.Model):
    """The figure a unit reports against one measurable target of a campaign."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(
        "campaigns.Target", verbose_name=_("target"), on_delete=models.PROTECT, related_name="report_figures"
    )
    target_text = models.TextField(_("target at the time"))
    metric = models.CharField(_("metric"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    value = models.DecimalField(_("achieved"), max_digits=16, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("target figure")
        verbose_name_plural = _("target figures")
        ordering = ["section", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "target"], name="targetfigure_unique_section_target"),
        ]

    def __str__(self):
        return f"{self.metric}: {self.value}"


class StatusChange(models.Model):
    """One entry of a report's history: who moved it from which status to which, and why."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=16, choices=QuarterlyReport.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=QuarterlyReport.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(pgettext_lazy("report", "comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=workflow.RETURNED, from_status=workflow.SUBMITTED) | ~Q(comment=""),
                name="statuschange_return_has_comment",
            )
        ]

    def __str__(self):
        return f"{self.report}: {self.from_status or '-'} → {self.to_status}"


def attachment_path(instance, filename):
    # A private folder per report; the original name is kept in the row, not trusted on disk.
    return f"reports/{instance.report_id}/{timezone.now():%Y%m%d%H%M%S}{Path(filename).suffix.lower()}"


class ReportAttachment(models.Model):
    """A PDF, DOCX or XLSX file attached to a report; served only through a checked view."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reports:attachment_download", args=[self.pk])


class LockException(models.Model):
    """Staff allow one unit to submit for a locked period until `until`, for a reason."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="lock_exceptions")
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("until"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="lockexception_unique_org_period"),
            models.CheckConstraint(condition=~Q(reason=""), name="lockexception_has_reason"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.period}"


class Reminder(models.Model):
    """The log of reminders; the row is claimed before sending, so each is sent at most once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PORTAL = "portal", _("Portal notification")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Marked (and committed) just before the hand-over to SMTP: a row left in this state
        # may have been delivered, so it is never sent again without a check.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed (retrying)")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Delivery uncertain")
        SKIPPED = "skipped", _("Not sent: no recipient")

    MANUAL = "manual"
    # No further attempt is made in these states.
    FINAL = (Outcome.SENT, Outcome.FAILED, Outcome.UNCERTAIN, Outcome.SKIPPED)
    # States staff must look at.
    PROBLEMS = (Outcome.FAILED, Outcome.UNCERTAIN)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="report_reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reminders")
    rule = models.CharField(_("rule"), max_length=16)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    recipients = models.TextField(_("sent to"), blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Scheduled reminders are claimed by inserting this row: the database refuses a second one.
            models.UniqueConstraint(
                fields=["organization", "period", "rule", "channel"],
                condition=~Q(rule="manual"),
                name="reminder_unique_org_period_rule_channel",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "organization"], name="reminder_period_org_idx"),
            models.Index(fields=["outcome", "created_at"], name="reminder_outcome_idx"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.period} — {self.rule} ({self.channel})"

    @property
    def message_id(self):
        """The e-mail's Message-ID: lets staff look an uncertain delivery up in the mail server's log."""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
        return f"<reminder-{self.pk}-{self.created_at:%Y%m%d%H%M%S}@{domain}>"

    @property
    def rule_label(self):
        if self.rule == deadlines.OVERDUE:
            return _("Overdue")
        if self.rule == self.MANUAL:
            return _("By hand")
        days = self.rule.removeprefix("before-")
        return _("%(days)s days before") % {"days": days}


class Notification(models.Model):
    """A message to a unit, shown on its officers' home page."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text


class TaskHeartbeat(models.Model):
    """When a periodic task last ran to the end, and its last failure, so staff notice a stopped beat."""

    name = models.CharField(_("periodic task"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("last successful run"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("task heartbeat")
        verbose_name_plural = _("task heartbeats")

    def __str__(self):
        return self.name

    @property
    def stale(self):
        """True when the task has not run to the end for over a day (the beat or the worker has stopped)."""
        return self.last_run_at is None or timezone.now() - self.last_run_at > datetime.timedelta(days=1)

    @property
    def failing(self):
        """True when the last run failed (no success since)."""
        return self.last_failure_at is not None and (
            self.last_run_at is None or self.last_failure_at > self.last_run_at
        )

    @property
    def unfinished(self):
        """True when the last run started but neither succeeded nor recorded a failure (it was killed)."""
        ends = [at for at in (self.last_run_at, self.last_failure_at) if at is not None]
        return self.last_started_at is not None and (not ends or self.last_started_at > max(ends))

    @property
    def stalled(self):
        """True when the last run was killed: it started over REPORT_REMINDER_REQUEUE_MINUTES ago and never ended."""
        limit = datetime.timedelta(minutes=settings.REPORT_REMINDER_REQUEUE_MINUTES)
        return self.unfinished and timezone.now() - self.last_started_at > limit
