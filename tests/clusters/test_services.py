import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from clusters import services
from clusters.models import ClusterMembership, PledgeSignature, SelfAssessment
from tests.factories import OrganizationFactory

from .conftest import YEAR
from .factories import ClusterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_copy_membership_keeps_order_and_leaves_out_merged_units(cluster, unit_a, unit_b, unit_c):
    unit_b.valid_until = datetime.date(YEAR, 6, 30)
    unit_b.successor = unit_c
    unit_b.save()
    copied, left_out = services.copy_membership(cluster=cluster, year=YEAR + 1)
    assert [m.organization for m in copied] == [unit_c, unit_a]
    assert [m.rotation_order for m in copied] == [1, 2]
    assert left_out == [unit_b]


def test_copy_membership_refuses_when_members_exist(cluster):
    with pytest.raises(ValidationError):
        services.copy_membership(cluster=cluster, year=YEAR)


def test_copy_membership_leaves_out_unit_moved_to_another_cluster(cluster, unit_a):
    MembershipFactory(cluster=ClusterFactory(), organization=unit_a, year=YEAR + 1, rotation_order=1)
    _copied, left_out = services.copy_membership(cluster=cluster, year=YEAR + 1)
    assert left_out == [unit_a]


def test_set_membership_reorders_and_removes(cluster, unit_a, unit_b, unit_c):
    services.set_membership(cluster=cluster, year=YEAR, orders={unit_a.pk: 1, unit_c.pk: 2})
    rows = ClusterMembership.objects.filter(cluster=cluster, year=YEAR).order_by("rotation_order")
    assert [(m.organization, m.rotation_order) for m in rows] == [(unit_a, 1), (unit_c, 2)]


def test_set_membership_refuses_to_remove_the_chair(term, unit_b, unit_c):
    with pytest.raises(ValidationError):
        services.set_membership(cluster=term.cluster, year=YEAR, orders={unit_b.pk: 1, unit_c.pk: 2})


def test_set_membership_refuses_a_unit_of_another_cluster(cluster, unit_a):
    with pytest.raises(ValidationError):
        services.set_membership(cluster=ClusterFactory(), year=YEAR, orders={unit_a.pk: 1})


def test_record_term_validates_membership(cluster, unit_a):
    outsider_unit = OrganizationFactory()
    with pytest.raises(ValidationError):
        services.record_term(cluster=cluster, year=YEAR, chair=unit_a, vice_chair=outsider_unit, selection="rotation")


def test_recognised_term_is_final(term):
    services.record_decision(term=term, number="99/QĐ-BTTTT", date=datetime.date(YEAR, 4, 1))
    with pytest.raises(ValidationError):
        services.record_term(
            cluster=term.cluster, year=YEAR, chair=term.vice_chair, vice_chair=term.chair, selection="conference"
        )


def test_draft_pledge_numbers_criteria(term, officer_a):
    pledge = services.draft_pledge(
        cluster=term.cluster, year=YEAR, criteria=[("Một", None), ("Hai", D("10"))], by=officer_a
    )
    assert [(c.position, c.text, c.max_score) for c in pledge.criteria.all()] == [(1, "Một", None), (2, "Hai", 10)]


def test_sign_pledge_once_per_unit(pledge, unit_b, officer_b):
    services.sign_pledge(pledge=pledge, organization=unit_b, by=officer_b)
    with pytest.raises(ValidationError):
        services.sign_pledge(pledge=pledge, organization=unit_b, by=officer_b)
    assert PledgeSignature.objects.filter(pledge=pledge).count() == 1


def test_sign_pledge_refused_for_non_member(pledge):
    with pytest.raises(ValidationError):
        services.sign_pledge(pledge=pledge, organization=OrganizationFactory(), by=None)


def test_criteria_locked_after_first_signature(pledge, unit_b, officer_b):
    services.sign_pledge(pledge=pledge, organization=unit_b, by=officer_b)
    with pytest.raises(ValidationError):
        services.update_pledge(
            pledge=pledge, criteria=[("Khác", None)], signing_date=None, signing_place="", assessment_due_on=None
        )


