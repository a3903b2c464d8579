import pytest

from emulation_portal.celery import ping


@pytest.mark.worker
def test_a_real_worker_consumes_a_task(celery_worker, settings):
    broker = celery_worker.app.connection().transport_cls
    assert (broker == "redis") if settings.REDIS_URL else (broker == "filesystem")
    assert ping.delay().get(timeout=30) == "pong"
