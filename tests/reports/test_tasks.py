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


def test_the_beat_sweeps_reminders_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-reminders"]
    assert entry["task"] == tasks.sweep_reminders.name
    assert entry["schedule"] == datetime.timedelta(minutes=5)


@pytest.mark.worker
def test_a_real_worker_sweeps_a_reminder_left_pending_and_sends_it_once(celery_worker, settings):
    """The broker was down when the reminder was claimed: the row stayed pending; the sweeper delivers it."""
    settings.REPORT_REMINDER_REQUEUE_MINUTES = 1
    unit = OrganizationFactory(code="so-tttt-phu-yen", name="Sở Thông tin và Truyền thông tỉnh Phú Yên")
    UserFactory(username="phuyen", email="phuyen@example.vn", organization=unit, role=Role.OFFICER)
    now = timezone.now()
    period = ReportingPeriod.objects.create(
        year=2099,
        quarter=2,
        opens_on=now.date(),
        due_at=now + datetime.timedelta(hours=36),
        lock_at=now + datetime.timedelta(days=30),
    )
    reminder = services.claim_reminder(
        organization=unit, period=period, rule="before-2", channel="email", now=now - datetime.timedelta(minutes=5)
    )
    tasks.sweep_reminders.delay()
    assert wait_for(lambda: Reminder.objects.filter(pk=reminder.pk, outcome="sent").exists())
    tasks.sweep_reminders.delay()  # again: nothing left to send
    time.sleep(1.5)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["phuyen@example.vn"]
    assert mail.outbox[0].extra_headers["Message-ID"] == Reminder.objects.get(pk=reminder.pk).message_id
