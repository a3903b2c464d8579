"""The log-in lock-out keys on the account, however its name is typed, and on the real address."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from accounts.lockout import client_ip, lockout_username
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "Mật-khẩu-2026"


@pytest.fixture
def axes1(unit_a):
    return UserFactory(username="axes1", email="Axes1@example.vn", organization=unit_a, password=PASSWORD)


def _lock(client, settings, login="axes1", **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": login, "password": "sai"}, **extra)


@pytest.mark.parametrize("variant", ["axes1", "AXES1", " axes1", "axes1 ", "axes1@example.vn", " AXES1@EXAMPLE.VN "])
def test_a_locked_account_stays_locked_however_it_is_typed(axes1, settings, variant):
    client = Client()
    _lock(client, settings)
    response = client.post(LOGIN, {"username": variant, "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_under_different_spellings_add_up_to_one_lock(axes1, settings):
    client = Client()
    spellings = ["axes1", "AXES1", " axes1", "axes1@example.vn", "Axes1@Example.VN"]
    for index in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": spellings[index % len(spellings)], "password": "sai"})
    assert client.post(LOGIN, {"username": "axes1", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.get().username == "axes1"


def test_another_account_is_not_locked(axes1, unit_a, settings):
    UserFactory(username="axes2", organization=unit_a, password=PASSWORD)
    client = Client()
    _lock(client, settings)
    assert client.post(LOGIN, {"username": "axes2", "password": PASSWORD}).status_code == 302


def test_unknown_names_are_counted_normalised(db):
    request = RequestFactory().post(LOGIN)
    assert lockout_username(request, {"username": "  NoBody "}) == "nobody"
    assert lockout_username(request, {"username": "a\x00b"}) == "ab"


def test_the_callable_reads_the_form_when_axes_gives_no_credentials(axes1):
    request = RequestFactory().post(LOGIN, {"username": "AXES1@example.vn"})
    assert lockout_username(request, None) == "axes1"


# ---- the client's address behind a proxy ------------------------------------------------------


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(LOGIN, **extra)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.REVERSE_PROXY_COUNT = 0
    assert client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # The client may send its own X-Forwarded-For; the proxy appends the real address.
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (2, "spoofed, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (2, "198.51.100.7", "10.0.0.2"),
    ],
)
def test_behind_proxies_the_address_the_proxy_saw_is_used(settings, count, forwarded, expected):
    settings.REVERSE_PROXY_COUNT = count
    assert client_ip(_request("10.0.0.2", forwarded)) == expected


def test_behind_a_proxy_each_client_address_has_its_own_lock(axes1, settings):
    """Every request comes from the proxy's address; the lock must follow the client's."""
    settings.REVERSE_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    _lock(attacker, settings)
    assert attacker.post(LOGIN, {"username": "axes1", "password": PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert colleague.post(LOGIN, {"username": "axes1", "password": PASSWORD}).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
