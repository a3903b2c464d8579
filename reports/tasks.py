"""Celery tasks of the reports app: ids in, one service call each."""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from . import reminders, services

logger = logging.getLogger(__name__)


@shared_task(
    name="reports.tasks.run_daily_reminders",
    autoretry_for=(Exception,),
    max_retries=3,
    default_retry_delay=300,
    retry_backoff=False,
)
def run_daily_reminders():
    """Claim and send the reminders due today; the heartbeat says green only when the round finished."""
    return len(reminders.run_reminder_round())


@shared_task(
    name="reports.tasks.send_reminder_email",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
    ignore_result=True,  # nobody waits for it; and publishing then never touches the result backend
)
def send_reminder_email(reminder_id):
    """Send one claimed reminder e-mail at most once; a certain failure is recorded on the row and retried.

    Reminders are queued in batches (send_reminder_emails); this one stays for messages already queued.
    """
    reminder = reminders.deliver_reminder_email(reminder_id=reminder_id)
    return reminder.outcome if reminder else None


@shared_task(
    bind=True,
    name="reports.tasks.send_reminder_emails",
    max_retries=8,
    ignore_result=True,  # as send_reminder_email
)
def send_reminder_emails(self, reminder_ids):
    """Send a batch of claimed reminder e-mails, one at a time and each at most once (one broker message per batch).

    Those that certainly failed (recorded "retrying" on their rows) are retried together, backing
    off as send_reminder_email does; after the last retry the sweeper takes them over.
    """
    retry, error = reminders.deliver_reminder_emails(reminder_ids)
    if retry:
        countdown = get_exponential_backoff_interval(
            factor=30, retries=self.request.retries, maximum=3600, full_jitter=True
        )
        raise self.retry(args=[retry], exc=error, countdown=countdown)
    return len(reminder_ids)


@shared_task(name="reports.tasks.sweep_reminders", ignore_result=True)
def sweep_reminders():
    """Re-queue the reminder e-mails still owed, settle stale ones, and resume a failed daily round."""
    return reminders.sweep_reminders()


@shared_task(name="reports.tasks.create_yearly_periods")
def create_yearly_periods():
    """Make sure this year's and next year's reporting periods exist."""
    year = timezone.localdate().year
    return services.create_periods_for_year(year=year) + services.create_periods_for_year(year=year + 1)