def test_criteria_locked_once_scores_are_entered(pledge, unit_b, officer_b):
    criterion = pledge.criteria.first()
    services.save_self_assessment(
        pledge=pledge,
        organization=unit_b,
        scores={criterion.pk: (D("9"), "")},
        by=officer_b,
        today=pledge.assessment_due_on,
    )
    with pytest.raises(ValidationError, match="tự chấm điểm"):
        services.update_pledge(
            pledge=pledge,
            criteria=[("Khác", None)],
            signing_date=None,
            signing_place="Nơi khác",
            assessment_due_on=None,
        )
    pledge.refresh_from_db()
    assert pledge.signing_place == ""
    assert pledge.criteria.first().pk == criterion.pk
    assert SelfAssessment.objects.filter(organization=unit_b).count() == 1


def test_self_assessment_closes_after_the_due_day(pledge, unit_b, officer_b):
    criterion = pledge.criteria.first()
    due = pledge.assessment_due_on
    services.save_self_assessment(
        pledge=pledge, organization=unit_b, scores={criterion.pk: (D("9"), "")}, by=officer_b, today=due
    )
    with pytest.raises(ValidationError):
        services.save_self_assessment(
            pledge=pledge,
            organization=unit_b,
            scores={criterion.pk: (D("8"), "")},
            by=officer_b,
            today=due + datetime.timedelta(days=1),
        )
    assert SelfAssessment.objects.get().score == 9


def test_self_assessment_respects_maximum(pledge, unit_b, officer_b):
    criterion = pledge.criteria.first()
    with pytest.raises(ValidationError):
        services.save_self_assessment(
            pledge=pledge,
            organization=unit_b,
            scores={criterion.pk: (D("11"), "")},
            by=officer_b,
            today=datetime.date(YEAR, 12, 1),
        )


def test_adjustment_requires_reason(pledge, unit_b, officer_a, officer_b):
    criterion = pledge.criteria.first()
    (assessment,) = services.save_self_assessment(
        pledge=pledge,
        organization=unit_b,
        scores={criterion.pk: (D("9"), "")},
        by=officer_b,
        today=datetime.date(YEAR, 12, 1),
    )
    with pytest.raises(ValidationError):
        services.adjust_score(assessment=assessment, adjusted_score=D("8"), reason=" ", by=officer_a)
    services.adjust_score(assessment=assessment, adjusted_score=D("8"), reason="Thiếu minh chứng", by=officer_a)
    assessment.refresh_from_db()
    assert (assessment.score, assessment.final_score, assessment.adjusted_by) == (9, 8, officer_a)


def _two_scores(pledge, unit, officer):
    first, second = pledge.criteria.all()[:2]
    assessments = services.save_self_assessment(
        pledge=pledge,
        organization=unit,
        scores={first.pk: (D("9"), ""), second.pk: (D("7"), "")},
        by=officer,
        today=datetime.date(YEAR, 12, 1),
    )
    return first, second, {a.criterion_id: a for a in assessments}


def test_review_saves_all_adjustments_or_none(pledge, unit_b, officer_a, officer_b):
    first, second, assessments = _two_scores(pledge, unit_b, officer_b)
    with pytest.raises(ValidationError):
        services.review_scores(
            pledge=pledge,
            assessments=assessments,
            adjustments={first.pk: (D("8"), "Thiếu minh chứng"), second.pk: (D("6"), "")},
            by=officer_a,
        )
    assert not SelfAssessment.objects.filter(adjusted_score__isnull=False).exists()
    # After a refused review the page is shown again and the next request reads fresh rows.
    assessments = {a.criterion_id: a for a in SelfAssessment.objects.filter(organization=unit_b)}
    changed = services.review_scores(
        pledge=pledge,
        assessments=assessments,
        adjustments={first.pk: (D("8"), "Thiếu minh chứng"), second.pk: (None, "")},
        by=officer_a,
    )
    assert changed == 1
    assert list(
        SelfAssessment.objects.filter(adjusted_score__isnull=False).values_list("adjusted_score", flat=True)
    ) == [8]


