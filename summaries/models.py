"""Summary files (PDF, XLSX) built in the background and kept while their data is unchanged."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def summary_path(instance, filename):
    # Private storage, never served as such: the download view checks who may read it.
    return f"summaries/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class SummaryFile(models.Model):
    """One requested summary: what was asked (kind, format, parameters), its data fingerprint and its file.

    A ready row is reused for every later request with the same fingerprint; when the data
    change, the fingerprint changes and a new row is built.
    """

    class Kind(models.TextChoices):
        COMPLIANCE = "compliance", _("Quarterly compliance summary")
        CAMPAIGN = "campaign", _("Campaign summary")
        CLUSTER = "cluster", _("Cluster year summary")
        AWARDS = "awards", _("Awards summary")
        MATRIX = "matrix", _("Report tracking table")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be built")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", pgettext_lazy("summary build status", "Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.PDF)
    parameters = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, default="vi")
    fingerprint = models.CharField(_("data fingerprint"), max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=summary_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary file")
        verbose_name_plural = _("summary files")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One live (waiting, building or ready) file per fingerprint: a second request reuses it.
            models.UniqueConstraint(
                fields=["fingerprint"], condition=~Q(status="failed"), name="summaryfile_unique_live_fingerprint"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="summaryfile_progress_at_most_100"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="summaryfile_ready_has_file"),
        ]
        indexes = [models.Index(fields=["kind", "status"], name="summaryfile_kind_status_idx")]

    def __str__(self):
        return f"{self.title} ({self.format.upper()})"

    def get_absolute_url(self):
        return reverse("summaries:summary_detail", args=[self.pk])

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED

    @property
    def is_waiting(self):
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def download_name(self):
        return f"{self.parameters.get('slug') or self.kind}.{self.format}"
