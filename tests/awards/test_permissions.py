"""Who sees and changes which nomination, council session and decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from awards import workflow
from awards.models import Vote, VoteItem
from awards.permissions import (
    can_edit_nomination,
    can_run_council,
    get_decision_for_user,
    get_nomination_for_user,
    get_session_for_user,
    nominations_visible_to,
    reviewer_actions,
)
from clusters.models import ClusterMeeting
from tests.factories import OrganizationFactory

from .conftest import YEAR
from .factories import AwardDecisionFactory, CouncilSessionFactory, NominationFactory, add_member

pytestmark = pytest.mark.django_db


def test_visibility_per_persona(
    officer_a, officer_b, staff_user, leadership_user, outsider, unit_a, unit_b, cluster_ab
):
    own_draft = NominationFactory(proposing_organization=unit_b, cluster=cluster_ab)
    submitted = NominationFactory(
        proposing_organization=unit_b,
        nominee_organization=None,
        nominee_person="Lê Văn Thử",
        cluster=cluster_ab,
        status=workflow.SUBMITTED,
    )
    elsewhere = NominationFactory(proposing_organization=OrganizationFactory(), status=workflow.SUBMITTED)
    assert set(nominations_visible_to(officer_b)) == {own_draft, submitted}
    # Unit A chairs the cluster: it sees what its members submitted, not their drafts.
    assert set(nominations_visible_to(officer_a)) == {submitted}
    assert set(nominations_visible_to(staff_user)) == {own_draft, submitted, elsewhere}
    assert set(nominations_visible_to(leadership_user)) == {own_draft, submitted, elsewhere}
    assert not nominations_visible_to(outsider).exists()
    with pytest.raises(Http404):
        get_nomination_for_user(officer_a, own_draft.pk)
    with pytest.raises(Http404):
        get_nomination_for_user(outsider, submitted.pk)


def test_members_see_the_nominations_on_an_open_vote_of_their_cluster(unit_a, unit_b, cluster_ab, officer_b):
    member = OrganizationFactory()
    add_member(cluster_ab, member, year=YEAR)
    nomination = NominationFactory(proposing_organization=member, cluster=cluster_ab, status=workflow.SUBMITTED)
    assert nomination not in nominations_visible_to(officer_b)
    meeting = ClusterMeeting.objects.create(
        cluster=cluster_ab, year=YEAR + 1, results_year=YEAR, held_on=datetime.date(2025, 3, 6)
    )
    vote = Vote.objects.create(
        body="cluster",
        meeting=meeting,
        award_type=nomination.award_type,
        title="Bỏ phiếu thử",
        status="open",
        rule_quorum_numerator=2,
        rule_quorum_denominator=3,
        rule_base="all",
        rule_threshold_numerator=1,
        rule_threshold_denominator=2,
        members_count=3,
        opened_at=datetime.datetime(2025, 3, 6, tzinfo=datetime.UTC),
    )
    VoteItem.objects.create(vote=vote, nomination=nomination)
    assert nomination in nominations_visible_to(officer_b)


def test_only_the_proposing_officer_edits_a_draft_or_returned(officer_a, officer_b, staff_user, unit_a):
    nomination = NominationFactory(proposing_organization=unit_a)
    assert can_edit_nomination(officer_a, nomination)
    assert not can_edit_nomination(officer_b, nomination)
    assert not can_edit_nomination(staff_user, nomination)
    with pytest.raises(PermissionDenied):
        get_nomination_for_user(staff_user, nomination.pk, write=True)
    nomination.status = workflow.SUBMITTED
    nomination.save()
    assert not can_edit_nomination(officer_a, nomination)
    nomination.status = workflow.RETURNED
    nomination.save()
    assert can_edit_nomination(officer_a, nomination)


def test_reviewers(officer_a, officer_b, staff_user, leadership_user, unit_b, cluster_ab):
    nomination = NominationFactory(proposing_organization=unit_b, cluster=cluster_ab, status=workflow.SUBMITTED)
    assert reviewer_actions(staff_user, nomination) == [workflow.RETURN, workflow.PROPOSE]
    assert reviewer_actions(officer_a, nomination) == [workflow.RETURN]  # the chair's unit
    assert reviewer_actions(officer_b, nomination) == []
    assert reviewer_actions(leadership_user, nomination) == []
    own = NominationFactory(
        proposing_organization=officer_a.organization, cluster=cluster_ab, status=workflow.SUBMITTED
    )
    assert reviewer_actions(officer_a, own) == []


def test_council_and_decisions(staff_user, leadership_user, officer_a, outsider):
    session = CouncilSessionFactory()
    decision = AwardDecisionFactory()
    assert can_run_council(staff_user)
    assert not can_run_council(leadership_user)
    assert get_session_for_user(leadership_user, session.pk) == session
    with pytest.raises(PermissionDenied):
        get_session_for_user(leadership_user, session.pk, write=True)
    assert get_decision_for_user(leadership_user, decision.pk) == decision
    for user in (officer_a, outsider):
        with pytest.raises(Http404):
            get_session_for_user(user, session.pk)
        with pytest.raises(Http404):
            get_decision_for_user(user, decision.pk)
