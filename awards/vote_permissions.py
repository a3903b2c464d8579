"""Who may see and run conferences and votes, and who votes.

A cluster's conference is seen by the member units of its year, staff and leadership; it
is run (attendance, votes, paper counts, minutes) by the officers of the chair's unit of
the cluster's term for the conference year. A council vote is seen by staff, leadership
and the council's members, and run by staff. Nobody sees who chose what.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_view_overview, is_ministry_staff, is_unit_officer
from clusters.models import Cluster, ClusterMeeting, ClusterTerm
from clusters.permissions import can_use_clusters, is_chair_unit, is_member

from .models import CouncilMember, Vote, VotingRule


def can_see_meeting(user, meeting):
    """Staff, leadership, and the member units of the meeting's cluster in its year."""
    return can_view_overview(user) or is_member(user, meeting.cluster_id, meeting.year)


def can_run_meeting(user, meeting):
    """The officers of the chair's unit of the cluster's term for the meeting's year."""
    return is_chair_unit(user, meeting.cluster_id, meeting.year)


def chairs_cluster_somewhen(user, cluster):
    """Whether `user`'s unit chairs `cluster` in any recorded term (may start creating a conference)."""
    return is_unit_officer(user) and ClusterTerm.objects.filter(cluster=cluster, chair_id=user.organization_id).exists()


def get_cluster_for_meetings(request, pk):
    """The cluster `pk` for its list of conferences: 404 without a portal role."""
    if not can_use_clusters(request.user):
        raise Http404
    return get_object_or_404(Cluster, pk=pk)


def get_meeting_for_user(request, pk, *, write=False):
    """The meeting `pk`: 404 for users who may not see it, 403 for writes by anyone but the chair's unit."""
    meeting = get_object_or_404(ClusterMeeting.objects.select_related("cluster", "host"), pk=pk)
    if not can_see_meeting(request.user, meeting):
        raise Http404
    if write and not can_run_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def council_member_for(user, vote):
    """The council member row of `user` in `vote`'s session, if any."""
    if vote.body != VotingRule.Body.COUNCIL or not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(session_id=vote.council_session_id, user=user).first()


def can_see_vote(user, vote):
    """Who may see a vote's page (never the choices of a voter: nobody may)."""
    if vote.body == VotingRule.Body.CLUSTER:
        return can_see_meeting(user, vote.meeting)
    return can_view_overview(user) or council_member_for(user, vote) is not None


def can_manage_vote(user, vote):
    """The chair's unit for a cluster vote; staff for a council vote."""
    if vote.body == VotingRule.Body.CLUSTER:
        return can_run_meeting(user, vote.meeting)
    return is_ministry_staff(user)


def can_watch_progress(user, vote):
    """Who may watch how many have voted: those who run the vote, staff and leadership."""
    return can_manage_vote(user, vote) or can_view_overview(user)


def voter_of(user, vote):
    """The voter `user` acts for in `vote`: {"organization": …} or {"council_member": …}, or None."""
    if vote.body == VotingRule.Body.CLUSTER:
        if is_unit_officer(user) and is_member(user, vote.meeting.cluster_id, vote.meeting.year):
            return {"organization": user.organization}
        return None
    member = council_member_for(user, vote)
    return {"council_member": member} if member else None


def get_vote_for_user(request, pk, *, manage=False):
    """The vote `pk`: 404 for users who may not see it, 403 when `manage` and the user does not run it."""
    vote = get_object_or_404(
        Vote.objects.select_related("meeting__cluster", "meeting__host", "council_session", "award_type"), pk=pk
    )
    if not can_see_vote(request.user, vote):
        raise Http404
    if manage and not can_manage_vote(request.user, vote):
        raise PermissionDenied
    return vote