def test_review_refused_once_the_ranking_is_published(pledge, unit_b, officer_a, officer_b):
    first, _second, assessments = _two_scores(pledge, unit_b, officer_b)
    services.publish_ranking(pledge=pledge)
    with pytest.raises(ValidationError):
        services.review_scores(
            pledge=pledge, assessments=assessments, adjustments={first.pk: (D("8"), "Lý do")}, by=officer_a
        )
    assert not SelfAssessment.objects.filter(adjusted_score__isnull=False).exists()


# --- Final terms: decisions once, corrections audited -------------------------------------


def test_a_recorded_decision_cannot_be_overwritten(term, staff_user):
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 4, 2))
    with pytest.raises(ValidationError, match="điều chỉnh"):
        services.record_decision(term=term, number="99/QĐ-BTTTT", date=datetime.date(YEAR, 5, 1))
    term.refresh_from_db()
    assert (term.decision_number, term.decision_date) == ("12/QĐ-BTTTT", datetime.date(YEAR, 4, 2))


def test_a_decision_cannot_precede_the_conference(term):
    term.conference_date = datetime.date(YEAR, 3, 6)
    term.save()
    with pytest.raises(ValidationError, match="trước ngày hội nghị"):
        services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 3, 5))
    term.refresh_from_db()
    assert not term.is_recognised
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 3, 6))  # the same day is fine


def test_a_final_term_changes_only_through_an_audited_correction(term, staff_user, unit_a, unit_b, unit_c):
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 4, 2))
    with pytest.raises(ValidationError):
        services.record_term(cluster=term.cluster, year=YEAR, chair=unit_c, vice_chair=unit_b, selection="conference")
    with pytest.raises(ValidationError):  # a reason is required
        services.correct_term(term=term, by=staff_user, reason=" ", decision_number="21/QĐ-BTTTT")
    with pytest.raises(ValidationError):  # and the date rule still holds
        services.correct_term(
            term=term,
            by=staff_user,
            reason="Sửa ngày",
            conference_date=datetime.date(YEAR, 5, 1),
            decision_date=datetime.date(YEAR, 4, 30),
        )
    assert not term.corrections.exists()
    correction = services.correct_term(
        term=term, by=staff_user, reason="Nhập nhầm số quyết định", decision_number="21/QĐ-BTTTT", vice_chair=unit_c
    )
    term.refresh_from_db()
    assert (term.decision_number, term.vice_chair) == ("21/QĐ-BTTTT", unit_c)
    assert correction.by == staff_user
    assert correction.reason == "Nhập nhầm số quyết định"
    assert correction.changes["decision_number"]["from"] == "12/QĐ-BTTTT"
    assert correction.changes["decision_number"]["to"] == "21/QĐ-BTTTT"
    assert correction.changes["vice_chair"]["to"] == unit_c.display_name
    assert set(correction.changes) == {"decision_number", "vice_chair"}


def test_the_chair_unit_never_replaces_a_recorded_term(term, unit_a, unit_b, unit_c):
    services.copy_membership(cluster=term.cluster, year=YEAR + 1)
    kwargs = {"cluster": term.cluster, "year": YEAR + 1, "selection": "rotation"}
    services.record_term(chair=unit_b, vice_chair=unit_c, replace=False, **kwargs)
    with pytest.raises(ValidationError, match="chỉ công chức Bộ"):
        services.record_term(chair=unit_a, vice_chair=unit_c, replace=False, **kwargs)
    assert services.ClusterTerm.objects.get(cluster=term.cluster, year=YEAR + 1).chair == unit_b


def test_a_duplicate_cluster_is_refused_with_a_message(cluster):
    with pytest.raises(ValidationError):
        services.create_cluster(number=6, name="Cụm 6 lần hai", kind="cluster")
