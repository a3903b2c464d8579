"""Every write to conferences, attendance, votes and ballots; and the tally of a vote from its ballots.

Secret ballot: `cast_ballot` writes the VoterRecord (who voted) and the Ballot (what was
chosen) in one transaction; the ballot holds nothing that links it to the voter. The
unique VoterRecord per vote and voter is the guard against a second ballot, also under
concurrent clicks: the IntegrityError becomes AlreadyVoted, never a 500.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import ClusterMeeting, ClusterMembership, MeetingAttendance

from . import rules, workflow
from .models import Ballot, BallotChoice, CouncilMember, Vote, VoteItem, VoterRecord, VotingRule
from .services import change_status
from .tally import ItemCount, quorum_met, quorum_required, tally

logger = logging.getLogger(__name__)

CLUSTER = VotingRule.Body.CLUSTER
COUNCIL = VotingRule.Body.COUNCIL


class AlreadyVoted(ValidationError):
    """The voter has already cast a ballot in this vote."""

    def __init__(self, message=None):
        super().__init__(message or _("Your unit has already voted."), code="already_voted")


# Conferences ---------------------------------------------------------------------------------


def meeting_member_ids(meeting):
    """The member units of the meeting's cluster in the meeting's year."""
    return list(
        ClusterMembership.objects.filter(cluster_id=meeting.cluster_id, year=meeting.year)
        .order_by("rotation_order")
        .values_list("organization_id", flat=True)
    )


def create_meeting(
    *,
    cluster,
    held_on,
    place,
    host=None,
    results_year=None,
    by,
    kind=ClusterMeeting.Kind.YEAR_END,
    is_illustrative=False,
):
    """Create the cluster's conference of `held_on`'s year, with an (absent) attendance row per member."""
    meeting = ClusterMeeting(
        cluster=cluster,
        year=held_on.year,
        results_year=results_year if results_year is not None else held_on.year - 1,
        kind=kind,
        held_on=held_on,
        place=place,
        host=host,
        created_by=by,
        is_illustrative=is_illustrative,
    )
    meeting.full_clean(exclude=["created_by"])  # the demo seeds conferences with no user
    with transaction.atomic():
        meeting.save()
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(meeting=meeting, organization_id=org_id, recorded_by=by)
                for org_id in meeting_member_ids(meeting)
            ]
        )
    return meeting


def open_meeting(meeting, *, by, now=None):
    """Declare the conference in session."""
    if meeting.status == ClusterMeeting.Status.CLOSED:
        raise ValidationError(_("The conference is closed."))
    meeting.status = ClusterMeeting.Status.OPEN
    meeting.opened_at = meeting.opened_at or now or timezone.now()
    meeting.save(update_fields=["status", "opened_at"])
    return meeting


def set_attendance(meeting, *, rows, by, now=None):
    """Record who attends: `rows` maps organisation id -> (present, representative, position).

    Only member units of the meeting's year; attendance is frozen for a vote once it opens
    (the vote copies the number present), so later changes affect later votes only.
    """
    if meeting.status == ClusterMeeting.Status.CLOSED:
        raise ValidationError(_("The conference is closed."))
    member_ids = set(meeting_member_ids(meeting))
    unknown = set(rows) - member_ids
    if unknown:
        raise ValidationError(_("Only member units of the cluster can attend."))
    now = now or timezone.now()
    with transaction.atomic():
        for org_id, (present, representative, position) in rows.items():
            MeetingAttendance.objects.update_or_create(
                meeting=meeting,
                organization_id=org_id,
                defaults={
                    "present": bool(present),
                    "representative": (representative or "").strip()[:200],
                    "representative_position": (position or "").strip()[:200],
                    "recorded_by": by,
                    "recorded_at": now,
                },
            )
    return meeting


def close_meeting(meeting, *, by, now=None):
    """Close the conference; refused while one of its votes is still open or being prepared."""
    if meeting.votes.exclude(status=Vote.Status.CLOSED).exists():
        raise ValidationError(_("Close every vote of the conference first."))
    meeting.status = ClusterMeeting.Status.CLOSED
    now = now or timezone.now()
    meeting.opened_at = meeting.opened_at or now
    meeting.closed_at = now
    meeting.save(update_fields=["status", "opened_at", "closed_at"])
    return meeting


def meeting_quorum(meeting):
    """(members, present, required, met) under the cluster's default rule, for the live quorum display."""
    members = len(meeting_member_ids(meeting))
    present = MeetingAttendance.objects.filter(
        meeting=meeting, present=True, organization_id__in=meeting_member_ids(meeting)
    ).count()
    rule = rules.rule_for(CLUSTER)
    return {
        "members": members,
        "present": present,
        "required": quorum_required(rule, members),
        "met": members > 0 and quorum_met(rule, members=members, present=present),
    }


