from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_portal.search import Searchable, sortable


class OrganizationQuerySet(models.QuerySet):
    def active_on(self, day):
        """Organisations that existed on `day` (validity bounds are inclusive)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def active(self):
        return self.active_on(timezone.localdate())

    def active_during(self, year):
        """Organisations that existed on at least one day of `year`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__year__lte=year),
            Q(valid_until__isnull=True) | Q(valid_until__year__gte=year),
        )


class Organization(Searchable):
    """A ministry, one of its departments, a provincial department or an enterprise.

    Organisations are never deleted: a merged unit gets `valid_until` and a successor,
    so history recorded under its name stays readable.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        MINISTRY_DEPARTMENT = "ministry_department", _("Ministry department")
        PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
        ENTERPRISE = "enterprise", _("Enterprise")
        OTHER = "other", _("Other")

    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("A stable short key, e.g. so-tttt-gia-lai.")
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    province = models.CharField(_("province or city"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("The last day the organisation existed.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    # The name shown, as a key the database orders in Vietnamese alphabetical order.
    sort_name = models.TextField(editable=False, blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="organization_valid_period_ordered",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("pk")), name="organization_not_own_successor"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:organization_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.sort_name = sortable(self.display_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name"}
        super().save(*args, **kwargs)

    def search_sources(self):
        return (self.name, self.short_name, self.province, self.code)

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def is_active_during(self, year):
        """Whether the organisation existed on at least one day of `year`."""
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_until is None or self.valid_until.year >= year
        )

    @property
    def is_active(self):
        return self.is_active_on(timezone.localdate())


class User(AbstractUser):
    """A person who logs in; belongs to at most one organisation."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Vietnamese order: family and middle name first, given name last ("Trần Thị Minh").
        return f"{self.last_name} {self.first_name}".strip()
