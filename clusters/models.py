"""Competition clusters (Cụm thi đua), their yearly membership, terms, pledges and assessments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization


class Cluster(models.Model):
    """A competition cluster or block decided by the Minister (e.g. "Cụm thi đua số 6")."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cluster")
        BLOCK = "block", _("Block")

    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CLUSTER)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="cluster_unique_kind_number"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:cluster_detail", args=[self.pk])


class ClusterMembership(models.Model):
    """A unit's membership of a cluster in one year, with its place in the rotation order.

    A unit is in at most one cluster per year; moving a unit means a different cluster
    next year, and a merged unit simply has no membership after it ended.
    """

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cluster_memberships",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rotation_order = models.PositiveSmallIntegerField(_("rotation order"))

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "year", "rotation_order"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="clustermembership_unique_org_year"),
            models.UniqueConstraint(
                fields=["cluster", "year", "rotation_order"], name="clustermembership_unique_cluster_year_order"
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.cluster} ({self.year})"


class ClusterTerm(models.Model):
    """The chair (Cụm trưởng) and vice-chair (Cụm phó) of a cluster for one year.

    A term is final once staff record the Minister's recognising decision; until then it
    is recorded but awaiting recognition (chair powers already apply, see permissions.py).
    """

    class Selection(models.TextChoices):
        ROTATION = "rotation", _("Rotation proposal")
        CONFERENCE = "conference", _("Conference decision")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="terms")
    year = models.PositiveSmallIntegerField(_("year"))
    chair = models.ForeignKey(
        Organization, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="chaired_terms"
    )
    # Null only for history where the source names the chair but not the vice-chair.
    vice_chair = models.ForeignKey(
        Organization,
        verbose_name=_("vice-chair"),
        on_delete=models.PROTECT,
        related_name="vice_chaired_terms",
        null=True,
        blank=True,
    )
    # Blank only for history whose source does not say how the term was chosen.
    selection = models.CharField(_("chosen by"), max_length=16, choices=Selection.choices, blank=True)
    conference_date = models.DateField(_("conference date"), null=True, blank=True)
    conference_place = models.CharField(_("conference place"), max_length=200, blank=True)
    decision_number = models.CharField(_("recognising decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("recognising decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster term")
        verbose_name_plural = _("cluster terms")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="clusterterm_unique_cluster_year"),
            models.CheckConstraint(condition=~Q(chair=models.F("vice_chair")), name="clusterterm_chair_not_vice"),
            models.CheckConstraint(
                condition=(Q(decision_number="") & Q(decision_date__isnull=True))
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="clusterterm_decision_complete",
            ),
            # The Minister recognises what a conference chose: never before that conference.
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True)
                | Q(conference_date__isnull=True)
                | Q(decision_date__gte=models.F("conference_date")),
                name="clusterterm_decision_after_conference",
            ),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.year}"

    def clean(self):
        super().clean()
        errors = {}
        if self.chair_id and self.chair_id == self.vice_chair_id:
            errors["vice_chair"] = _("The chair and the vice-chair must be different units.")
        if self.cluster_id and self.year:
            member_ids = set(
                ClusterMembership.objects.filter(cluster_id=self.cluster_id, year=self.year).values_list(
                    "organization_id", flat=True
                )
            )
            for name in ("chair", "vice_chair"):
                org_id = getattr(self, f"{name}_id")
                if org_id and org_id not in member_ids and name not in errors:
                    errors[name] = _("This unit is not a member of the cluster in %(year)s.") % {"year": self.year}
        if bool(self.decision_number) != bool(self.decision_date):
            errors["decision_date"] = _("Give both the number and the date of the recognising decision.")
        elif self.decision_date and self.conference_date and self.decision_date < self.conference_date:
            errors["decision_date"] = _("The recognising decision cannot be dated before the conference (%(day)s).") % {
                "day": self.conference_date.strftime("%d/%m/%Y")
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_recognised(self):
        return bool(self.decision_number)


class TermCorrection(models.Model):
    """An audited change to a final (recognised) term: who changed what, when, and why."""

    term = models.ForeignKey(ClusterTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="corrections")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("corrected at"), default=timezone.now)
    reason = models.TextField(_("reason for the correction"))
    # {field name: {"label": ..., "from": ..., "to": ...}}, values as shown to people.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("term correction")
        verbose_name_plural = _("term corrections")
        ordering = ["term", "-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="termcorrection_has_reason"),
        ]

    def __str__(self):
        return f"{self.term} — {self.at:%d/%m/%Y}"