# Votes ----------------------------------------------------------------------------------------


def _voters(vote):
    """(all voter keys, present voter keys): organisation ids for a cluster, council member ids for the council."""
    if vote.body == CLUSTER:
        members = meeting_member_ids(vote.meeting)
        present = set(
            MeetingAttendance.objects.filter(meeting_id=vote.meeting_id, present=True).values_list(
                "organization_id", flat=True
            )
        )
        return members, [m for m in members if m in present]
    rows = list(CouncilMember.objects.filter(session_id=vote.council_session_id).values_list("pk", "present"))
    return [pk for pk, _present in rows], [pk for pk, present in rows if present]


def create_vote(
    *,
    body,
    award_type,
    nominations,
    title,
    by,
    meeting=None,
    council_session=None,
    mode="electronic",
    is_illustrative=False,
):
    """Prepare a vote on `nominations` (all of `award_type`); it opens with `open_vote`."""
    nominations = list(nominations)
    if not nominations:
        raise ValidationError(_("Choose at least one nomination to vote on."))
    if any(n.award_type_id != award_type.pk for n in nominations):
        raise ValidationError(_("All nominations of a vote must be for the same award."))
    if body == CLUSTER:
        if meeting is None:
            raise ValidationError(_("A cluster vote belongs to a conference."))
        if meeting.status == ClusterMeeting.Status.CLOSED:
            raise ValidationError(_("The conference is closed."))
        if any(n.status != workflow.SUBMITTED for n in nominations):
            raise ValidationError(_("Only submitted nominations can be put to the cluster's vote."))
    vote = Vote(
        body=body,
        meeting=meeting if body == CLUSTER else None,
        council_session=council_session if body == COUNCIL else None,
        award_type=award_type,
        title=title,
        mode=mode,
        is_illustrative=is_illustrative,
    )
    vote.full_clean(exclude=["opened_by", "closed_by"])
    with transaction.atomic():
        vote.save()
        VoteItem.objects.bulk_create(
            [VoteItem(vote=vote, nomination=n, position=i) for i, n in enumerate(nominations, start=1)]
        )
    return vote


def open_vote(vote, *, by, now=None):
    """Open `vote`: freeze its rule and the numbers of members and present; refuse without quorum."""
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.status != Vote.Status.DRAFT:
            raise ValidationError(_("The vote has already been opened."))
        if locked.body == CLUSTER and locked.meeting.status == ClusterMeeting.Status.CLOSED:
            raise ValidationError(_("The conference is closed."))
        rule = rules.rule_for(locked.body, locked.award_type)
        members, present = _voters(locked)
        if not members:
            raise ValidationError(_("The voting body has no members."))
        if not quorum_met(rule, members=len(members), present=len(present)):
            raise ValidationError(
                _("The quorum is not met: %(present)s of %(members)s members present, %(required)s needed.")
                % {"present": len(present), "members": len(members), "required": quorum_required(rule, len(members))}
            )
        rules.freeze_rule(locked, rule)
        locked.members_count = len(members)
        locked.present_count = len(present)
        locked.status = Vote.Status.OPEN
        locked.opened_at = now or timezone.now()
        locked.opened_by = by
        locked.full_clean(exclude=["opened_by", "closed_by"])
        locked.save()
        if locked.body == CLUSTER and locked.meeting.status == ClusterMeeting.Status.PLANNED:
            open_meeting(locked.meeting, by=by, now=locked.opened_at)
    return locked


