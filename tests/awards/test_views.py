"""Nomination, council and decision pages for every persona: happy paths, refusals, query counts."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from awards import workflow
from awards.models import AwardDecision, CouncilSession, Nomination, NominationChange, Vote
from tests.factories import OrganizationFactory

from .conftest import YEAR, dossier, pdf_upload
from .factories import AwardDecisionFactory, AwardeeFactory, CouncilSessionFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _form_data(award_type, **extra):
    return {
        "award_type": award_type.pk,
        "year": YEAR,
        "nominee_kind": "unit",
        "achievements": "Dẫn đầu Cụm thi đua năm 2024 (thử nghiệm).",
        **extra,
    }


# List -----------------------------------------------------------------------------------


def test_officer_lists_only_own_unit(officer_a_client, unit_a, unit_b, certificate_type):
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, nominee_name="Đơn vị A thử")
    NominationFactory(award_type=certificate_type, proposing_organization=unit_b, nominee_name="Đơn vị B thử")
    html = officer_a_client.get(reverse("awards:nomination_list")).content.decode()
    assert "Đơn vị A thử" in html
    assert "Đơn vị B thử" not in html


def test_staff_filters_by_year_award_status_cluster_and_search(
    staff_client, unit_a, unit_b, cluster_ab, certificate_type, flag_type
):
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, cluster=cluster_ab)
    NominationFactory(award_type=flag_type, proposing_organization=unit_b, status=workflow.SUBMITTED, year=2023)
    url = reverse("awards:nomination_list")
    assert "Phú Yên" in staff_client.get(url, {"q": "phu yen"}).content.decode()
    assert "Gia Lai" not in staff_client.get(url, {"q": "phu yen"}).content.decode()
    assert "Gia Lai" not in staff_client.get(url, {"year": 2023}).content.decode()
    assert "Phú Yên" not in staff_client.get(url, {"award_type": certificate_type.pk}).content.decode()
    assert "Gia Lai" not in staff_client.get(url, {"status": "submitted"}).content.decode()
    assert "Phú Yên" not in staff_client.get(url, {"cluster": cluster_ab.pk}).content.decode()
    empty = staff_client.get(url, {"year": 1999}).content.decode()
    assert "Không có đề nghị nào phù hợp với bộ lọc." in empty


def test_empty_list_invites_the_officer_to_file(officer_a_client):
    html = officer_a_client.get(reverse("awards:nomination_list")).content.decode()
    assert "Chưa có đề nghị khen thưởng nào." in html
    assert reverse("awards:nomination_create") in html


def test_outsider_cannot_list(outsider_client):
    assert outsider_client.get(reverse("awards:nomination_list")).status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_is_flat(staff_client, cluster_ab, certificate_type, size, django_assert_max_num_queries):
    for _ in range(size):
        NominationFactory(award_type=certificate_type, proposing_organization=OrganizationFactory(), cluster=cluster_ab)
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("awards:nomination_list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(size, 25)


# Create and edit ----------------------------------------------------------------------------


def test_officer_files_a_nomination_with_its_dossier(officer_a_client, unit_a, cluster_ab, flag_type):
    response = officer_a_client.post(
        reverse("awards:nomination_create"),
        _form_data(flag_type, cover_letter=pdf_upload(), achievement_report=pdf_upload("bao-cao.pdf")),
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == nomination.get_absolute_url()
    assert nomination.proposing_organization == unit_a
    assert nomination.cluster == cluster_ab
    assert sorted(nomination.files.values_list("kind", flat=True)) == ["achievement_report", "cover_letter"]


def test_form_shows_the_eligibility_reason(officer_b_client, cluster_ab, flag_type):
    response = officer_b_client.post(reverse("awards:nomination_create"), _form_data(flag_type))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không thể lưu đề nghị:" in html
    assert "chỉ xét tặng đơn vị dẫn đầu cụm thi đua năm 2024" in html
    assert not Nomination.objects.exists()


def test_form_refuses_a_person_without_a_name(officer_a_client, cluster_ab, certificate_type):
    response = officer_a_client.post(
        reverse("awards:nomination_create"), _form_data(certificate_type, nominee_kind="person")
    )
    assert "Nhập họ và tên cá nhân được đề nghị." in response.content.decode()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client", "outsider_client"])
def test_only_officers_file_nominations(request, persona, certificate_type):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("awards:nomination_create")).status_code == 403
    assert client.post(reverse("awards:nomination_create"), _form_data(certificate_type)).status_code == 403
    assert not Nomination.objects.exists()


def test_edit_own_draft_and_refusals(
    officer_a_client, officer_b_client, staff_client, unit_a, cluster_ab, certificate_type
):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    url = reverse("awards:nomination_edit", args=[nomination.pk])
    assert officer_a_client.get(url).status_code == 200
    response = officer_a_client.post(url, _form_data(certificate_type, achievements="Đã cập nhật thành tích."))
    assert response.status_code == 302, response.context["form"].errors
    nomination.refresh_from_db()
    assert nomination.achievements == "Đã cập nhật thành tích."
    assert officer_b_client.get(url).status_code == 404
    assert staff_client.post(url, _form_data(certificate_type, achievements="x")).status_code == 403
    nomination.refresh_from_db()
    assert nomination.achievements == "Đã cập nhật thành tích."


# Detail and actions ---------------------------------------------------------------------------


def test_detail_per_persona(
    officer_a_client, officer_b_client, staff_client, leadership_client, outsider_client, unit_a, certificate_type
):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    url = nomination.get_absolute_url()
    html = officer_a_client.get(url).content.decode()
    assert "Gửi đề nghị" in html
    assert "Lịch sử" in html
    assert staff_client.get(url).status_code == 200
    assert leadership_client.get(url).status_code == 200
    assert officer_b_client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404


def test_submit_with_dossier(officer_a_client, officer_b_client, unit_a, cluster_ab, certificate_type):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, cluster=cluster_ab)
    url = reverse("awards:nomination_submit", args=[nomination.pk])
    assert officer_a_client.get(url).status_code == 405
    assert officer_b_client.post(url).status_code == 404
    response = officer_a_client.post(url, follow=True)
    assert "Hãy đính kèm hồ sơ trước khi gửi" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == workflow.DRAFT
    dossier(nomination)
    officer_a_client.post(url)
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED


def test_withdraw(officer_a_client, staff_client, unit_a, certificate_type):
    nomination = NominationFactory(
        award_type=certificate_type, proposing_organization=unit_a, status=workflow.SUBMITTED
    )
    url = reverse("awards:nomination_withdraw", args=[nomination.pk])
    assert officer_a_client.get(url).status_code == 405
    assert staff_client.post(url).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED
    officer_a_client.post(url)
    nomination.refresh_from_db()
    assert nomination.status == workflow.WITHDRAWN


def test_return_needs_a_reason(staff_client, officer_a_client, leadership_client, unit_a, certificate_type):
    nomination = NominationFactory(
        award_type=certificate_type, proposing_organization=unit_a, status=workflow.SUBMITTED
    )
    url = reverse("awards:nomination_return", args=[nomination.pk])
    assert staff_client.get(url).status_code == 405
    assert officer_a_client.post(url, {"comment": "x"}).status_code == 403
    assert leadership_client.post(url, {"comment": "x"}).status_code == 403
    staff_client.post(url, {"comment": ""})
    nomination.refresh_from_db()
    assert nomination.status == workflow.SUBMITTED
    staff_client.post(url, {"comment": "Bổ sung báo cáo thành tích có xác nhận."})
    nomination.refresh_from_db()
    assert nomination.status == workflow.RETURNED
    html = officer_a_client.get(nomination.get_absolute_url()).content.decode()
    assert "Bổ sung báo cáo thành tích có xác nhận." in html


def test_chair_unit_returns_a_nomination_of_its_cluster(officer_a_client, unit_b, cluster_ab, certificate_type):
    nomination = NominationFactory(
        award_type=certificate_type, proposing_organization=unit_b, cluster=cluster_ab, status=workflow.SUBMITTED
    )
    officer_a_client.post(reverse("awards:nomination_return", args=[nomination.pk]), {"comment": "Thiếu tờ trình."})
    nomination.refresh_from_db()
    assert nomination.status == workflow.RETURNED
    assert NominationChange.objects.get(nomination=nomination).by.username == "officer_a"


def test_staff_proposes_a_passed_nomination(staff_client, officer_a_client, unit_a, flag_type):
    nomination = NominationFactory(award_type=flag_type, proposing_organization=unit_a, status=workflow.CLUSTER_PASSED)
    url = reverse("awards:nomination_propose", args=[nomination.pk])
    assert staff_client.get(url).status_code == 405
    assert officer_a_client.post(url).status_code == 403
    staff_client.post(url)
    nomination.refresh_from_db()
    assert nomination.status == workflow.PROPOSED


def test_file_download_is_checked(
    officer_a_client, officer_b_client, outsider_client, staff_client, unit_a, certificate_type
):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    dossier(nomination)
    dossier_file = nomination.files.first()
    url = reverse("awards:file_download", args=[dossier_file.pk])
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert staff_client.get(url).status_code == 200
    assert officer_b_client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404


def test_file_delete_is_post_only_and_owner_only(officer_a_client, officer_b_client, unit_a, certificate_type):
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a)
    dossier(nomination)
    dossier_file = nomination.files.first()
    url = reverse("awards:file_delete", args=[dossier_file.pk])
    assert officer_a_client.get(url).status_code == 405
    assert officer_b_client.post(url).status_code == 404
    assert nomination.files.count() == 2
    officer_a_client.post(url)
    assert nomination.files.count() == 1


# Council and decisions ---------------------------------------------------------------------------


def test_council_pages_for_staff_leadership_and_officers(
    staff_client, leadership_client, officer_a_client, outsider_client
):
    session = CouncilSessionFactory()
    for name, args in (
        ("awards:council_list", []),
        ("awards:council_detail", [session.pk]),
        ("awards:decision_list", []),
    ):
        url = reverse(name, args=args)
        assert staff_client.get(url).status_code == 200
        assert leadership_client.get(url).status_code == 200
        assert officer_a_client.get(url).status_code == 404
        assert outsider_client.get(url).status_code == 404
    assert leadership_client.get(reverse("awards:council_create")).status_code == 403
    assert leadership_client.get(reverse("awards:decision_create", args=[session.pk])).status_code == 403


def test_staff_create_a_session(staff_client, staff_user, leadership_user):
    response = staff_client.post(
        reverse("awards:council_create"),
        {
            "title": "Phiên họp Hội đồng Thi đua - Khen thưởng (thử nghiệm)",
            "year": YEAR,
            "held_on": "15/01/2025",
            "place": "Hà Nội",
            "members": [staff_user.pk, leadership_user.pk],
        },
    )
    session = CouncilSession.objects.get()
    assert response.status_code == 302
    assert session.members.count() == 2
    assert session.held_on == datetime.date(2025, 1, 15)


def test_assemble_the_council_list(staff_client, leadership_client, unit_a, flag_type):
    session = CouncilSessionFactory(year=YEAR)
    proposed = NominationFactory(award_type=flag_type, proposing_organization=unit_a, status=workflow.PROPOSED)
    url = reverse("awards:council_assemble", args=[session.pk])
    assert staff_client.get(url).status_code == 405
    assert leadership_client.post(url, {"nominations": [proposed.pk]}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == workflow.PROPOSED
    detail = staff_client.get(reverse("awards:council_detail", args=[session.pk])).content.decode()
    assert "Đề nghị từ các cụm thi đua" in detail
    assert proposed.nominee_name in detail
    staff_client.post(url, {"nominations": [proposed.pk]})
    proposed.refresh_from_db()
    assert proposed.status == workflow.COUNCIL


def test_record_a_decision(staff_client, leadership_client, unit_a, certificate_type):
    certificate_type.needs_council = False
    certificate_type.save()
    session = CouncilSessionFactory(year=YEAR)
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=workflow.PROPOSED)
    url = reverse("awards:decision_create", args=[session.pk])
    data = {
        "number": "150",
        "symbol": "QĐ-BKHCN",
        "signed_on": "20/01/2025",
        "signer": "Nguyễn Văn Thử",
        "signer_title": "Bộ trưởng",
        "title": "Về việc tặng Bằng khen (thử nghiệm)",
        "awarded": [nomination.pk],
    }
    assert leadership_client.post(url, data).status_code == 403
    assert not AwardDecision.objects.exists()
    response = staff_client.post(url, data)
    decision = AwardDecision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    nomination.refresh_from_db()
    assert nomination.status == workflow.APPROVED
    html = leadership_client.get(decision.get_absolute_url()).content.decode()
    assert "150/QĐ-BKHCN" in html
    assert nomination.nominee_name in html
    unit_page = leadership_client.get(unit_a.get_absolute_url()).content.decode()
    assert "Khen thưởng đã nhận" in unit_page
    assert "150/QĐ-BKHCN" in unit_page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_decision_pdf_keeps_vietnamese_text(leadership_client, officer_a_client, unit_a, certificate_type, tmp_path):
    decision = AwardDecisionFactory(number="15", symbol="QĐ-BKHCN", signed_on=datetime.date(2025, 4, 2))
    AwardeeFactory(decision=decision, organization=unit_a, award_type=certificate_type)
    url = reverse("awards:decision_pdf", args=[decision.pk])
    assert officer_a_client.get(url).status_code == 404
    response = leadership_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(response.content)
    command = ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"]
    # A fixed command from poppler-utils (a declared system dependency) on a file the test wrote.
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
    for expected in (
        "Cộng hòa xã hội chủ nghĩa Việt Nam".upper(),
        "Độc lập - Tự do - Hạnh phúc",
        "Bộ Khoa học và Công nghệ".upper(),
        "Số: 15/QĐ-BKHCN",
        "Sở Thông tin và Truyền thông tỉnh Gia Lai",
        "Bằng khen của Bộ trưởng",
        "Hà Nội, ngày 02 tháng 04 năm 2025",
    ):
        assert expected in text, expected


def test_dashboard_panels(staff_client, officer_a_client, unit_a, certificate_type):
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=workflow.SUBMITTED)
    staff_home = staff_client.get(reverse("home")).content.decode()
    assert "Đề nghị khen thưởng" in staff_home
    assert "Đã gửi" in staff_home
    officer_home = officer_a_client.get(reverse("home")).content.decode()
    assert "Đề nghị khen thưởng của đơn vị" in officer_home
    assert unit_a.name in officer_home


@pytest.mark.parametrize("size", [2, 20])
def test_council_and_decision_lists_query_counts_are_flat(staff_client, size, django_assert_max_num_queries):
    for _ in range(size):
        CouncilSessionFactory()
        AwardDecisionFactory(council_session=CouncilSessionFactory())
    for name in ("awards:council_list", "awards:decision_list"):
        with django_assert_max_num_queries(10):
            response = staff_client.get(reverse(name))
        assert response.status_code == 200
        assert len(response.context["page_obj"].object_list) == min(
            size * (2 if name == "awards:council_list" else 1), 25
        )


def test_council_vote_is_prepared_by_staff_only(staff_client, leadership_client, officer_a_client, unit_a, flag_type):
    session = CouncilSessionFactory(year=YEAR)
    nomination = NominationFactory(award_type=flag_type, proposing_organization=unit_a, status=workflow.COUNCIL)
    url = reverse("awards:council_vote_create", args=[session.pk])
    data = {"award_type": flag_type.pk}
    assert staff_client.get(url).status_code == 405
    assert leadership_client.post(url, data).status_code == 403
    assert officer_a_client.post(url, data).status_code == 404
    assert not session.votes.exists()
    response = staff_client.post(url, data)
    vote = session.votes.get()
    assert response["Location"] == vote.get_absolute_url()
    assert list(vote.items.values_list("nomination", flat=True)) == [nomination.pk]
    assert vote.body == "council"
    # Once on a vote, it is not offered again.
    staff_client.post(url, data)
    assert session.votes.count() == 1


@pytest.mark.parametrize("size", [3, 30])
def test_officer_list_query_count_is_flat(
    officer_a_client, unit_b, cluster_ab, certificate_type, size, django_assert_max_num_queries
):
    # Unit A chairs the cluster: it sees the members' submitted nominations.
    for index in range(size):
        NominationFactory(
            award_type=certificate_type,
            proposing_organization=unit_b,
            nominee_organization=None,
            nominee_person=f"Cá nhân thử {index}",
            cluster=cluster_ab,
            status=workflow.SUBMITTED,
        )
    with django_assert_max_num_queries(14):
        response = officer_a_client.get(reverse("awards:nomination_list"))
    assert len(response.context["page_obj"].object_list) == min(size, 25)


# Links an officer may not follow, and hostile input ---------------------------------------------

HUGE_ID = "99999999999999999999"  # 20 digits: more than a 64-bit integer; SQLite would overflow


def test_officer_sees_the_unit_and_the_decision_as_plain_text(
    officer_a_client, staff_client, leadership_client, unit_a, certificate_type
):
    """The organisation page and the decisions answer 403/404 to officers: no link to them."""
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=workflow.APPROVED)
    awardee = AwardeeFactory(nomination=nomination, organization=unit_a, award_type=certificate_type)
    url = nomination.get_absolute_url()
    officer = officer_a_client.get(url).content.decode()
    assert nomination.nominee_name in officer
    assert awardee.decision.reference in officer
    assert f'href="{unit_a.get_absolute_url()}"' not in officer
    assert f'href="{awardee.decision.get_absolute_url()}"' not in officer
    assert officer_a_client.get(unit_a.get_absolute_url()).status_code == 403
    for client in (staff_client, leadership_client):
        html = client.get(url).content.decode()
        assert f'href="{unit_a.get_absolute_url()}"' in html
        assert f'href="{awardee.decision.get_absolute_url()}"' in html


def test_a_twenty_digit_id_is_a_clear_error_not_a_500(
    staff_client, officer_a_client, staff_user, unit_a, cluster_ab, certificate_type
):
    session = CouncilSessionFactory(year=YEAR)
    proposed = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=workflow.PROPOSED)
    response = staff_client.post(
        reverse("awards:council_create"),
        {"title": "Phiên họp (thử nghiệm)", "year": YEAR, "held_on": "15/01/2025", "members": [HUGE_ID]},
    )
    assert response.status_code == 200
    assert HUGE_ID in response.content.decode()  # "… is not one of the available choices"
    assert CouncilSession.objects.count() == 1
    response = staff_client.post(reverse("awards:council_assemble", args=[session.pk]), {"nominations": [HUGE_ID]})
    assert response.status_code == 400
    proposed.refresh_from_db()
    assert proposed.status == workflow.PROPOSED
    response = staff_client.post(
        reverse("awards:decision_create", args=[session.pk]),
        {
            "number": "151",
            "symbol": "QĐ-BKHCN",
            "signed_on": "20/01/2025",
            "signer": "Nguyễn Văn Thử",
            "title": "Về việc tặng Bằng khen (thử nghiệm)",
            "awarded": [HUGE_ID],
        },
    )
    assert response.status_code == 200
    assert not AwardDecision.objects.exists()
    # Single choices and filters: an unknown choice, never a 500.
    data = {**_form_data(certificate_type), "award_type": HUGE_ID, "campaign": HUGE_ID, "led_cluster": HUGE_ID}
    response = officer_a_client.post(reverse("awards:nomination_create"), data)
    assert response.status_code == 200
    assert Nomination.objects.count() == 1
    listing = staff_client.get(reverse("awards:nomination_list"), {"award_type": HUGE_ID, "cluster": HUGE_ID})
    assert listing.status_code == 200
    assert staff_client.get(reverse("awards:nomination_detail", args=[HUGE_ID])).status_code == 404
    vote_url = reverse("awards:council_vote_create", args=[session.pk])
    response = staff_client.post(vote_url, {"award_type": HUGE_ID})
    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_date_boxes_are_day_first_text_boxes(staff_client, unit_a, certificate_type):
    """Whatever the browser's language, dates are typed dd/mm/yyyy (ISO is accepted too)."""
    session = CouncilSessionFactory(year=YEAR)
    NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=workflow.PROPOSED)
    for url in (reverse("awards:council_create"), reverse("awards:decision_create", args=[session.pk])):
        html = staff_client.get(url).content.decode()
        assert 'type="date"' not in html
        assert 'placeholder="dd/mm/yyyy"' in html


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("nomination_submit", workflow.DRAFT),
        ("nomination_withdraw", workflow.SUBMITTED),
        ("nomination_return", workflow.SUBMITTED),
        ("nomination_propose", workflow.CLUSTER_PASSED),
    ],
)
def test_workflow_actions_refused_to_readers_and_outsiders(
    name, status, leadership_client, outsider_client, officer_a_client, unit_a, certificate_type
):
    """Leadership sees the nomination but may not act (403); outsiders do not see it (404); GET is refused."""
    nomination = NominationFactory(award_type=certificate_type, proposing_organization=unit_a, status=status)
    url = reverse(f"awards:{name}", args=[nomination.pk])
    assert leadership_client.post(url, {"comment": "Lý do (minh họa)"}).status_code == 403
    assert outsider_client.post(url, {"comment": "Lý do (minh họa)"}).status_code == 404
    assert officer_a_client.get(url).status_code == 405
    nomination.refresh_from_db()
    assert nomination.status == status
    assert not NominationChange.objects.filter(nomination=nomination).exists()
