"""Celery tasks of the reports app: ids in, one service call each."""

import logging

from celery import shared_task
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="reports.tasks.run_daily_reminders")
def run_daily_reminders():
    """Record the heartbeat, then claim and send the reminders due today."""
    services.record_heartbeat(name=services.REMINDER_TASK)
    return len(services.send_due_reminders())


@shared_task(
    name="reports.tasks.send_reminder_email",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_reminder_email(reminder_id):
    """Send one claimed reminder e-mail; a failure is recorded on the row and retried."""
    reminder = services.deliver_reminder_email(reminder_id=reminder_id)
    return reminder.outcome if reminder else None


@shared_task(name="reports.tasks.create_yearly_periods")
def create_yearly_periods():
    """Make sure this year's and next year's reporting periods exist."""
    year = timezone.localdate().year
    return services.create_periods_for_year(year=year) + services.create_periods_for_year(year=year + 1)