def recused_item_ids(vote, organization_id):
    """The items a unit may not vote on: its own nominations (as nominee or proposer)."""
    if organization_id is None:
        return set()
    return {
        item.pk
        for item in vote.items.select_related("nomination")
        if organization_id in (item.nomination.nominee_organization_id, item.nomination.proposing_organization_id)
    }


def check_voter(vote, *, organization=None, council_member=None, in_writing=False):
    """Raise AlreadyVoted or ValidationError when this voter may not cast a ballot now."""
    if vote.status != Vote.Status.OPEN:
        raise ValidationError(_("The vote is not open."))
    if vote.mode != Vote.Mode.ELECTRONIC:
        raise ValidationError(_("This vote is counted on paper by the secretary."))
    if vote.body == CLUSTER:
        if organization is None:
            raise ValidationError(_("Only member units of the cluster vote."))
        members, present = _voters(vote)
        if organization.pk not in members:
            raise ValidationError(_("Your unit is not a member of the cluster this year."))
        if organization.pk not in present:
            raise ValidationError(_("Your unit is not recorded as present at the conference."))
        voter = {"organization": organization}
    else:
        if council_member is None or council_member.session_id != vote.council_session_id:
            raise ValidationError(_("Only members of the council vote."))
        if not council_member.present and not in_writing:
            raise ValidationError(_("An absent council member votes in writing, recorded by the secretariat."))
        voter = {"council_member": council_member}
    if VoterRecord.objects.filter(vote=vote, **voter).exists():
        raise AlreadyVoted(None if vote.body == CLUSTER else _("You have already voted."))


def voter_refusal(vote, **voter):
    """Why this voter may not cast a ballot now (a message), or None when it may."""
    try:
        check_voter(vote, **voter)
    except ValidationError as error:
        return error.messages[0]
    return None


def cast_ballot(vote, *, by, choices, organization=None, council_member=None, in_writing=False):
    """Cast one secret ballot: `choices` maps item id -> yes/no/abstain, for every item the voter may vote on.

    Raises AlreadyVoted for a second ballot (also when two arrive at once) and
    ValidationError for any other refusal; nothing is written when it refuses.
    """
    check_voter(vote, organization=organization, council_member=council_member, in_writing=in_writing)
    recused = recused_item_ids(vote, organization.pk if organization else None)
    expected = {pk for pk in vote.items.values_list("pk", flat=True) if pk not in recused}
    given = {int(k): v for k, v in choices.items()}
    if set(given) & recused:
        raise ValidationError(_("A unit does not vote on its own nomination."))
    if set(given) != expected:
        raise ValidationError(_("Mark a choice for every nomination on the ballot."))
    valid = set(BallotChoice.Choice.values)
    if any(v not in valid for v in given.values()):
        raise ValidationError(_("Choose agree, disagree or abstain."))
    if not expected:
        raise ValidationError(_("There is nothing on the ballot for your unit."))
    try:
        with transaction.atomic():
            # The vote row is locked and read again: a vote closed since the checks above
            # (close_vote locks the same row) takes no further ballot.
            status = Vote.objects.select_for_update(no_key=True).values_list("status", flat=True).get(pk=vote.pk)
            if status != Vote.Status.OPEN:
                raise ValidationError(_("The vote is not open."))
            VoterRecord.objects.create(
                vote=vote,
                organization=organization if vote.body == CLUSTER else None,
                council_member=council_member if vote.body == COUNCIL else None,
                cast_by=by,
                in_writing=in_writing,
            )
            ballot = Ballot.objects.create(vote=vote)
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, item_id=item_id, choice=choice) for item_id, choice in given.items()]
            )
    except IntegrityError as error:
        # The unique VoterRecord: another click of the same voter won the race.
        raise AlreadyVoted from error
    return ballot


