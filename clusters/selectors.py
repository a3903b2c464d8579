"""Reads of clusters for lists and pages."""

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from accounts.models import Organization
from emulation_portal.params import ASCII_NUMBER

from . import ranking
from .models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeSignature, SelfAssessment


def clusters_with_current_terms(year, *, search="", kind=""):
    """Clusters (optionally matching `search` and of `kind`) with their `year` member count and recent terms.

    Each cluster gets `member_count` and `recent_terms` (terms up to `year`, newest first);
    call `attach_current_terms` on the evaluated page to set `current_term`.
    """
    terms = ClusterTerm.objects.filter(year__lte=year).select_related("chair", "vice_chair").order_by("-year")
    clusters = Cluster.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__year=year))
    ).prefetch_related(Prefetch("terms", queryset=terms, to_attr="recent_terms"))
    if search:
        number = int(search) if ASCII_NUMBER.fullmatch(search) else None
        clusters = clusters.filter(Q(name__icontains=search) | Q(description__icontains=search) | Q(number=number))
    if kind:
        clusters = clusters.filter(kind=kind)
    # Clusters before blocks ("cluster" > "block"), each by number.
    return clusters.order_by("-kind", "number")


def attach_current_terms(clusters):
    """Set `current_term` (the latest term up to the year asked, or None) on each cluster; return them."""
    clusters = list(clusters)
    for cluster in clusters:
        cluster.current_term = cluster.recent_terms[0] if cluster.recent_terms else None
    return clusters


def membership_years(cluster):
    """The years for which the cluster has members, newest first."""
    return list(cluster.memberships.order_by("-year").values_list("year", flat=True).distinct())


def members_of(cluster, year):
    """The memberships of `cluster` in `year`, in rotation order, with organisation and successor."""
    return list(
        ClusterMembership.objects.filter(cluster=cluster, year=year)
        .select_related("organization__successor")
        .order_by("rotation_order")
    )


def terms_of(cluster):
    """The cluster's terms, newest first."""
    return list(cluster.terms.select_related("chair", "vice_chair").order_by("-year"))


def pledges_of(cluster):
    """The cluster's pledges, newest first, with their criteria and signature counts."""
    return list(
        cluster.pledges.annotate(
            criterion_count=Count("criteria", distinct=True), signature_count=Count("signatures", distinct=True)
        ).order_by("-year")
    )


def signatures_of(pledge):
    """The pledge's signatures, with organisation and signer, in signing order."""
    return list(PledgeSignature.objects.filter(pledge=pledge).select_related("organization", "signed_by"))


def pledge_ranking(pledge, memberships):
    """The ranking of the members of `pledge`'s year, from their final scores."""
    totals = dict(
        SelfAssessment.objects.filter(criterion__pledge=pledge)
        .values("organization")
        .annotate(total=Sum(Coalesce("adjusted_score", "score")))
        .values_list("organization", "total")
    )
    return ranking.rank(
        (m.organization_id, m.organization.display_name, totals.get(m.organization_id)) for m in memberships
    )


def assessments_by_org(pledge):
    """{organisation id: {criterion id: SelfAssessment}} for `pledge`."""
    result = {}
    for assessment in SelfAssessment.objects.filter(criterion__pledge=pledge):
        result.setdefault(assessment.organization_id, {})[assessment.criterion_id] = assessment
    return result


def latest_pledge_before(cluster, year):
    """The cluster's most recent pledge before `year`, with its criteria, or None."""
    return cluster.pledges.filter(year__lt=year).prefetch_related("criteria").order_by("-year").first()


def pledges_for_unit(organization, year):
    """Pledges of the clusters `organization` belongs to in `year` (for the dashboard)."""
    cluster_ids = ClusterMembership.objects.filter(organization=organization, year=year).values("cluster_id")
    return list(Pledge.objects.filter(cluster_id__in=cluster_ids, year=year).select_related("cluster"))


def eligible_members(cluster, year):
    """Provincial departments that may be members of `cluster` in `year`: existing then, in no other cluster."""
    taken = ClusterMembership.objects.filter(year=year).exclude(cluster=cluster).values("organization_id")
    return (
        Organization.objects.active_during(year)
        .filter(kind=Organization.Kind.PROVINCIAL_DEPARTMENT)
        .exclude(pk__in=taken)
        .select_related("successor")
        .order_by("name")
    )
