import pytest

from summaries import services, tasks
from summaries.models import SummaryFile


def test_the_task_builds_a_pending_file(period, reports, leadership_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user
    )
    assert tasks.build_summary_file.delay(summary.pk).get() == SummaryFile.Status.READY


def test_the_task_returns_when_the_row_is_gone(db):
    assert tasks.build_summary_file.delay(12345).get() is None


@pytest.mark.worker
def test_a_real_worker_builds_the_file(celery_worker, period, reports, leadership_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user
    )
    assert tasks.build_summary_file.delay(summary.pk).get(timeout=60) == SummaryFile.Status.READY
    summary.refresh_from_db()
    assert summary.is_ready
    assert summary.size > 0
