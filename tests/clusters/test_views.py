import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from clusters import services
from clusters.models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeSignature, SelfAssessment
from tests.factories import OrganizationFactory

from .conftest import YEAR
from .factories import ClusterFactory, MembershipFactory, TermFactory

pytestmark = pytest.mark.django_db

IN_TIME = datetime.datetime(YEAR, 12, 10, 23, 0, tzinfo=datetime.UTC) - datetime.timedelta(hours=7)  # 23:00 ICT
LATE = datetime.datetime(YEAR, 12, 10, 17, 0, tzinfo=datetime.UTC)  # 00:00 ICT on the 11th


def _url(name, *args):
    return reverse(f"clusters:{name}", args=args)


# --- Cluster list and detail ----------------------------------------------------------


def test_cluster_list_shows_current_chair_and_vice_chair(officer_b_client, term):
    html = officer_b_client.get(_url("cluster_list"), {"year": YEAR}).content.decode()
    assert "Cụm thi đua số 6" in html
    assert "Sở TTTT Gia Lai" in html
    assert "Sở TTTT Phú Yên" in html


def test_cluster_list_refused_without_role(outsider_client):
    assert outsider_client.get(_url("cluster_list")).status_code == 403


def _make_clusters(count, start):
    for i in range(count):
        cluster = ClusterFactory(number=start + i)
        chair, vice = OrganizationFactory(), OrganizationFactory()
        MembershipFactory(cluster=cluster, organization=chair, year=YEAR, rotation_order=1)
        MembershipFactory(cluster=cluster, organization=vice, year=YEAR, rotation_order=2)
        TermFactory(cluster=cluster, year=YEAR, chair=chair, vice_chair=vice)


def test_cluster_list_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    _make_clusters(2, 200)
    with django_assert_max_num_queries(8):
        assert staff_client.get(_url("cluster_list"), {"year": YEAR}).status_code == 200
    _make_clusters(8, 300)
    with django_assert_max_num_queries(8):
        response = staff_client.get(_url("cluster_list"), {"year": YEAR})
    assert len(response.context["clusters"]) == 10


def test_cluster_list_searches_filters_and_paginates(officer_a_client, django_assert_max_num_queries):
    _make_clusters(30, 1)
    ClusterFactory(number=1, kind=Cluster.Kind.BLOCK, name="Khối các cơ quan tham mưu")
    with django_assert_max_num_queries(9):
        first = officer_a_client.get(_url("cluster_list"), {"year": YEAR})
    assert len(first.context["clusters"]) == 25
    assert first.context["page_obj"].paginator.count == 31
    second = officer_a_client.get(_url("cluster_list"), {"year": YEAR, "page": 2})
    assert [c.name for c in second.context["clusters"]][-1] == "Khối các cơ quan tham mưu"
    assert officer_a_client.get(_url("cluster_list"), {"q": "7"}).context["clusters"][0].number == 7
    found = officer_a_client.get(_url("cluster_list"), {"q": "tham mưu"}).context["clusters"]
    assert [c.name for c in found] == ["Khối các cơ quan tham mưu"]
    blocks = officer_a_client.get(_url("cluster_list"), {"kind": "block"}).context["clusters"]
    assert [c.kind for c in blocks] == ["block"]
    empty = officer_a_client.get(_url("cluster_list"), {"q": "không có"})
    assert "Không có cụm nào phù hợp" in empty.content.decode()


def test_cluster_detail_shows_members_history_and_pledges(leadership_client, pledge, unit_b):
    unit_b.valid_until = datetime.date(2025, 6, 30)
    unit_b.successor = OrganizationFactory(short_name="Sở TTTT Đắk Lắk mới")
    unit_b.save()
    html = leadership_client.get(pledge.cluster.get_absolute_url(), {"year": YEAR}).content.decode()
    assert "Sở Thông tin và Truyền thông tỉnh Phú Yên" in html
    assert "Đã kết thúc" in html
    assert "Sở TTTT Đắk Lắk mới" in html
    assert "Chờ quyết định công nhận" in html
    assert pledge.get_absolute_url() in html


