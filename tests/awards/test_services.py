"""Writes to nominations, dossiers, council sessions and decisions, on the real database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from awards import services, workflow
from awards.models import (
    AwardDecision,
    Awardee,
    CouncilMember,
    Nomination,
    NominationChange,
    NominationFile,
    Vote,
    VoteItem,
)
from campaigns.models import Campaign
from tests.campaigns.factories import CampaignFactory

from .conftest import YEAR, dossier, pdf_upload
from .factories import CouncilSessionFactory, NominationFactory


def _create(officer, award_type, **fields):
    return services.create_nomination(
        by=officer,
        proposing_organization=officer.organization,
        award_type=award_type,
        year=fields.pop("year", YEAR),
        nominee_organization=fields.pop("nominee_organization", officer.organization),
        achievements="Hoàn thành xuất sắc nhiệm vụ (thử nghiệm).",
        **fields,
    )


def test_create_sets_name_cluster_and_history(officer_a, cluster_ab, flag_type):
    nomination = _create(officer_a, flag_type, files=[(NominationFile.Kind.COVER_LETTER, pdf_upload())])
    assert nomination.status == workflow.DRAFT
    assert nomination.nominee_name == "Sở Thông tin và Truyền thông tỉnh Gia Lai"
    assert nomination.cluster == cluster_ab
    assert list(nomination.history.values_list("to_status", flat=True)) == [workflow.DRAFT]
    assert nomination.files.get().original_name == "to-trinh.pdf"


def test_flag_refused_for_a_member_that_did_not_lead(officer_b, cluster_ab, flag_type):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _create(officer_b, flag_type)
    assert "dẫn đầu cụm thi đua năm 2024" in error.value.messages[0]
    assert not Nomination.objects.exists()


def test_flag_for_the_leader_of_a_thematic_campaign_of_three_years(officer_b, cluster_ab, flag_type):
    CampaignFactory(
        kind=Campaign.Kind.THEMATIC,
        lead_organization=officer_b.organization,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    assert _create(officer_b, flag_type).pk


def test_one_live_nomination_per_achievement(officer_a, cluster_ab, certificate_type, flag_type):
    first = _create(officer_a, certificate_type)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _create(officer_a, flag_type)
    assert "Một thành tích chỉ được khen thưởng một lần" in error.value.messages[0]
    services.withdraw_nomination(first, by=officer_a)
    assert _create(officer_a, flag_type).status == workflow.DRAFT


def test_person_nominee_for_the_fighter_title(officer_a, cluster_ab, fighter_type):
    nomination = _create(
        officer_a,
        fighter_type,
        nominee_organization=None,
        nominee_person="Nguyễn Văn Thử",
        nominee_position="Chuyên viên",
        grassroots_fighter_years="2022, 2023, 2024",
        initiative="Sáng kiến số hóa hồ sơ (thử nghiệm)",
    )
    assert nomination.nominee_name == "Nguyễn Văn Thử"
    assert not nomination.is_collective


def test_upload_checks_refuse_a_fake_pdf(officer_a, cluster_ab, certificate_type):
    bad = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _create(officer_a, certificate_type, files=[(NominationFile.Kind.ACHIEVEMENT_REPORT, bad)])
    assert not Nomination.objects.exists()
    assert not NominationFile.objects.exists()


def test_submit_needs_the_dossier(officer_a, cluster_ab, certificate_type):
    nomination = _create(officer_a, certificate_type)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.submit_nomination(nomination, by=officer_a)
    assert "Tờ trình" in error.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == workflow.DRAFT
    dossier(nomination)
    services.submit_nomination(nomination, by=officer_a)
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED
    assert nomination.submitted_at is not None


def test_update_rechecks_eligibility(officer_a, cluster_ab, certificate_type, fighter_type):
    nomination = _create(officer_a, certificate_type)
    with pytest.raises(ValidationError):
        services.update_nomination(
            nomination,
            by=officer_a,
            award_type=fighter_type,
            year=YEAR,
            nominee_organization=None,
            nominee_person="Trần Thị Thử",
            grassroots_fighter_years="2024",
            initiative="",
        )
    nomination.refresh_from_db()
    assert nomination.award_type == certificate_type


def test_return_needs_a_reason_and_propose_needs_the_cluster_vote(staff_user, officer_a, cluster_ab, certificate_type):
    nomination = NominationFactory(
        award_type=certificate_type, proposing_organization=officer_a.organization, status=workflow.SUBMITTED
    )
    with pytest.raises(ValidationError):
        services.return_nomination(nomination, by=staff_user, actor=workflow.STAFF, comment="  ")
    with pytest.raises(ValidationError):
        services.propose_nomination(nomination, by=staff_user, actor=workflow.STAFF)
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED
    services.return_nomination(nomination, by=staff_user, actor=workflow.STAFF, comment="Thiếu số liệu năm 2024.")
    change = nomination.history.get()
    assert (change.to_status, change.comment) == (workflow.RETURNED, "Thiếu số liệu năm 2024.")


def test_council_session_members_must_be_ministry_users(staff_user, leadership_user, officer_a):
    session = services.create_council_session(
        by=staff_user,
        year=YEAR,
        held_on=datetime.date(2025, 1, 15),
        title="Phiên họp thử nghiệm",
        members=[staff_user, (leadership_user, "Chủ tịch Hội đồng")],
    )
    assert set(session.members.values_list("council_role", flat=True)) == {"", "Chủ tịch Hội đồng"}
    with pytest.raises(ValidationError):
        services.set_council_members(session, by=staff_user, members=[officer_a])
    assert CouncilMember.objects.filter(session=session).count() == 2


def test_assemble_and_decide(staff_user, officer_a, officer_b, cluster_ab, flag_type):
    passed = NominationFactory(
        award_type=flag_type, proposing_organization=officer_a.organization, status=workflow.PROPOSED
    )
    failed = NominationFactory(
        award_type=flag_type, proposing_organization=officer_b.organization, status=workflow.PROPOSED
    )
    other_year = NominationFactory(award_type=flag_type, year=YEAR - 1, status=workflow.PROPOSED)
    session = CouncilSessionFactory(year=YEAR)
    with pytest.raises(ValidationError):
        services.assemble_council_list(session, by=staff_user, nominations=[other_year])
    services.assemble_council_list(session, by=staff_user, nominations=[passed, failed])
    assert set(Nomination.objects.filter(status=workflow.COUNCIL)) == {passed, failed}
    with pytest.raises(ValidationError):
        services.record_decision(
            by=staff_user,
            number="12",
            symbol="QĐ-BKHCN",
            signed_on=datetime.date(2025, 2, 1),
            signer="Nguyễn Văn Thử",
            title="Về việc tặng Cờ thi đua",
            year=YEAR,
            awarded=[passed],
            rejected=[failed],
            reject_reason="",
        )
    assert not AwardDecision.objects.exists()
    decision = services.record_decision(
        by=staff_user,
        number="12",
        symbol="QĐ-BKHCN",
        signed_on=datetime.date(2025, 2, 1),
        signer="Nguyễn Văn Thử",
        title="Về việc tặng Cờ thi đua",
        year=YEAR,
        council_session=session,
        awarded=[passed],
        rejected=[failed],
        reject_reason="Không đạt 90% phiếu đồng ý.",
    )
    passed.refresh_from_db()
    failed.refresh_from_db()
    assert (passed.status, failed.status) == (workflow.APPROVED, workflow.REJECTED)
    awardee = Awardee.objects.get()
    assert (awardee.decision, awardee.organization, awardee.award_type) == (decision, officer_a.organization, flag_type)
    assert NominationChange.objects.get(nomination=failed, to_status=workflow.REJECTED).comment.startswith(
        "12/QĐ-BKHCN"
    )


def test_a_decision_number_is_unique(staff_user, flag_type):
    first = NominationFactory(award_type=flag_type, status=workflow.COUNCIL)
    second = NominationFactory(award_type=flag_type, status=workflow.COUNCIL)
    kwargs = {
        "by": staff_user,
        "number": "7",
        "symbol": "QĐ-BKHCN",
        "signed_on": datetime.date(2025, 2, 1),
        "signer": "Nguyễn Văn Thử",
        "title": "Tặng thưởng",
        "year": YEAR,
    }
    services.record_decision(**kwargs, awarded=[first])
    with pytest.raises(ValidationError):
        services.record_decision(**kwargs, awarded=[second])
    second.refresh_from_db()
    assert second.status == workflow.COUNCIL


def test_decision_candidates_follow_the_closed_council_vote(staff_user, flag_type, certificate_type):
    from awards import selectors

    session = CouncilSessionFactory(year=YEAR)
    yes = NominationFactory(award_type=flag_type, status=workflow.COUNCIL)
    no = NominationFactory(award_type=flag_type, status=workflow.COUNCIL)
    certificate_type.needs_council = False
    certificate_type.save()
    direct = NominationFactory(award_type=certificate_type, status=workflow.PROPOSED)
    vote = Vote.objects.create(
        body="council",
        council_session=session,
        award_type=flag_type,
        title="Hội đồng bỏ phiếu",
        status="closed",
        rule_quorum_numerator=0,
        rule_quorum_denominator=1,
        rule_base="all",
        rule_threshold_numerator=9,
        rule_threshold_denominator=10,
        members_count=3,
        opened_at=datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC),
    )
    VoteItem.objects.create(vote=vote, nomination=yes, passed=True)
    VoteItem.objects.create(vote=vote, nomination=no, passed=False)
    awardable, rejectable = selectors.decision_candidates(session)
    assert set(awardable) == {yes, direct}
    assert rejectable == [no]


def test_demo_nominations_follow_seed_003_and_are_idempotent(db):
    from accounts import demo as accounts_demo
    from awards import demo_nominations
    from clusters import demo as clusters_demo

    accounts_demo.seed()
    clusters_demo.seed()
    demo_nominations.seed()
    demo_nominations.seed()
    proposals_2019 = set(
        Nomination.objects.filter(year=2019).values_list("award_type__name", "nominee_organization__province", "status")
    )
    assert proposals_2019 == {
        ("Cờ thi đua của Bộ", "Đắk Lắk", workflow.SUBMITTED),
        ("Cờ thi đua của Bộ", "Phú Yên", workflow.SUBMITTED),
        ("Bằng khen của Bộ trưởng", "Gia Lai", workflow.SUBMITTED),
        ("Bằng khen của Bộ trưởng", "Lâm Đồng", workflow.SUBMITTED),
    }
    assert all(n.cluster.number == 6 and not n.is_illustrative for n in Nomination.objects.filter(year=2019))
    later = Nomination.objects.exclude(year=2019)
    assert later.count() == 3
    assert all(n.is_illustrative and "(minh họa)" in n.achievements for n in later)