def record_paper_tally(vote, *, by, ballots_cast, ballots_invalid, counts):
    """Key in the paper count: `counts` maps item id -> (yes, no, abstain)."""
    if vote.mode != Vote.Mode.PAPER:
        raise ValidationError(_("This vote is cast electronically."))
    if vote.status != Vote.Status.OPEN:
        raise ValidationError(_("The vote is not open."))
    if ballots_invalid > ballots_cast:
        raise ValidationError(_("There cannot be more invalid ballots than ballots cast."))
    if ballots_cast > (vote.members_count or 0):
        raise ValidationError(_("There cannot be more ballots than members."))
    items = {item.pk: item for item in vote.items.all()}
    if set(counts) != set(items):
        raise ValidationError(_("Enter the count for every nomination."))
    valid = ballots_cast - ballots_invalid
    for yes, no, abstain in counts.values():
        if min(yes, no, abstain) < 0 or yes + no + abstain > valid:
            raise ValidationError(_("The choices on a nomination cannot exceed the valid ballots."))
    with transaction.atomic():
        vote.paper_ballots_cast = ballots_cast
        vote.paper_ballots_invalid = ballots_invalid
        vote.save(update_fields=["paper_ballots_cast", "paper_ballots_invalid"])
        for pk, (yes, no, abstain) in counts.items():
            item = items[pk]
            item.paper_yes, item.paper_no, item.paper_abstain = yes, no, abstain
            item.save(update_fields=["paper_yes", "paper_no", "paper_abstain"])
    return vote


def item_counts(vote):
    """The counted choices per item: from the stored ballots, or the paper count."""
    items = list(vote.items.all())
    if vote.mode == Vote.Mode.PAPER:
        return [ItemCount(item.pk, item.paper_yes or 0, item.paper_no or 0, item.paper_abstain or 0) for item in items]
    counted = {item.pk: {"yes": 0, "no": 0, "abstain": 0} for item in items}
    rows = BallotChoice.objects.filter(ballot__vote=vote).values("item_id", "choice").annotate(n=Count("id"))
    for row in rows:
        counted[row["item_id"]][row["choice"]] = row["n"]
    return [ItemCount(pk, c["yes"], c["no"], c["abstain"]) for pk, c in counted.items()]


def tally_vote(vote):
    """The tally of `vote` recomputed from what is stored (None while it is being prepared)."""
    rule = rules.rule_of_vote(vote)
    if rule is None:
        return None
    return tally(rule, members=vote.members_count, present=vote.present_count, items=item_counts(vote))


def close_vote(vote, *, by, now=None):
    """Close `vote`: tally the stored ballots, store each item's outcome, and move cluster nominations."""
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.status != Vote.Status.OPEN:
            raise ValidationError(_("Only an open vote can be closed."))
        if locked.mode == Vote.Mode.PAPER and locked.paper_ballots_cast is None:
            raise ValidationError(_("Enter the paper count before closing the vote."))
        result = tally_vote(locked)
        items = {item.pk: item for item in locked.items.select_related("nomination")}
        for outcome in result.items:
            item = items[outcome.key]
            item.passed = outcome.passed
            item.explanation = outcome.explanation
            item.save(update_fields=["passed", "explanation"])
            if locked.body == CLUSTER and item.nomination.status == workflow.SUBMITTED:
                change_status(
                    item.nomination,
                    action=workflow.PASS_VOTE if outcome.passed else workflow.FAIL_VOTE,
                    actor=workflow.SYSTEM,
                    by=by,
                    comment=_("Cluster vote “%(title)s”: %(explanation)s")
                    % {"title": locked.title, "explanation": outcome.explanation},
                    now=now,
                )
        locked.status = Vote.Status.CLOSED
        locked.closed_at = now or timezone.now()
        locked.closed_by = by
        locked.save(update_fields=["status", "closed_at", "closed_by"])
    logger.info("vote %s closed", locked.pk)
    return locked


def members_to_vote_in_writing(vote):
    """The absent council members of an open council vote who have not voted yet (empty otherwise)."""
    if vote.body != COUNCIL or vote.status != Vote.Status.OPEN:
        return []
    voted = voting_progress(vote)["voted_ids"]
    return [m for m in vote.council_session.members.select_related("user") if not m.present and m.pk not in voted]


def voting_progress(vote):
    """Who has voted and how many (never what): for the chair's live panel."""
    members, present = _voters(vote)
    records = VoterRecord.objects.filter(vote=vote)
    if vote.body == CLUSTER:
        voted = set(records.values_list("organization_id", flat=True))
    else:
        voted = set(records.values_list("council_member_id", flat=True))
    return {
        "voted_ids": voted,
        "voted": len(voted),
        "present_ids": set(present),
        "present": len(present),
        "members": len(members),
    }