def test_cluster_detail_query_count_does_not_grow(staff_client, cluster, django_assert_max_num_queries):
    def add(n, start):
        for i in range(n):
            MembershipFactory(cluster=cluster, organization=OrganizationFactory(), year=YEAR, rotation_order=start + i)

    add(2, 10)
    with django_assert_max_num_queries(14):
        staff_client.get(cluster.get_absolute_url(), {"year": YEAR})
    add(20, 20)
    with django_assert_max_num_queries(14):
        response = staff_client.get(cluster.get_absolute_url(), {"year": YEAR})
    assert len(response.context["memberships"]) == 25


def test_cluster_detail_unknown_to_user_without_role(outsider_client, cluster):
    assert outsider_client.get(cluster.get_absolute_url()).status_code == 404


# --- Cluster create/edit, membership ----------------------------------------------------


def test_staff_creates_cluster(staff_client):
    response = staff_client.post(_url("cluster_create"), {"number": 9, "name": "Khối thi đua số 9", "kind": "block"})
    cluster = Cluster.objects.get(number=9)
    assert response.status_code == 302
    assert cluster.kind == "block"


@pytest.mark.parametrize("persona", ["officer_a_client", "leadership_client"])
def test_cluster_create_refused_to_non_staff(request, persona):
    response = request.getfixturevalue(persona).post(
        _url("cluster_create"), {"number": 9, "name": "X", "kind": "cluster"}
    )
    assert response.status_code == 403
    assert not Cluster.objects.exists()


def test_staff_edits_cluster(staff_client, cluster):
    staff_client.post(
        _url("cluster_edit", cluster.pk), {"number": 6, "name": "Cụm thi đua số 6 (mới)", "kind": "cluster"}
    )
    cluster.refresh_from_db()
    assert cluster.name == "Cụm thi đua số 6 (mới)"


def test_cluster_edit_refused_to_officer(officer_a_client, cluster):
    response = officer_a_client.post(_url("cluster_edit", cluster.pk), {"number": 6, "name": "X", "kind": "cluster"})
    assert response.status_code == 403
    cluster.refresh_from_db()
    assert cluster.name == "Cụm thi đua số 6"


def test_staff_sets_membership(staff_client, cluster, unit_a, unit_b, unit_c):
    newcomer = OrganizationFactory()
    data = {f"org_{unit_a.pk}": 2, f"org_{unit_c.pk}": 1, f"org_{newcomer.pk}": 3}
    response = staff_client.post(_url("membership_edit", cluster.pk, YEAR), data)
    assert response.status_code == 302
    members = ClusterMembership.objects.filter(cluster=cluster, year=YEAR).order_by("rotation_order")
    assert [m.organization for m in members] == [unit_c, unit_a, newcomer]


def test_membership_form_refuses_duplicate_orders(staff_client, cluster, unit_a, unit_c):
    response = staff_client.post(
        _url("membership_edit", cluster.pk, YEAR), {f"org_{unit_a.pk}": 1, f"org_{unit_c.pk}": 1}
    )
    assert response.status_code == 200
    assert ClusterMembership.objects.filter(cluster=cluster, year=YEAR).count() == 3


def test_membership_edit_refused_to_officer(officer_a_client, cluster, unit_a):
    response = officer_a_client.post(_url("membership_edit", cluster.pk, YEAR), {f"org_{unit_a.pk}": 1})
    assert response.status_code == 403
    assert ClusterMembership.objects.filter(cluster=cluster, year=YEAR).count() == 3


def test_staff_copies_last_years_membership(staff_client, cluster):
    response = staff_client.post(_url("membership_copy", cluster.pk, YEAR + 1))
    assert response.status_code == 302
    assert ClusterMembership.objects.filter(cluster=cluster, year=YEAR + 1).count() == 3


def test_membership_copy_refuses_get_and_officers(staff_client, officer_a_client, cluster):
    assert staff_client.get(_url("membership_copy", cluster.pk, YEAR + 1)).status_code == 405
    assert officer_a_client.post(_url("membership_copy", cluster.pk, YEAR + 1)).status_code == 403
    assert not ClusterMembership.objects.filter(year=YEAR + 1).exists()


# --- Terms ------------------------------------------------------------------------------


@pytest.fixture
def next_year(term):
    """Members copied into YEAR + 1, on a day of YEAR (when the chair's unit may propose its successor)."""
    services.copy_membership(cluster=term.cluster, year=YEAR + 1)
    with time_machine.travel(datetime.datetime(YEAR, 11, 20, 9, tzinfo=datetime.UTC), tick=False):
        yield YEAR + 1


