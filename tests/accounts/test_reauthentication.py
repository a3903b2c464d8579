"""A session left open: the current password is throttled, and needed to change the log-in e-mail."""

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-2026"
PROFILE = "/accounts/profile/"
PASSWORD_CHANGE = "/accounts/password/"


@pytest.fixture
def person(unit_a):
    return UserFactory(username="nguyenvana", email="a@example.vn", organization=unit_a, password=PASSWORD)


@pytest.fixture
def person_client(person):
    client = Client()
    client.force_login(person)
    return client


def _change(client, old):
    return client.post(
        PASSWORD_CHANGE, {"old_password": old, "new_password1": "Thi-dua-moi-2026", "new_password2": "Thi-dua-moi-2026"}
    )


def test_wrong_current_passwords_are_throttled(person, person_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _change(person_client, "sai")
        assert response.status_code == 200
        assert "Mật khẩu cũ không chính xác" in response.content.decode()
    response = _change(person_client, "sai")
    assert response.status_code == 200
    assert "Nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    # Locked: even the right password is not checked now, and nothing changes.
    response = _change(person_client, PASSWORD)
    assert response.status_code == 200
    assert "Nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_the_right_current_password_changes_it(person, person_client):
    response = _change(person_client, PASSWORD)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Thi-dua-moi-2026")


def _profile(email, **extra):
    return {"first_name": "An", "last_name": "Nguyễn Văn", "email": email, "position": "", "phone": "", **extra}


def test_changing_the_email_needs_the_current_password(person, person_client):
    response = person_client.post(PROFILE, _profile("moi@example.vn"))
    assert response.status_code == 200
    assert "Nhập mật khẩu hiện tại để đổi địa chỉ e-mail" in response.content.decode()
    assert User.objects.get(pk=person.pk).email == "a@example.vn"

    response = person_client.post(PROFILE, _profile("moi@example.vn", current_password="sai"))
    assert response.status_code == 200
    assert User.objects.get(pk=person.pk).email == "a@example.vn"

    response = person_client.post(PROFILE, _profile("moi@example.vn", current_password=PASSWORD))
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).email == "moi@example.vn"


def test_other_details_change_without_the_password(person, person_client):
    response = person_client.post(PROFILE, _profile("A@Example.vn", position="Chuyên viên"))
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).position == "Chuyên viên"


def test_guessing_through_the_email_form_is_throttled_too(person, person_client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        person_client.post(PROFILE, _profile("moi@example.vn", current_password="sai"))
    response = person_client.post(PROFILE, _profile("moi@example.vn", current_password=PASSWORD))
    assert "Nhập sai mật khẩu quá nhiều lần" in response.content.decode()
    assert User.objects.get(pk=person.pk).email == "a@example.vn"