class Pledge(models.Model):
    """A cluster's emulation pledge (giao ước thi đua) for one year, with its assessment cycle."""

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="pledges")
    year = models.PositiveSmallIntegerField(_("year"))
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    signing_place = models.CharField(_("signing place"), max_length=200, blank=True)
    assessment_due_on = models.DateField(
        _("self-assessment due on"),
        null=True,
        blank=True,
        help_text=_("Members may enter their self-assessment until the end of this day."),
    )
    ranking_published_at = models.DateTimeField(_("ranking published at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="pledge_unique_cluster_year"),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.year}"

    def get_absolute_url(self):
        return reverse("clusters:pledge_detail", args=[self.pk])


class PledgeCriterion(models.Model):
    """One criterion (tiêu chí) of a pledge, in order, with an optional maximum score."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"))
    text = models.TextField(_("text"))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["pledge", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "position"], name="pledgecriterion_unique_position"),
            models.CheckConstraint(
                condition=Q(max_score__isnull=True) | Q(max_score__gt=0), name="pledgecriterion_max_positive"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class PledgeSignature(models.Model):
    """A member unit's signature of a pledge: who clicked, and when."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["pledge", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "organization"], name="pledgesignature_unique_org"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.pledge}"


class SelfAssessment(models.Model):
    """A member's year-end score on one criterion, and the chair's adjustment if any."""

    criterion = models.ForeignKey(
        PledgeCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="assessments"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="self_assessments"
    )
    score = models.DecimalField(_("self score"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("entered at"), default=timezone.now)
    adjusted_score = models.DecimalField(_("adjusted score"), max_digits=6, decimal_places=2, null=True, blank=True)
    adjustment_reason = models.CharField(_("reason for adjustment"), max_length=500, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjusted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["criterion", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "organization"], name="selfassessment_unique_org"),
            models.CheckConstraint(condition=Q(score__gte=0), name="selfassessment_score_not_negative"),
            models.CheckConstraint(
                condition=Q(adjusted_score__isnull=True) | (Q(adjusted_score__gte=0) & ~Q(adjustment_reason="")),
                name="selfassessment_adjustment_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.criterion}"

    @property
    def final_score(self):
        return self.score if self.adjusted_score is None else self.adjusted_score


class ClusterMeeting(models.Model):
    """A cluster's conference (hội nghị tổng kết / sơ kết): where members deliberate and vote.

    `year` is the year the conference is held in; `results_year` the year whose results it
    reviews (Cụm 6 met on 06/3/2020 to review 2019). Attendance is recorded per member unit.
    """

    class Kind(models.TextChoices):
        YEAR_END = "year_end", _("Year-end conference")
        MID_TERM = "mid_term", _("Mid-term conference")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")

    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField(_("year"))
    results_year = models.PositiveSmallIntegerField(_("results of year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.YEAR_END)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.ForeignKey(
        Organization,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster meeting")
        verbose_name_plural = _("cluster meetings")
        ordering = ["cluster", "-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year", "kind"], name="clustermeeting_unique_cluster_year_kind"),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class MeetingAttendance(models.Model):
    """Whether a member unit attends a meeting, and who represents it."""

    meeting = models.ForeignKey(
        ClusterMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    present = models.BooleanField(_("present"), default=False)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    representative_position = models.CharField(_("position"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], name="meetingattendance_unique_org"),
        ]

    def __str__(self):
        return f"{self.organization} — {self.meeting}"