def test_rotation_proposal_shown_to_the_chair_unit(officer_a_client, next_year, term):
    response = officer_a_client.get(_url("term_edit", term.cluster.pk, next_year))
    assert response.status_code == 200
    proposal = response.context["proposal"]
    # Vice-chair Phú Yên (3rd) becomes chair; the order wraps to Đắk Lắk (1st).
    assert (response.context["proposal_chair"].short_name, response.context["proposal_vice_chair"].short_name) == (
        "Sở TTTT Phú Yên",
        "Sở TTTT Đắk Lắk",
    )
    assert proposal.notes == ()


def test_chair_unit_records_conference_choice(officer_a_client, next_year, term, unit_a, unit_c):
    data = {
        "chair": unit_c.pk,
        "vice_chair": unit_a.pk,
        "selection": "conference",
        "conference_date": f"{next_year}-03-06",
    }
    response = officer_a_client.post(_url("term_edit", term.cluster.pk, next_year), data)
    assert response.status_code == 302
    recorded = ClusterTerm.objects.get(cluster=term.cluster, year=next_year)
    assert (recorded.chair, recorded.vice_chair, recorded.selection) == (unit_c, unit_a, "conference")
    assert not recorded.is_recognised


def test_term_refuses_same_unit_twice(staff_client, next_year, term, unit_a):
    data = {"chair": unit_a.pk, "vice_chair": unit_a.pk, "selection": "rotation"}
    response = staff_client.post(_url("term_edit", term.cluster.pk, next_year), data)
    assert response.status_code == 200
    assert not ClusterTerm.objects.filter(year=next_year).exists()


def test_term_refused_to_other_members(officer_b_client, next_year, term, unit_b, unit_c):
    data = {"chair": unit_b.pk, "vice_chair": unit_c.pk, "selection": "rotation"}
    response = officer_b_client.post(_url("term_edit", term.cluster.pk, next_year), data)
    assert response.status_code == 403
    assert not ClusterTerm.objects.filter(year=next_year).exists()


