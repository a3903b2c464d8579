"""Personas and shared fixtures.

Personas: ministry staff, leadership, an officer of unit A, an officer of unit B, and an
outsider (logged in, no role, no organisation).
"""

import pytest
from django.test import Client

from accounts.models import Organization
from accounts.roles import Role
from emulation_portal.celery import app as celery_app

from .factories import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test starts with empty caches of its own: no data version or page part of another test.
    # (The live server's threads share this process's memory, so browser tests see the same.)
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{alias}-{request.node.nodeid}",
        }
        for alias in ("default", "template_fragments")
    }
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def ministry_department(db):
    return OrganizationFactory(
        code="vu-tdkt",
        name="Vụ Thi đua - Khen thưởng",
        short_name="Vụ TĐKT",
        kind=Organization.Kind.MINISTRY_DEPARTMENT,
    )


@pytest.fixture
def unit_a(db):
    return OrganizationFactory(
        code="so-tttt-gia-lai",
        name="Sở Thông tin và Truyền thông tỉnh Gia Lai",
        short_name="Sở TTTT Gia Lai",
        province="Gia Lai",
    )


@pytest.fixture
def unit_b(db):
    return OrganizationFactory(
        code="so-tttt-phu-yen",
        name="Sở Thông tin và Truyền thông tỉnh Phú Yên",
        short_name="Sở TTTT Phú Yên",
        province="Phú Yên",
    )


@pytest.fixture
def staff_user(ministry_department):
    return UserFactory(username="staff", organization=ministry_department, role=Role.STAFF)


@pytest.fixture
def leadership_user(db):
    ministry = OrganizationFactory(code="bo-tttt", name="Bộ Thông tin và Truyền thông", kind=Organization.Kind.MINISTRY)
    return UserFactory(username="leader", organization=ministry, role=Role.LEADERSHIP)


@pytest.fixture
def officer_a(unit_a):
    return UserFactory(username="officer_a", organization=unit_a, role=Role.OFFICER)


@pytest.fixture
def officer_b(unit_b):
    return UserFactory(username="officer_b", organization=unit_b, role=Role.OFFICER)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user):
    return _client_for(staff_user)


@pytest.fixture
def leadership_client(leadership_user):
    return _client_for(leadership_user)


@pytest.fixture
def officer_a_client(officer_a):
    return _client_for(officer_a)


@pytest.fixture
def officer_b_client(officer_b):
    return _client_for(officer_b)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture(scope="session")
def celery_worker_app(tmp_path_factory):
    """The real Celery app, pointed at a private broker folder unless Redis is configured."""
    from django.conf import settings

    if not settings.REDIS_URL:
        base = tmp_path_factory.mktemp("celery")
        for name in ("queue", "processed", "results", "control"):
            (base / name).mkdir()
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(base / "queue"),
            "data_folder_out": str(base / "queue"),
            "processed_folder": str(base / "processed"),
            "control_folder": str(base / "control"),
        }
        celery_app.conf.result_backend = f"file://{base / 'results'}"
    return celery_app


@pytest.fixture
def celery_worker(celery_worker_app, transactional_db):
    """A real worker thread consuming the real queue (Redis in CI, else the file system)."""
    from celery.contrib.testing.worker import start_worker

    celery_worker_app.conf.task_always_eager = False
    _forget_connections(celery_worker_app)
    with start_worker(celery_worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


def _forget_connections(app):
    """Drop pools and this thread's result backend, created with earlier settings.

    Even an eager `.delay()` acquires a producer (creating the app's connection pool) and a
    result backend (cached per thread) with the configuration of that moment; after
    `celery_worker_app` points the app at private folders those would publish or wait
    where no worker is. Celery forgets them the same way after a fork.
    """
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None
    app._local.__dict__.pop("backend", None)
