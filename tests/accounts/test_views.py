import pytest
from django.urls import reverse

from accounts.models import Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORGS = reverse("accounts:organization_list")


def test_home_shows_role_and_organisation(officer_a_client):
    html = officer_a_client.get("/").content.decode()
    assert "Cán bộ đơn vị" in html
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in html


def test_home_of_user_without_role_says_what_to_do(outsider_client):
    html = outsider_client.get("/").content.decode()
    assert "Tài khoản của bạn chưa được gán vai trò" in html


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("staff_client", True), ("leadership_client", True), ("officer_a_client", False), ("outsider_client", False)],
)
def test_navigation_by_role(request, persona, visible):
    html = request.getfixturevalue(persona).get("/").content.decode()
    assert (f'href="{ORGS}"' in html) is visible


def test_profile_update(officer_a, officer_a_client):
    response = officer_a_client.post(
        "/accounts/profile/",
        {
            "first_name": "Hà",
            "last_name": "Nguyễn Thu",
            "email": "ha@example.vn",
            "position": "Chuyên viên",
            "phone": "0269 123",
            # A new e-mail address is a new log-in name: it needs the current password.
            "current_password": "password",
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert (officer_a.first_name, officer_a.email, officer_a.position) == ("Hà", "ha@example.vn", "Chuyên viên")


def test_profile_refuses_email_of_another_account(officer_a, officer_a_client, officer_b):
    response = officer_a_client.post(
        "/accounts/profile/", {"first_name": "Hà", "last_name": "Nguyễn", "email": officer_b.email.upper()}
    )
    assert response.status_code == 200
    assert "Một tài khoản khác đã dùng địa chỉ e-mail này" in response.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.email == "officer_a@example.vn"


def test_profile_normalises_vietnamese_to_nfc(officer_a, officer_a_client):
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    officer_a_client.post("/accounts/profile/", {"first_name": "Hà", "last_name": decomposed, "email": officer_a.email})
    officer_a.refresh_from_db()
    assert officer_a.last_name == "Nguyễn"


@pytest.mark.parametrize("persona", ["officer_a_client", "outsider_client"])
def test_organisation_pages_refused_to_units(request, persona, unit_a):
    client = request.getfixturevalue(persona)
    assert client.get(ORGS).status_code == 403
    assert client.get(unit_a.get_absolute_url()).status_code == 403


def test_organisation_list_search_and_filters(leadership_client, unit_a, unit_b):
    ended = OrganizationFactory(
        name="Sở Thông tin và Truyền thông tỉnh Bình Định", valid_until="2025-06-30", successor=unit_a
    )
    html = leadership_client.get(ORGS, {"q": "GIA LAI"}).content.decode()
    assert "tỉnh Gia Lai" in html
    assert "tỉnh Phú Yên" not in html

    html = leadership_client.get(ORGS, {"q": "binh dinh"}).content.decode()
    assert ended.name in html

    html = leadership_client.get(ORGS, {"status": "ended"}).content.decode()
    assert ended.name in html
    assert "tỉnh Phú Yên" not in html
    assert "Đã kết thúc 30/06/2025" in html

    html = leadership_client.get(ORGS, {"kind": Organization.Kind.ENTERPRISE}).content.decode()
    assert "Không có tổ chức nào phù hợp" in html


def test_organisation_list_paginates(staff_client):
    OrganizationFactory.create_batch(30)
    response = staff_client.get(ORGS, {"kind": Organization.Kind.PROVINCIAL_DEPARTMENT})
    assert len(response.context["page_obj"].object_list) == 25
    response = staff_client.get(ORGS, {"kind": Organization.Kind.PROVINCIAL_DEPARTMENT, "page": 2})
    assert len(response.context["page_obj"].object_list) == 5


@pytest.mark.parametrize("rows", [5, 40])
def test_organisation_list_query_count_does_not_grow(staff_client, django_assert_max_num_queries, rows):
    for org in OrganizationFactory.create_batch(rows, successor=None):
        UserFactory(organization=org)
    with django_assert_max_num_queries(8):
        staff_client.get(ORGS)


def test_organisation_detail_lists_accounts_only_to_staff(staff_client, leadership_client, officer_a):
    url = officer_a.organization.get_absolute_url()
    assert "officer_a" in staff_client.get(url).content.decode()
    assert "officer_a" not in leadership_client.get(url).content.decode()


def test_unknown_page_is_a_vietnamese_404(staff_client, settings):
    settings.DEBUG = False
    response = staff_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_officer_of_a_merged_unit_is_told_where_its_work_went(officer_b_client, unit_a, unit_b):
    unit_b.valid_until = "2025-06-30"
    unit_b.successor = unit_a
    unit_b.save()
    html = officer_b_client.get("/").content.decode()
    assert "Đơn vị này đã kết thúc hoạt động từ ngày 30/06/2025" in html
    assert "Nhiệm vụ do Sở Thông tin và Truyền thông tỉnh Gia Lai tiếp nhận" in html
