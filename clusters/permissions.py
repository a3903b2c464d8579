"""Who may see and do what in clusters.

Chair powers (drafting the pledge, setting the assessment deadline, reviewing scores,
publishing the ranking, proposing the next term) belong to the officers of the chair's
unit of the *recorded* term for that year, whether or not the Minister's recognising
decision has been recorded yet: clusters sign the pledge at the very conference that
chooses the chair, weeks before the decision arrives. Ministry staff maintain clusters,
membership and terms, but do not act as a cluster's chair.

Nobody reviews their own scores: the chair's unit reviews every member's self-assessment
except its own, which the vice-chair's unit reviews (see `reviewing_unit_id`). Where no
vice-chair is recorded, the chair's own self scores stand unadjusted.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer

from .models import Cluster, ClusterMembership, ClusterTerm, Pledge


def can_use_clusters(user):
    """Whether `user` may see clusters at all (any portal role)."""
    return can_view_overview(user) or is_unit_officer(user)


def is_member(user, cluster_id, year):
    """Whether `user` acts for a member unit of the cluster in `year`."""
    if not is_unit_officer(user):
        return False
    cache = user.__dict__.setdefault("_cluster_membership_cache", {})
    key = (cluster_id, year)
    if key not in cache:
        cache[key] = ClusterMembership.objects.filter(
            cluster_id=cluster_id, year=year, organization_id=user.organization_id
        ).exists()
    return cache[key]


def is_chair_unit(user, cluster_id, year):
    """Whether `user` acts for the chair's unit of the cluster's recorded term for `year`."""
    if not is_unit_officer(user):
        return False
    return ClusterTerm.objects.filter(cluster_id=cluster_id, year=year, chair_id=user.organization_id).exists()


def can_manage_clusters(user):
    """Whether `user` may create clusters, set membership and record terms and decisions."""
    return is_ministry_staff(user)


def can_propose_term(user, cluster_id, year, today=None):
    """Whether `user` may record the term of `year`: staff, or the chair's unit of the year before.

    The chair's unit proposes only its successor (the term right after its own), only for
    the coming year or the one under way (the conference often meets in January), and only
    while no term is recorded for that year: a conference decision, a recognised term or an
    earlier proposal is changed by ministry staff alone. Otherwise a chair could name itself
    chair of any later year and gain that year's powers.
    """
    if is_ministry_staff(user):
        return True
    today = today or timezone.localdate()
    if year not in (today.year, today.year + 1):
        return False
    if not is_chair_unit(user, cluster_id, year - 1):
        return False
    return not ClusterTerm.objects.filter(cluster_id=cluster_id, year=year).exists()


def reviewing_unit_id(term, organization_id):
    """The unit that reviews `organization_id`'s scores: the chair's, or the vice-chair's for the chair's own."""
    if term is None:
        return None
    if organization_id == term.chair_id:
        return term.vice_chair_id
    return term.chair_id


def can_review(user, term, organization_id):
    """Whether `user` acts for the unit that reviews `organization_id`'s scores under `term`."""
    reviewer = reviewing_unit_id(term, organization_id)
    return is_unit_officer(user) and reviewer is not None and user.organization_id == reviewer


def can_sign(user, pledge, signed_org_ids):
    """Whether `user` may sign `pledge` now for their unit."""
    return is_member(user, pledge.cluster_id, pledge.year) and user.organization_id not in signed_org_ids


def assessment_open(pledge, today=None):
    """Whether members may still enter self-assessments (until the end of the due day, ICT)."""
    today = today or timezone.localdate()
    return (
        pledge.assessment_due_on is not None and today <= pledge.assessment_due_on and not pledge.ranking_published_at
    )


def can_self_assess(user, pledge, today=None):
    """Whether `user` may enter their own unit's scores on `pledge` now."""
    return is_member(user, pledge.cluster_id, pledge.year) and assessment_open(pledge, today)


def can_see_ranking(user, pledge):
    """Members, staff and leadership once published; the chair's unit while it reviews."""
    if is_chair_unit(user, pledge.cluster_id, pledge.year):
        return True
    if not pledge.ranking_published_at:
        return False
    return can_view_overview(user) or is_member(user, pledge.cluster_id, pledge.year)


def get_cluster_for_user(request, pk, *, write=False):
    """The cluster `pk`: 404 for users without a portal role, 403 for writes by non-staff."""
    if not can_use_clusters(request.user):
        raise Http404
    cluster = get_object_or_404(Cluster, pk=pk)
    if write and not can_manage_clusters(request.user):
        raise PermissionDenied
    return cluster


def get_pledge_for_user(request, pk, *, write=False):
    """The pledge `pk`: 404 without a portal role, 403 for writes by anyone but the chair's unit."""
    if not can_use_clusters(request.user):
        raise Http404
    pledge = get_object_or_404(Pledge.objects.select_related("cluster"), pk=pk)
    if write and not is_chair_unit(request.user, pledge.cluster_id, pledge.year):
        raise PermissionDenied
    return pledge


def get_term_for_user(request, pk, *, write=False):
    """The term `pk`: 404 without a portal role, 403 for writes by non-staff."""
    if not can_use_clusters(request.user):
        raise Http404
    term = get_object_or_404(ClusterTerm.objects.select_related("cluster", "chair", "vice_chair"), pk=pk)
    if write and not can_manage_clusters(request.user):
        raise PermissionDenied
    return term