def test_staff_records_recognising_decision(staff_client, term):
    response = staff_client.post(_url("term_decision", term.pk), {"number": "123/QĐ-BTTTT", "date": f"{YEAR}-04-02"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.is_recognised
    assert term.decision_date == datetime.date(YEAR, 4, 2)


def test_decision_form_asks_for_confirmation(staff_client, term):
    html = staff_client.get(_url("term_decision", term.pk)).content.decode()
    assert "data-confirm=" in html


def test_decision_refused_to_chair_unit(officer_a_client, term):
    response = officer_a_client.post(_url("term_decision", term.pk), {"number": "1/QĐ", "date": f"{YEAR}-04-02"})
    assert response.status_code == 403
    term.refresh_from_db()
    assert not term.is_recognised


# --- Pledges ----------------------------------------------------------------------------


def test_chair_unit_drafts_pledge_copying_last_years_criteria(officer_a_client, pledge, unit_a, unit_b, unit_c):
    cluster = pledge.cluster
    services.copy_membership(cluster=cluster, year=YEAR + 1)
    TermFactory(cluster=cluster, year=YEAR + 1, chair=unit_a, vice_chair=unit_c)
    url = _url("pledge_create", cluster.pk, YEAR + 1)
    initial = officer_a_client.get(url).context["form"].initial["criteria"]
    assert initial.splitlines() == [f"{c.text} | 10" for c in pledge.criteria.all()]
    response = officer_a_client.post(url, {"criteria": initial + "\nTiêu chí mới", "signing_place": "Gia Lai"})
    new = Pledge.objects.get(cluster=cluster, year=YEAR + 1)
    assert response.status_code == 302
    assert new.criteria.count() == 4
    assert new.criteria.last().max_score is None


def test_chair_powers_are_for_that_year_only(officer_a_client, officer_b_client, pledge, unit_a, unit_b, unit_c):
    cluster = pledge.cluster
    services.copy_membership(cluster=cluster, year=YEAR + 1)
    TermFactory(cluster=cluster, year=YEAR + 1, chair=unit_b, vice_chair=unit_c)
    # Gia Lai chaired YEAR, not YEAR + 1.
    response = officer_a_client.post(_url("pledge_create", cluster.pk, YEAR + 1), {"criteria": "Một"})
    assert response.status_code == 403
    assert officer_a_client.get(_url("pledge_edit", pledge.pk)).status_code == 200
    assert officer_b_client.get(_url("pledge_edit", pledge.pk)).status_code == 403
    assert not Pledge.objects.filter(year=YEAR + 1).exists()


def test_staff_cannot_act_as_chair(staff_client, pledge):
    assert staff_client.post(_url("pledge_edit", pledge.pk), {"criteria": "X"}).status_code == 403
    assert pledge.criteria.count() == 3


def test_pledge_detail_lists_who_has_not_signed(officer_c_client_factory, pledge, unit_b, officer_b):
    services.sign_pledge(pledge=pledge, organization=unit_b, by=officer_b)
    response = officer_c_client_factory().get(pledge.get_absolute_url())
    assert [m.organization.short_name for m in response.context["unsigned"]] == ["Sở TTTT Đắk Lắk", "Sở TTTT Gia Lai"]
    assert response.context["can_sign"] is True


def test_pledge_detail_query_count_does_not_grow(staff_client, pledge, django_assert_max_num_queries):
    def add(n, start):
        for i in range(n):
            org = OrganizationFactory()
            MembershipFactory(cluster=pledge.cluster, organization=org, year=YEAR, rotation_order=start + i)
            PledgeSignature.objects.create(pledge=pledge, organization=org, signed_at=IN_TIME)

    add(2, 10)
    with django_assert_max_num_queries(16):
        staff_client.get(pledge.get_absolute_url())
    add(20, 20)
    with django_assert_max_num_queries(16):
        response = staff_client.get(pledge.get_absolute_url())
    assert len(response.context["signatures"]) == 22


def test_member_signs_with_one_click(officer_b_client, officer_b, pledge, unit_b):
    response = officer_b_client.post(_url("pledge_sign", pledge.pk))
    assert response.status_code == 302
    signature = PledgeSignature.objects.get(pledge=pledge)
    assert (signature.organization, signature.signed_by) == (unit_b, officer_b)
    # A second click is refused by the unique constraint and reported, not duplicated.
    response = officer_b_client.post(_url("pledge_sign", pledge.pk), follow=True)
    assert "Đơn vị của bạn đã ký giao ước này" in response.content.decode()
    assert PledgeSignature.objects.filter(pledge=pledge).count() == 1


@pytest.mark.parametrize("persona", ["other_officer_client", "staff_client", "leadership_client"])
def test_non_member_cannot_sign(request, persona, pledge):
    assert request.getfixturevalue(persona).post(_url("pledge_sign", pledge.pk)).status_code == 403
    assert not PledgeSignature.objects.exists()


def test_sign_refuses_get(officer_b_client, pledge):
    assert officer_b_client.get(_url("pledge_sign", pledge.pk)).status_code == 405


def test_pledge_unknown_to_user_without_role(outsider_client, pledge):
    assert outsider_client.get(pledge.get_absolute_url()).status_code == 404
    assert outsider_client.post(_url("pledge_sign", pledge.pk)).status_code == 404


# --- Self-assessment, review, ranking ---------------------------------------------------


def _scores(pledge, value="9"):
    data = {}
    for c in pledge.criteria.all():
        data[f"score_{c.pk}"] = value
        data[f"note_{c.pk}"] = "Hoàn thành"
    return data


def test_member_enters_own_scores_before_the_deadline(officer_b_client, pledge, unit_b):
    with time_machine.travel(IN_TIME, tick=False):
        response = officer_b_client.post(_url("assessment_edit", pledge.pk), _scores(pledge))
    assert response.status_code == 302
    assert SelfAssessment.objects.filter(organization=unit_b).count() == 3


def test_self_assessment_closed_after_the_deadline(officer_b_client, pledge):
    with time_machine.travel(LATE, tick=False):
        response = officer_b_client.post(_url("assessment_edit", pledge.pk), _scores(pledge))
    assert response.status_code == 302
    assert not SelfAssessment.objects.exists()


def test_member_cannot_edit_another_members_scores(officer_b_client, officer_c, pledge, unit_c):
    with time_machine.travel(IN_TIME, tick=False):
        services.save_self_assessment(
            pledge=pledge, organization=unit_c, scores={c.pk: (D("7"), "") for c in pledge.criteria.all()}, by=officer_c
        )
        # Posting a unit's own form only ever writes that unit's rows; the review form is the chair's.
        officer_b_client.post(_url("assessment_edit", pledge.pk), _scores(pledge, "10"))
        criterion = pledge.criteria.first()
        response = officer_b_client.post(
            _url("assessment_review", pledge.pk, unit_c.pk),
            {f"adjusted_{criterion.pk}": "10", f"reason_{criterion.pk}": "x"},
        )
    assert response.status_code == 403
    assert set(SelfAssessment.objects.filter(organization=unit_c).values_list("score", flat=True)) == {D("7")}


def test_non_member_cannot_self_assess(other_officer_client, pledge):
    with time_machine.travel(IN_TIME, tick=False):
        response = other_officer_client.post(_url("assessment_edit", pledge.pk), _scores(pledge))
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()


def test_chair_adjusts_with_required_reason_and_publishes(
    officer_a_client, officer_b_client, officer_b, pledge, unit_b
):
    with time_machine.travel(IN_TIME, tick=False):
        services.save_self_assessment(
            pledge=pledge, organization=unit_b, scores={c.pk: (D("9"), "") for c in pledge.criteria.all()}, by=officer_b
        )
    criterion = pledge.criteria.first()
    url = _url("assessment_review", pledge.pk, unit_b.pk)
    response = officer_a_client.post(url, {f"adjusted_{criterion.pk}": "7"})
    assert response.status_code == 200  # the reason is required
    assert SelfAssessment.objects.get(criterion=criterion, organization=unit_b).adjusted_score is None
    officer_a_client.post(url, {f"adjusted_{criterion.pk}": "7", f"reason_{criterion.pk}": "Thiếu minh chứng"})
    assessment = SelfAssessment.objects.get(criterion=criterion, organization=unit_b)
    assert (assessment.final_score, assessment.adjustment_reason) == (7, "Thiếu minh chứng")

    # Members see no ranking before publication; they do after.
    assert officer_b_client.get(pledge.get_absolute_url()).context["ranking"] is None
    assert officer_a_client.get(_url("ranking_publish", pledge.pk)).status_code == 405
    assert officer_b_client.post(_url("ranking_publish", pledge.pk)).status_code == 403
    officer_a_client.post(_url("ranking_publish", pledge.pk))
    ranking = officer_b_client.get(pledge.get_absolute_url()).context["ranking"]
    assert (ranking[0].name, ranking[0].total, ranking[0].rank) == ("Sở TTTT Phú Yên", D("25"), 1)


def _assess(pledge, unit, officer, score="9"):
    with time_machine.travel(IN_TIME, tick=False):
        services.save_self_assessment(
            pledge=pledge, organization=unit, scores={c.pk: (D(score), "") for c in pledge.criteria.all()}, by=officer
        )


def test_chair_cannot_adjust_its_own_scores(officer_a_client, officer_a, pledge, unit_a):
    _assess(pledge, unit_a, officer_a)
    criterion = pledge.criteria.first()
    url = _url("assessment_review", pledge.pk, unit_a.pk)
    assert officer_a_client.get(url).status_code == 403
    response = officer_a_client.post(url, {f"adjusted_{criterion.pk}": "10", f"reason_{criterion.pk}": "Tự nâng"})
    assert response.status_code == 403
    assert SelfAssessment.objects.get(criterion=criterion, organization=unit_a).adjusted_score is None
    overview = officer_a_client.get(_url("assessment_overview", pledge.pk)).content.decode()
    assert url not in overview
    assert "Do Cụm phó thẩm định" in overview


def test_vice_chair_reviews_the_chairs_scores_only(officer_a, officer_b_client, officer_c, pledge, unit_a, unit_c):
    _assess(pledge, unit_a, officer_a)
    _assess(pledge, unit_c, officer_c)
    criterion = pledge.criteria.first()
    detail = officer_b_client.get(pledge.get_absolute_url()).content.decode()
    url = _url("assessment_review", pledge.pk, unit_a.pk)
    assert url in detail
    response = officer_b_client.post(
        url, {f"adjusted_{criterion.pk}": "7", f"reason_{criterion.pk}": "Thiếu minh chứng"}
    )
    assert response.status_code == 302
    assert response.url == pledge.get_absolute_url()
    assessment = SelfAssessment.objects.get(criterion=criterion, organization=unit_a)
    assert (assessment.adjusted_score, assessment.adjusted_by.organization_id) == (7, pledge_vice_id(pledge))
    # The vice-chair reviews nobody else, and sees no overview.
    other = _url("assessment_review", pledge.pk, unit_c.pk)
    assert (
        officer_b_client.post(other, {f"adjusted_{criterion.pk}": "1", f"reason_{criterion.pk}": "x"}).status_code
        == 403
    )
    assert SelfAssessment.objects.get(criterion=criterion, organization=unit_c).adjusted_score is None
    assert officer_b_client.get(_url("assessment_overview", pledge.pk)).status_code == 403


def pledge_vice_id(pledge):
    return ClusterTerm.objects.get(cluster=pledge.cluster, year=pledge.year).vice_chair_id


def test_ranking_hidden_from_other_units_even_when_published(other_officer_client, leadership_client, pledge):
    services.publish_ranking(pledge=pledge)
    assert other_officer_client.get(pledge.get_absolute_url()).context["ranking"] is None
    assert leadership_client.get(pledge.get_absolute_url()).context["ranking"] is not None


def test_review_overview_only_for_chair(officer_a_client, officer_b_client, pledge):
    assert officer_a_client.get(_url("assessment_overview", pledge.pk)).status_code == 200
    assert officer_b_client.get(_url("assessment_overview", pledge.pk)).status_code == 403


def test_home_panel_invites_member_to_sign(officer_b_client, pledge):
    html = officer_b_client.get("/").content.decode()
    assert "Cụm thi đua số 6" in html
    assert pledge.get_absolute_url() in html


def test_review_overview_query_count_does_not_grow(officer_a_client, pledge, django_assert_max_num_queries):
    criteria = list(pledge.criteria.all())

    def add(n, start):
        for i in range(n):
            org = OrganizationFactory()
            MembershipFactory(cluster=pledge.cluster, organization=org, year=YEAR, rotation_order=start + i)
            for c in criteria:
                SelfAssessment.objects.create(criterion=c, organization=org, score=D("8"))

    add(2, 10)
    with django_assert_max_num_queries(12):
        officer_a_client.get(_url("assessment_overview", pledge.pk))
    add(20, 20)
    with django_assert_max_num_queries(12):
        response = officer_a_client.get(_url("assessment_overview", pledge.pk))
    assert len(response.context["rows"]) == 25


def test_chair_sets_the_self_assessment_deadline(officer_a_client, pledge):
    data = {
        "criteria": "\n".join(f"{c.text} | 10" for c in pledge.criteria.all()),
        "assessment_due_on": f"{YEAR}-12-31",
    }
    response = officer_a_client.post(_url("pledge_edit", pledge.pk), data)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.assessment_due_on == datetime.date(YEAR, 12, 31)
    assert pledge.criteria.count() == 3


def test_pledge_edit_refused_to_member_and_nothing_changes(officer_b_client, pledge):
    response = officer_b_client.post(_url("pledge_edit", pledge.pk), {"criteria": "X", "assessment_due_on": ""})
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.assessment_due_on == datetime.date(YEAR, 12, 10)


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999])
def test_year_out_of_range_is_not_found(staff_client, cluster, year):
    for name in ("membership_edit", "term_edit", "pledge_create"):
        assert staff_client.get(_url(name, cluster.pk, year)).status_code == 404
    assert staff_client.post(_url("membership_copy", cluster.pk, year)).status_code == 404
    assert not ClusterMembership.objects.exclude(year=YEAR).exists()


