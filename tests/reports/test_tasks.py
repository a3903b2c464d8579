"""The reminder tasks on a real Celery worker (Redis when REDIS_URL is set, else the file-system broker)."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Organization
from accounts.roles import Role
from reports import services, tasks
from reports.models import Notification, Reminder, ReportingPeriod, TaskHeartbeat
from tests.factories import OrganizationFactory, UserFactory


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_a_real_worker_sends_a_reminder_once(celery_worker):
    unit = OrganizationFactory(
        code="so-tttt-gia-lai",
        name="Sở Thông tin và Truyền thông tỉnh Gia Lai",
        kind=Organization.Kind.PROVINCIAL_DEPARTMENT,
    )
    UserFactory(username="gialai", email="gialai@example.vn", organization=unit, role=Role.OFFICER)
    now = timezone.now()
    # A period due in 36 hours: the "2 days before" reminder is due now.
    period = ReportingPeriod.objects.create(
        year=2099,
        quarter=1,
        opens_on=now.date(),
        due_at=now + datetime.timedelta(hours=36),
        lock_at=now + datetime.timedelta(days=30),
    )
    assert tasks.run_daily_reminders.delay().get(timeout=30) == 1
    assert wait_for(lambda: Reminder.objects.filter(channel="email", outcome="sent").exists())
    reminder = Reminder.objects.get(channel="email")
    assert (reminder.organization, reminder.period, reminder.rule) == (unit, period, "before-2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gialai@example.vn"]
    assert Notification.objects.filter(organization=unit).count() == 1
    assert TaskHeartbeat.objects.filter(name=services.REMINDER_TASK).exists()
    # The beat fires again (or a second worker runs it): nothing is sent twice.
    assert tasks.run_daily_reminders.delay().get(timeout=30) == 0
    time.sleep(1.5)
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(channel="email").count() == 1
