"""Directives (Chỉ thị), the emulation campaigns they launch, and their themes, tasks and targets.

Nothing here is hard-deleted once referenced: directives and campaigns are archived,
fields are deactivated, and foreign keys to them are PROTECT.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation_portal.search import Searchable

from .attachments import validate_attachment

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


class Field(models.Model):
    """A field of the ministry's state management (lĩnh vực), e.g. Bưu chính."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Directive(Searchable):
    """A directive (Chỉ thị) of the ministry, e.g. 103/CT-BTTTT."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        ARCHIVED = "archived", _("Archived")

    number = models.CharField(
        pgettext_lazy("document number", "number"),
        max_length=50,
        unique=True,
        help_text=_("The document number, e.g. 103/CT-BTTTT."),
        error_messages={"unique": _("A directive with this number already exists.")},
    )
    issued_on = models.DateField(
        _("issue date"), null=True, blank=True, help_text=_("Leave blank only when the source does not give it.")
    )
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    title = models.CharField(_("title (summary)"), max_length=500)
    body = models.TextField(_("full text"), blank=True)
    attachment = models.FileField(
        _("attached file"),
        upload_to="campaigns/directives/%Y/",
        blank=True,
        validators=[validate_attachment],
        help_text=_("PDF or DOCX, at most 20 MB."),
    )
    year = models.PositiveSmallIntegerField(_("year governed"), validators=YEAR_VALIDATORS)
    references = models.TextField(
        _("referenced documents"), blank=True, help_text=_("Other directives and documents it refers to, one a line.")
    )
    related_directives = models.ManyToManyField(
        "self",
        verbose_name=_("related directives"),
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
    )
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("The 'Nơi nhận' list, one a line."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-year", "-issued_on", "number"]
        indexes = [models.Index(fields=["year", "status"], name="directive_year_status")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("campaigns:directive_detail", args=[self.pk])

    def search_sources(self):
        return (self.number, self.title, self.body)

    @property
    def is_archived(self):
        return self.status == self.Status.ARCHIVED


class CampaignQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Campaign.Status.ACTIVE)

    def running_in(self, year):
        """Campaigns whose period overlaps calendar year `year` (open-ended ones never end)."""
        return self.filter(Q(start_date__year__lte=year), Q(end_date__isnull=True) | Q(end_date__year__gte=year))


class Campaign(Searchable):
    """An emulation campaign (phong trào thi đua), usually launched by a directive."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        PERIODIC = "periodic", _("Periodic")
        THEMATIC = "thematic", _("Thematic")
        SPECIAL = "special", _("Special")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("campaign status", "Active")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave blank if open-ended."))
    lead_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_campaigns",
    )
    all_organizations = models.BooleanField(
        _("all organisations take part"),
        default=True,
        help_text=_("Untick to choose the participating organisations."),
    )
    participants = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="campaigns",
    )
    fields = models.ManyToManyField(Field, verbose_name=_("fields"), blank=True, related_name="campaigns")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="campaign_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"], name="campaign_status_start")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.pk])

    def search_sources(self):
        directive = self.directive if self.directive_id else None
        return (self.name, self.description, directive and directive.number, directive and directive.title)

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def is_archived(self):
        return self.status == self.Status.ARCHIVED

    @property
    def is_over(self):
        """Whether the campaign's period has ended (in Vietnam's calendar)."""
        return self.end_date is not None and self.end_date < timezone.localdate()

    def runs_in(self, year):
        return self.start_date.year <= year and (self.end_date is None or self.end_date.year >= year)

    @property
    def years(self):
        """The calendar years the campaign runs in (up to its start year + 10 when open-ended)."""
        last = self.end_date.year if self.end_date else self.start_date.year + 10
        return range(self.start_date.year, last + 1)


class CampaignTheme(models.Model):
    """The theme (chủ đề) of a campaign for one year."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="themes")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    text = models.TextField(_("theme"))

    class Meta:
        verbose_name = _("annual theme")
        verbose_name_plural = _("annual themes")
        ordering = ["campaign", "-year"]
        constraints = [models.UniqueConstraint(fields=["campaign", "year"], name="campaign_theme_one_per_year")]

    def __str__(self):
        return self.text


class CampaignTask(Searchable):
    """One numbered content or key task of a campaign ("Một là …")."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"))
    text = models.TextField(_("task"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["campaign", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "position"], name="campaign_task_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"

    def search_sources(self):
        return (self.text,)


class Target(Searchable):
    """A target (mục tiêu, chỉ tiêu) of a campaign in one field, measurable or not."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least (≥)")
        AT_MOST = "at_most", _("at most (≤)")
        EQUAL = "equal", _("exactly (=)")
        BETWEEN = "between", _("between (from – to)")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets")
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Blank: the whole campaign.")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    text = models.TextField(_("target"))
    metric = models.CharField(_("metric"), max_length=300, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_value_max = models.DecimalField(
        _("upper value"), max_digits=16, decimal_places=4, null=True, blank=True, help_text=_("Only for a range.")
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["campaign", "field__position", "field__name", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | ~Q(direction=""),
                name="target_value_has_direction",
            ),
            models.CheckConstraint(
                condition=~Q(direction="between")
                | (Q(target_value_max__isnull=False) & Q(target_value_max__gte=models.F("target_value"))),
                name="target_range_ordered",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def search_sources(self):
        return (self.text, self.metric)

    @property
    def is_measurable(self):
        return self.target_value is not None

    def clean(self):
        errors = {}
        if self.metric and self.target_value is None:
            errors["target_value"] = _("Give the target value of this metric.")
        if self.target_value is not None:
            if not self.metric:
                errors["metric"] = _("Name the metric this value measures.")
            if not self.direction:
                errors["direction"] = _("Choose whether the value is a minimum, a maximum or exact.")
        if self.direction == self.Direction.BETWEEN:
            if self.target_value_max is None:
                errors["target_value_max"] = _("Give the upper value of the range.")
            elif self.target_value is not None and self.target_value_max < self.target_value:
                errors["target_value_max"] = _("The upper value cannot be below the target value.")
        elif self.target_value_max is not None:
            errors["target_value_max"] = _("An upper value is only used with a range.")
        if errors:
            raise ValidationError(errors)