# --- Refusals across every write, with nothing changed ---------------------------------


def _snapshot(pledge):
    term = ClusterTerm.objects.get(cluster=pledge.cluster, year=YEAR)
    pledge.refresh_from_db()
    return (
        list(Cluster.objects.values_list("name", "number")),
        list(ClusterMembership.objects.values_list("organization_id", "year", "rotation_order")),
        list(ClusterTerm.objects.values_list("year", "chair_id", "vice_chair_id", "decision_number")),
        list(pledge.criteria.values_list("text", flat=True)),
        (pledge.signing_place, pledge.assessment_due_on, pledge.ranking_published_at),
        PledgeSignature.objects.count(),
        list(SelfAssessment.objects.values_list("organization_id", "score", "adjusted_score")),
        term.decision_number,
    )


def _write_requests(pledge, unit_a, unit_b):
    cluster = pledge.cluster
    term = ClusterTerm.objects.get(cluster=cluster, year=YEAR)
    criterion = pledge.criteria.first()
    return [
        (_url("cluster_create"), {"number": 9, "name": "X", "kind": "cluster"}),
        (_url("cluster_edit", cluster.pk), {"number": 6, "name": "X", "kind": "cluster"}),
        (_url("membership_edit", cluster.pk, YEAR), {f"org_{unit_a.pk}": 1}),
        (_url("membership_copy", cluster.pk, YEAR + 1), {}),
        (_url("term_edit", cluster.pk, YEAR), {"chair": unit_b.pk, "vice_chair": unit_a.pk, "selection": "rotation"}),
        (_url("term_decision", term.pk), {"number": "1/QĐ", "date": f"{YEAR}-04-02"}),
        (_url("pledge_create", cluster.pk, YEAR + 1), {"criteria": "Một"}),
        (_url("pledge_edit", pledge.pk), {"criteria": "Một", "signing_place": "X"}),
        (_url("pledge_sign", pledge.pk), {}),
        (_url("assessment_edit", pledge.pk), {f"score_{criterion.pk}": "1"}),
        (
            _url("assessment_review", pledge.pk, unit_b.pk),
            {f"adjusted_{criterion.pk}": "1", f"reason_{criterion.pk}": "x"},
        ),
        (_url("ranking_publish", pledge.pk), {}),
    ]


