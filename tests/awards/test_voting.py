"""Voting services: conferences, attendance, secret ballots, refusals, paper mode, closing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards import voting, workflow
from awards.models import Ballot, BallotChoice, Nomination, Vote, VoterRecord
from clusters.models import MeetingAttendance
from tests.awards.factories import CouncilMemberFactory, CouncilSessionFactory, NominationFactory
from tests.factories import OrganizationFactory

from .vote_setup import all_yes, conference, reload


def _snapshot():
    return (VoterRecord.objects.count(), Ballot.objects.count(), BallotChoice.objects.count())


def test_create_meeting_lists_every_member_absent(unit_a, officer_a):
    conf = conference(chair=unit_a, open_vote=False, present=0)
    assert MeetingAttendance.objects.filter(meeting=conf.meeting).count() == 10
    assert voting.meeting_quorum(conf.meeting) == {"members": 10, "present": 0, "required": 7, "met": False}


@pytest.mark.parametrize(("present", "opens"), [(7, True), (6, False)])
def test_vote_opens_only_with_quorum(unit_a, officer_a, present, opens):
    conf = conference(chair=unit_a, present=present, open_vote=False)
    if opens:
        vote = voting.open_vote(conf.vote, by=officer_a)
        assert vote.status == Vote.Status.OPEN
        assert (vote.members_count, vote.present_count) == (10, present)
        assert vote.rule_threshold_numerator == 1
        assert vote.rule_threshold_denominator == 2
    else:
        with pytest.raises(ValidationError, match="6"):
            voting.open_vote(conf.vote, by=officer_a)
        assert reload(conf.vote).status == Vote.Status.DRAFT


def test_the_rule_is_frozen_when_the_vote_opens(unit_a, officer_a):
    from awards.models import VotingRule

    conf = conference(chair=unit_a)
    VotingRule.objects.create(
        body="cluster", award_type=conf.award_type, threshold_numerator=9, threshold_denominator=10
    )
    assert reload(conf.vote).rule_threshold_numerator == 1


@pytest.mark.parametrize(("yes", "status"), [(6, workflow.CLUSTER_PASSED), (5, workflow.CLUSTER_FAILED)])
def test_close_tallies_ten_members_and_moves_nominations(unit_a, officer_a, yes, status):
    conf = conference(chair=unit_a, nominees=(1,))
    voters = [m for i, m in enumerate(conf.members) if i != 1]  # the nominee is recused
    for i, org in enumerate(voters):
        voting.cast_ballot(
            conf.vote, by=None, organization=org, choices=all_yes(conf.vote, org, "yes" if i < yes else "no")
        )
    vote = voting.close_vote(conf.vote, by=officer_a)
    item = vote.items.get()
    assert item.passed is (status == workflow.CLUSTER_PASSED)
    assert f"{yes}" in item.explanation
    nomination = Nomination.objects.get(pk=conf.nominations[0].pk)
    assert nomination.status == status
    assert nomination.history.last().to_status == status


def test_ballot_has_no_link_to_the_voter():
    from awards.models import Ballot as B

    names = {f.name for f in B._meta.get_fields()}
    assert names == {"id", "vote", "choices"}
    for f in BallotChoice._meta.get_fields():
        assert f.name in {"id", "ballot", "item", "choice"}
    assert not any(getattr(f, "related_model", None) is B for f in VoterRecord._meta.get_fields())
    assert B._meta.pk.get_internal_type() == "UUIDField"


def test_refusals_change_nothing(unit_a, unit_b, officer_a):
    conf = conference(chair=unit_a, others=[unit_b], present=8)
    absent = conf.members[9]
    outsider_org = OrganizationFactory()
    voting.cast_ballot(conf.vote, by=None, organization=unit_a, choices=all_yes(conf.vote, unit_a))
    before = _snapshot()
    # Not a member, absent, second ballot, own nomination.
    with pytest.raises(ValidationError):
        voting.cast_ballot(conf.vote, by=None, organization=outsider_org, choices=all_yes(conf.vote, unit_a))
    with pytest.raises(ValidationError):
        voting.cast_ballot(conf.vote, by=None, organization=absent, choices=all_yes(conf.vote, absent))
    with pytest.raises(voting.AlreadyVoted, match=r"already|đã bỏ phiếu"):
        voting.cast_ballot(conf.vote, by=None, organization=unit_a, choices=all_yes(conf.vote, unit_a))
    own = {item.pk: "yes" for item in conf.vote.items.all()}
    with pytest.raises(ValidationError):
        voting.cast_ballot(conf.vote, by=None, organization=unit_b, choices=own)
    with pytest.raises(ValidationError):
        voting.cast_ballot(conf.vote, by=None, organization=conf.members[3], choices={})
    assert _snapshot() == before
    voting.close_vote(conf.vote, by=officer_a)
    with pytest.raises(ValidationError):
        voting.cast_ballot(
            reload(conf.vote), by=None, organization=conf.members[3], choices=all_yes(conf.vote, conf.members[3])
        )
    assert _snapshot() == before


def test_a_vote_closed_after_the_checks_takes_no_further_ballot(unit_a, officer_a):
    conf = conference(chair=unit_a, present=8)
    seen_open = reload(conf.vote)  # the page read the vote while it was open...
    voting.close_vote(reload(conf.vote), by=officer_a)  # ...and the chair closed it before the ballot arrived
    before = _snapshot()
    voter = conf.members[3]
    with pytest.raises(ValidationError, match=r"The vote is not open|Cuộc bỏ phiếu chưa mở hoặc đã kết thúc"):
        voting.cast_ballot(seen_open, by=None, organization=voter, choices=all_yes(seen_open, voter))
    assert _snapshot() == before


def test_own_nomination_is_recused(unit_a, unit_b):
    conf = conference(chair=unit_a, others=[unit_b])
    recused = voting.recused_item_ids(conf.vote, unit_b.pk)
    assert recused == {conf.vote.items.get(nomination__nominee_organization=unit_b).pk}
    voting.cast_ballot(conf.vote, by=None, organization=unit_b, choices=all_yes(conf.vote, unit_b))
    assert BallotChoice.objects.filter(item_id__in=recused).count() == 0


def test_paper_mode(unit_a, officer_a):
    conf = conference(chair=unit_a, mode="paper")
    items = list(conf.vote.items.all())
    with pytest.raises(ValidationError):
        voting.cast_ballot(conf.vote, by=None, organization=unit_a, choices=all_yes(conf.vote, unit_a))
    with pytest.raises(ValidationError):
        voting.close_vote(conf.vote, by=officer_a)
    with pytest.raises(ValidationError):
        voting.record_paper_tally(
            conf.vote,
            by=officer_a,
            ballots_cast=10,
            ballots_invalid=0,
            counts={items[0].pk: (9, 2, 0), items[1].pk: (5, 5, 0)},
        )
    voting.record_paper_tally(
        conf.vote,
        by=officer_a,
        ballots_cast=10,
        ballots_invalid=1,
        counts={items[0].pk: (7, 2, 0), items[1].pk: (4, 4, 1)},
    )
    vote = voting.close_vote(reload(conf.vote), by=officer_a)
    assert [i.passed for i in vote.items.all()] == [True, False]


def test_progress_counts_voters_never_choices(unit_a, unit_b):
    conf = conference(chair=unit_a, others=[unit_b])
    voting.cast_ballot(conf.vote, by=None, organization=unit_a, choices=all_yes(conf.vote, unit_a))
    progress = voting.voting_progress(conf.vote)
    assert progress["voted"] == 1
    assert progress["voted_ids"] == {unit_a.pk}
    assert progress["present"] == 10


def test_council_vote_with_written_ballot(staff_user):
    session = CouncilSessionFactory()
    members = [CouncilMemberFactory(session=session) for _ in range(9)] + [
        CouncilMemberFactory(session=session, present=False)
    ]
    nomination = NominationFactory(status=workflow.COUNCIL)
    vote = voting.create_vote(
        body="council",
        award_type=nomination.award_type,
        nominations=[nomination],
        title="Hội đồng xét",
        by=staff_user,
        council_session=session,
    )
    vote = voting.open_vote(vote, by=staff_user)
    assert (vote.members_count, vote.present_count) == (10, 9)
    item = vote.items.get()
    for member in members[:8]:
        voting.cast_ballot(vote, by=member.user, council_member=member, choices={item.pk: "yes"})
    with pytest.raises(ValidationError):  # absent member, not in writing
        voting.cast_ballot(vote, by=members[9].user, council_member=members[9], choices={item.pk: "yes"})
    voting.cast_ballot(vote, by=staff_user, council_member=members[9], choices={item.pk: "yes"}, in_writing=True)
    assert VoterRecord.objects.get(vote=vote, council_member=members[9]).in_writing
    vote = voting.close_vote(vote, by=staff_user)
    item.refresh_from_db()
    assert item.passed  # 9 of 10 = 90 %, exactly at the threshold
    assert Nomination.objects.get(pk=nomination.pk).status == workflow.COUNCIL  # decided by the decision service


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_ballots_of_one_unit_at_once_store_one(unit_a):
    conf = conference(chair=unit_a)
    choices = all_yes(conf.vote, unit_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def cast():
        from django.db import connections

        try:
            barrier.wait()
            voting.cast_ballot(Vote.objects.get(pk=conf.vote.pk), by=None, organization=unit_a, choices=choices)
            outcomes.append("ok")
        except voting.AlreadyVoted:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already", "ok"]
    assert VoterRecord.objects.filter(vote=conf.vote).count() == 1
    assert Ballot.objects.filter(vote=conf.vote).count() == 1


def test_demo_votes_are_seeded_once(db):
    import os

    from django.core.management import call_command

    from clusters.models import ClusterMeeting

    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        call_command("seed_demo", stdout=devnull)
    assert ClusterMeeting.objects.filter(cluster__number=6, held_on="2020-03-06").count() == 1
    closed = Vote.objects.filter(meeting__held_on="2020-03-06")
    assert closed.count() == 2
    assert all(v.status == Vote.Status.CLOSED and v.is_illustrative for v in closed)
    passed = Nomination.objects.filter(year=2019, status=workflow.CLUSTER_PASSED)
    assert sorted(n.nominee_organization.province for n in passed) == ["Gia Lai", "Lâm Đồng", "Phú Yên", "Đắk Lắk"]
    open_vote = Vote.objects.get(status=Vote.Status.OPEN)
    assert open_vote.meeting.year == 2025
    assert VoterRecord.objects.filter(vote=open_vote).count() == 3
    for province in ("Gia Lai", "Phú Yên"):
        from accounts.models import Organization

        org = Organization.objects.get(province=province, code__startswith="so-")
        assert voting.voter_refusal(open_vote, organization=org) is None


def test_cap_with_a_tie_proposes_none_of_the_tied(unit_a, officer_a):
    from awards.models import VotingRule

    conf = conference(chair=unit_a, nominees=(1, 2, 3), open_vote=False)
    VotingRule.objects.create(body="cluster", award_type=conf.award_type, max_proposals=2)
    vote = voting.open_vote(conf.vote, by=officer_a)
    first, second, third = (item.pk for item in vote.items.order_by("position"))
    # Everyone says yes to the first; the second and third tie with 7 yes each across the cap of 2.
    for i, org in enumerate(conf.members):
        choices = all_yes(vote, org)
        for pk in (second, third):
            if pk in choices:
                choices[pk] = "yes" if i in (0, 4, 5, 6, 7, 8, 9) else "no"
        voting.cast_ballot(vote, by=None, organization=org, choices=choices)
    result = voting.tally_vote(vote)
    assert result.item(second).yes == result.item(third).yes == 7
    vote = voting.close_vote(vote, by=officer_a)
    items = {item.pk: item for item in vote.items.select_related("nomination")}
    assert items[first].passed
    assert items[second].passed is False
    assert items[third].passed is False
    assert "bằng phiếu" in items[second].explanation
    assert items[second].nomination.status == workflow.CLUSTER_FAILED
    assert result.cap_explanation


def test_close_meeting_waits_for_its_votes(unit_a, officer_a):
    conf = conference(chair=unit_a)
    with pytest.raises(ValidationError):
        voting.close_meeting(conf.meeting, by=officer_a)
    voting.close_vote(conf.vote, by=officer_a)
    meeting = voting.close_meeting(conf.meeting, by=officer_a)
    assert meeting.status == "closed"
    with pytest.raises(ValidationError):
        voting.set_attendance(meeting, rows={}, by=officer_a)


@pytest.mark.parametrize("action", ["withdraw", "return"])
def test_a_nomination_on_an_open_vote_is_neither_withdrawn_nor_returned(unit_a, unit_b, officer_b, staff_user, action):
    from awards import services

    conf = conference(chair=unit_a, others=[unit_b])
    nomination = conf.vote.items.get(nomination__nominee_organization=unit_b).nomination
    if action == "withdraw":
        change = lambda: services.withdraw_nomination(nomination, by=officer_b)  # noqa: E731 - one call per case
    else:
        change = lambda: services.return_nomination(  # noqa: E731 - one call per case
            nomination, by=staff_user, actor=workflow.STAFF, comment="Bổ sung hồ sơ"
        )
    with pytest.raises(ValidationError):
        change()
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED
    assert not nomination.history.filter(to_status__in=[workflow.WITHDRAWN, workflow.RETURNED]).exists()
