"""Who may see and change nominations, their dossiers, council sessions and decisions.

A unit officer sees its own unit's nominations (proposing or nominated), the
non-draft nominations of a cluster whose chair unit it is (for the conference year or
the achievement year), and those of its cluster on a vote it can see. Staff see
everything and run the council and decisions; leadership reads everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer
from clusters.models import ClusterMembership, ClusterTerm

from . import workflow
from .models import AwardDecision, CouncilSession, Nomination, NominationFile, Vote


def acts_for(user, organization_id):
    """Whether `user` is an officer of the organisation with this id."""
    return organization_id is not None and is_unit_officer(user) and user.organization_id == organization_id


def _chair_terms(user):
    cache = user.__dict__.get("_award_chair_terms")
    if cache is None:
        cache = list(ClusterTerm.objects.filter(chair_id=user.organization_id).values_list("cluster_id", "year"))
        user.__dict__["_award_chair_terms"] = cache
    return cache


def chairs_for(user, nomination):
    """Whether `user` acts for the chair unit that deliberates `nomination` (conference year or achievement year)."""
    if not is_unit_officer(user) or nomination.cluster_id is None:
        return False
    return any(
        cluster_id == nomination.cluster_id and year in (nomination.year, nomination.year + 1)
        for cluster_id, year in _chair_terms(user)
    )


def nominations_visible_to(user):
    """The nominations `user` may see (a queryset; empty for outsiders)."""
    if can_view_overview(user):
        return Nomination.objects.all()
    if not is_unit_officer(user):
        return Nomination.objects.none()
    org = user.organization_id
    visible = Q(proposing_organization_id=org) | Q(nominee_organization_id=org)
    for cluster_id, year in _chair_terms(user):
        visible |= Q(cluster_id=cluster_id, year__in=[year - 1, year]) & ~Q(status=workflow.DRAFT)
    member_clusters = ClusterMembership.objects.filter(organization_id=org).values("cluster_id")
    on_vote = Nomination.objects.filter(
        vote_items__vote__meeting__cluster_id__in=member_clusters,
        vote_items__vote__status__in=[Vote.Status.OPEN, Vote.Status.CLOSED],
    ).values("pk")
    visible |= Q(pk__in=on_vote)
    return Nomination.objects.filter(visible)


def can_see_nomination(user, nomination):
    """Whether `user` may see `nomination`."""
    if can_view_overview(user) or acts_for(user, nomination.proposing_organization_id):
        return True
    return is_unit_officer(user) and nominations_visible_to(user).filter(pk=nomination.pk).exists()


def can_propose_nominations(user):
    """Officers of a unit file nominations."""
    return is_unit_officer(user)


def can_edit_nomination(user, nomination):
    """An officer of the proposing unit changes the content and dossier while draft or returned."""
    return acts_for(user, nomination.proposing_organization_id) and nomination.is_editable_status


def officer_actions(user, nomination):
    """The workflow actions an officer of the proposing unit may take now."""
    if not acts_for(user, nomination.proposing_organization_id):
        return []
    return workflow.allowed_actions(nomination.status, workflow.OFFICER)


def reviewer_actor(user, nomination):
    """workflow.STAFF or workflow.CHAIR when `user` reviews `nomination` in that capacity, else None."""
    if is_ministry_staff(user):
        return workflow.STAFF
    # The chair's unit never reviews its own proposal: staff do.
    if chairs_for(user, nomination) and not acts_for(user, nomination.proposing_organization_id):
        return workflow.CHAIR
    return None


def reviewer_actions(user, nomination):
    """The actions (return, propose) `user` may take as staff or chair."""
    actor = reviewer_actor(user, nomination)
    if actor is None:
        return []
    return [a for a in workflow.allowed_actions(nomination.status, actor) if a in (workflow.RETURN, workflow.PROPOSE)]


def get_nomination_for_user(user, pk, *, write=False):
    """The nomination `pk`: 404 if `user` may not see it, 403 if `write` and they may not change it."""
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "award_type", "campaign", "proposing_organization", "nominee_organization", "cluster", "led_cluster"
        ),
        pk=pk,
    )
    if not can_see_nomination(user, nomination):
        raise Http404
    if write and not can_edit_nomination(user, nomination):
        raise PermissionDenied
    return nomination


def get_file_for_user(user, pk):
    """A dossier file, 404 unless `user` may see its nomination."""
    dossier_file = get_object_or_404(NominationFile.objects.select_related("nomination"), pk=pk)
    if not can_see_nomination(user, dossier_file.nomination):
        raise Http404
    return dossier_file


def can_run_council(user):
    """Staff run council sessions and record decisions."""
    return is_ministry_staff(user)


def can_read_council(user):
    """Staff and leadership read council sessions and decisions."""
    return can_view_overview(user)


def get_session_for_user(user, pk, *, write=False):
    """The council session `pk`: 404 unless staff or leadership; 403 for leadership writing."""
    if not can_read_council(user):
        raise Http404
    session = get_object_or_404(CouncilSession, pk=pk)
    if write and not can_run_council(user):
        raise PermissionDenied
    return session


def get_decision_for_user(user, pk):
    """The decision `pk`: 404 unless staff or leadership."""
    if not can_read_council(user):
        raise Http404
    return get_object_or_404(AwardDecision.objects.select_related("council_session"), pk=pk)