@pytest.mark.parametrize(("persona", "status"), [("leadership_client", 403), ("outsider_client", 404)])
def test_leadership_and_outsiders_change_nothing(request, persona, status, pledge, officer_b, unit_a, unit_b):
    _assess(pledge, unit_b, officer_b)
    client = request.getfixturevalue(persona)
    before = _snapshot(pledge)
    with time_machine.travel(IN_TIME, tick=False):
        for url, data in _write_requests(pledge, unit_a, unit_b):
            expected = 403 if url == _url("cluster_create") else status
            assert client.post(url, data).status_code == expected, url
    assert _snapshot(pledge) == before


def test_term_form_refuses_a_unit_outside_the_cluster(officer_a_client, other_officer, next_year, term, unit_c):
    data = {"chair": other_officer.organization_id, "vice_chair": unit_c.pk, "selection": "conference"}
    response = officer_a_client.post(_url("term_edit", term.cluster.pk, next_year), data)
    assert response.status_code == 200
    assert "chair" in response.context["form"].errors
    assert not ClusterTerm.objects.filter(year=next_year).exists()


# --- Access: who records which term; final terms -----------------------------------------

TODAY_IN_YEAR = datetime.datetime(YEAR, 11, 20, 9, tzinfo=datetime.UTC)


def _terms(cluster):
    return list(
        ClusterTerm.objects.filter(cluster=cluster)
        .order_by("year")
        .values_list("year", "chair_id", "vice_chair_id", "selection", "decision_number")
    )


