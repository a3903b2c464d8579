"""Competition clusters (Cụm thi đua), their yearly membership, terms, pledges and assessments."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
