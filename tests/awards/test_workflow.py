"""A nomination's way through the status table, with its history; refused moves change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards import services, workflow
from awards.models import NominationChange

from .conftest import YEAR, dossier
from .factories import CouncilSessionFactory, NominationFactory

pytestmark = pytest.mark.django_db


def test_from_draft_to_award_with_history(officer_a, officer_b, staff_user, unit_a, cluster_ab, flag_type):
    nomination = services.create_nomination(
        by=officer_a,
        proposing_organization=unit_a,
        award_type=flag_type,
        year=YEAR,
        nominee_organization=unit_a,
        achievements="Cụm trưởng năm 2024 (thử nghiệm).",
    )
    dossier(nomination)
    services.submit_nomination(nomination, by=officer_a)
    services.change_status(nomination, action=workflow.PASS_VOTE, actor=workflow.SYSTEM, by=None)
    services.propose_nomination(nomination, by=staff_user, actor=workflow.STAFF)
    session = CouncilSessionFactory(year=YEAR)
    services.assemble_council_list(session, by=staff_user, nominations=[nomination])
    services.record_decision(
        by=staff_user,
        number="1",
        symbol="QĐ-BKHCN",
        signed_on=session.held_on,
        signer="Nguyễn Văn Thử",
        title="Tặng Cờ thi đua (thử nghiệm)",
        year=YEAR,
        council_session=session,
        awarded=[nomination],
    )
    nomination.refresh_from_db()
    assert nomination.status == workflow.APPROVED
    assert list(NominationChange.objects.filter(nomination=nomination).values_list("to_status", flat=True)) == [
        workflow.DRAFT,
        workflow.SUBMITTED,
        workflow.CLUSTER_PASSED,
        workflow.PROPOSED,
        workflow.COUNCIL,
        workflow.APPROVED,
    ]


def test_resubmit_after_return(officer_a, staff_user, unit_a, certificate_type):
    nomination = NominationFactory(
        award_type=certificate_type, proposing_organization=unit_a, status=workflow.SUBMITTED
    )
    dossier(nomination)
    services.return_nomination(nomination, by=staff_user, actor=workflow.STAFF, comment="Bổ sung số liệu.")
    services.submit_nomination(nomination, by=officer_a)
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (workflow.WITHDRAWN, lambda n, u: services.withdraw_nomination(n, by=u)),
        (workflow.APPROVED, lambda n, u: services.withdraw_nomination(n, by=u)),
        (workflow.DRAFT, lambda n, u: services.propose_nomination(n, by=u, actor=workflow.CHAIR)),
        (workflow.CLUSTER_FAILED, lambda n, u: services.propose_nomination(n, by=u, actor=workflow.STAFF)),
        (workflow.DRAFT, lambda n, u: services.return_nomination(n, by=u, actor=workflow.STAFF, comment="x")),
    ],
)
def test_refused_moves_change_nothing(officer_a, unit_a, certificate_type, status, call):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=status)
    with pytest.raises((workflow.TransitionError, ValidationError)):
        call(nomination, officer_a)
    nomination.refresh_from_db()
    assert nomination.status == status
    assert not NominationChange.objects.filter(nomination=nomination).exists()


def test_the_database_keeps_one_live_nomination_per_unit_and_year(unit_a, certificate_type, flag_type):
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(award_type=flag_type, proposing_organization=unit_a)
    NominationFactory(award_type=flag_type, proposing_organization=unit_a, status=workflow.WITHDRAWN)