def test_chair_of_the_year_before_cannot_overwrite_a_recorded_term(officer_a_client, cluster, unit_a, unit_b, unit_c):
    """The audit's case: the chair of N-1 posting the term of N that a conference already decided."""
    TermFactory(cluster=cluster, year=YEAR - 1, chair=unit_a, vice_chair=unit_b)
    MembershipFactory(cluster=cluster, organization=unit_a, year=YEAR - 1, rotation_order=1)
    TermFactory(cluster=cluster, year=YEAR, chair=unit_c, vice_chair=unit_a, selection="conference")
    before = _terms(cluster)
    data = {"chair": unit_a.pk, "vice_chair": unit_b.pk, "selection": "rotation"}
    with time_machine.travel(datetime.datetime(YEAR, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert officer_a_client.get(_url("term_edit", cluster.pk, YEAR)).status_code == 403
        assert officer_a_client.post(_url("term_edit", cluster.pk, YEAR), data).status_code == 403
    assert _terms(cluster) == before


def test_chair_unit_may_not_record_terms_of_later_years(officer_a_client, term, unit_a, unit_b, unit_c):
    """Gia Lai chairs YEAR: it may not name the chair of YEAR + 1 years later, nor chain itself onward."""
    services.copy_membership(cluster=term.cluster, year=YEAR + 1)
    services.copy_membership(cluster=term.cluster, year=YEAR + 2)
    before = _terms(term.cluster)
    data = {"chair": unit_a.pk, "vice_chair": unit_b.pk, "selection": "rotation"}
    with time_machine.travel(datetime.datetime(YEAR + 2, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        assert officer_a_client.post(_url("term_edit", term.cluster.pk, YEAR + 1), data).status_code == 403
    with time_machine.travel(TODAY_IN_YEAR, tick=False):
        assert officer_a_client.post(_url("term_edit", term.cluster.pk, YEAR + 2), data).status_code == 403
    assert _terms(term.cluster) == before
    with time_machine.travel(TODAY_IN_YEAR, tick=False):  # its successor, once: allowed
        assert officer_a_client.post(_url("term_edit", term.cluster.pk, YEAR + 1), data).status_code == 302
        # Now chair of YEAR + 1 too, it still may not name the chair of YEAR + 2.
        assert officer_a_client.post(_url("term_edit", term.cluster.pk, YEAR + 2), data).status_code == 403
        # Nor change what it recorded.
        again = {"chair": unit_c.pk, "vice_chair": unit_a.pk, "selection": "conference"}
        assert officer_a_client.post(_url("term_edit", term.cluster.pk, YEAR + 1), again).status_code == 403
    assert ClusterTerm.objects.get(cluster=term.cluster, year=YEAR + 1).chair == unit_a
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=YEAR + 2).exists()


def test_recorded_decision_page_leads_to_the_correction(staff_client, term):
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 4, 2))
    response = staff_client.post(_url("term_decision", term.pk), {"number": "99/QĐ", "date": f"{YEAR}-01-01"})
    assert response.status_code == 302
    assert response.url == _url("term_correct", term.pk)
    term.refresh_from_db()
    assert term.decision_number == "12/QĐ-BTTTT"


def test_staff_correct_a_final_term_with_a_reason(staff_client, staff_user, term, unit_a, unit_b, unit_c):
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 4, 2))
    url = _url("term_correct", term.pk)
    html = staff_client.get(url).content.decode()
    assert "Điều chỉnh nhiệm kỳ đã công nhận" in html
    data = {
        "chair": unit_a.pk,
        "vice_chair": unit_c.pk,
        "selection": "rotation",
        "decision_number": "12/QĐ-BTTTT",
        "decision_date": f"{YEAR}-04-02",
        "reason": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200  # no reason: nothing changes
    term.refresh_from_db()
    assert term.vice_chair == unit_b
    assert not term.corrections.exists()
    data["reason"] = "Quyết định sửa đổi của Bộ trưởng"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.vice_chair == unit_c
    correction = term.corrections.get()
    assert (correction.by, correction.reason) == (staff_user, "Quyết định sửa đổi của Bộ trưởng")
    assert correction.changes["vice_chair"] == {
        "label": "Cụm phó",
        "from": unit_b.display_name,
        "to": unit_c.display_name,
    }
    html = staff_client.get(url).content.decode()
    assert "Quyết định sửa đổi của Bộ trưởng" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_a_client", 403), ("officer_b_client", 403), ("leadership_client", 403), ("outsider_client", 404)],
)
def test_only_staff_correct_a_final_term(request, term, unit_c, persona, status):
    services.record_decision(term=term, number="12/QĐ-BTTTT", date=datetime.date(YEAR, 4, 2))
    client = request.getfixturevalue(persona)
    url = _url("term_correct", term.pk)
    assert client.get(url).status_code == status
    data = {"chair": unit_c.pk, "vice_chair": term.chair_id, "selection": "rotation", "reason": "x"}
    data.update(decision_number="1/QĐ", decision_date=f"{YEAR}-04-03")
    assert client.post(url, data).status_code == status
    term.refresh_from_db()
    assert (term.chair, term.decision_number) != (unit_c, "1/QĐ")
    assert not term.corrections.exists()
