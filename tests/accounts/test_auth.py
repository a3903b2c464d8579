import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def person(unit_a):
    return UserFactory(
        username="nguyenvana", email="NguyenVanA@example.vn", organization=unit_a, password="Mật-khẩu-2026"
    )


@pytest.mark.parametrize("login", ["nguyenvana", "NguyenVanA", "nguyenvana@example.vn", " NGUYENVANA@EXAMPLE.VN "])
def test_log_in_with_username_or_email(person, login):
    client = Client()
    response = client.post(LOGIN, {"username": login, "password": "Mật-khẩu-2026"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == person


def test_wrong_password_shows_vietnamese_error_and_stays_anonymous(person):
    client = Client()
    response = client.post(LOGIN, {"username": "nguyenvana", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập/e-mail hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled(person, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "nguyenvana", "password": "sai"})
    response = client.post(LOGIN, {"username": "nguyenvana", "password": "Mật-khẩu-2026"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/", "/accounts/profile/", "/accounts/organizations/", "/accounts/password/"])
def test_anonymous_visitor_lands_on_login_page(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")


def test_login_page_is_vietnamese_even_when_the_browser_asks_for_english():
    response = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Cổng thông tin Thi đua - Khen thưởng" in html
    assert "Tên đăng nhập hoặc e-mail" in html


def test_language_switch_to_english_and_back(staff_client):
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "Emulation and Rewards Portal" in response.content.decode()
    response = staff_client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True)
    assert "Cổng thông tin Thi đua - Khen thưởng" in response.content.decode()


def test_logout_requires_post(officer_a_client):
    assert officer_a_client.get("/accounts/logout/").status_code == 405
    response = officer_a_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert officer_a_client.get("/").status_code == 302


def test_change_password(officer_a, officer_a_client):
    response = officer_a_client.post(
        "/accounts/password/",
        {"old_password": "password", "new_password1": "Thi-dua-moi-2026", "new_password2": "Thi-dua-moi-2026"},
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Thi-dua-moi-2026")


def test_change_password_refuses_wrong_old_password(officer_a, officer_a_client):
    response = officer_a_client.post(
        "/accounts/password/",
        {"old_password": "sai", "new_password1": "Thi-dua-moi-2026", "new_password2": "Thi-dua-moi-2026"},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    officer_a.refresh_from_db()
    assert officer_a.check_password("password")
