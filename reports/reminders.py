"""Every write to reminders: claiming, sending, sweeping, and the daily round's heartbeat.

Delivery is at most once. Each scheduled (unit, period, rule, channel) is claimed by inserting
its row (a unique constraint refuses a second claim; the daily round inserts a batch of units in
one statement that skips the rows already claimed). Before the hand-over to SMTP the row is
marked "sending" and committed on its own; a row found "sending" is never sent again: when it
is older than REPORT_REMINDER_SENDING_TIMEOUT_MINUTES the worker died during the hand-over, so
the e-mail may have left, and the row becomes "uncertain" and is shown to staff in red (they
may check the mail server's log for its Message-ID and remind the unit by hand). Failures the
mail server answered for certain ("retrying") are retried by the task, then by the sweeper,
until the reminder's window closes; then the row is "failed", also shown in red.
"""

import datetime
import functools
import logging
import smtplib
import socket
import time

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization
from emulation_portal.templatetags.portal_tags import deadline

from . import deadlines, selectors, workflow
from .models import LockException, Notification, QuarterlyReport, Reminder, TaskHeartbeat

logger = logging.getLogger(__name__)

REMINDER_TASK = "reports.run_daily_reminders"
# Problems older than this are no longer counted on the staff home page (they stay in the log).
HEALTH_DAYS = 30
UNCERTAIN_ERROR = "The worker stopped while handing the e-mail to the mail server: it may have been delivered."
# Errors that prove the mail server did not take the message (nothing was delivered).
NOT_DELIVERED = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, ConnectionRefusedError, socket.gaierror)
DB_GONE = (OperationalError, InterfaceError)


class RoundIncomplete(Exception):
    """Some units could not be reminded in a round; the others were."""


# ---- claiming ------------------------------------------------------------------------------


def claim_reminder(*, organization, period, rule, channel, by=None, now=None):
    """Insert the reminder row that gives the right to send it; None if another run has it."""
    reminder = Reminder(
        organization=organization,
        period=period,
        rule=rule,
        channel=channel,
        triggered_by=by,
        created_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        return None
    return reminder


def reminder_link(organization, period):
    return settings.SITE_URL.rstrip("/") + reverse("reports:report_edit", args=[period.pk])


def _notification_text(period, rule):
    # The deadline is said one way everywhere: "before 15/12/2026" (emulation_portal.templatetags).
    due = deadline(period.due_at)
    if rule == deadlines.OVERDUE:
        return _("The report for %(period)s is overdue (deadline %(due)s). Please submit it as soon as possible.") % {
            "period": period,
            "due": due,
        }
    return _("Reminder: the report for %(period)s is due %(due)s.") % {"period": period, "due": due}


def _insert_claims(rows):
    """Insert unsaved Reminder rows in one statement, skipping those whose claim is already taken.

    Returns the rows this call inserted, with their pk: INSERT ... ON CONFLICT DO NOTHING RETURNING
    names exactly this call's claims (bulk_create(ignore_conflicts=True) cannot return them), so
    two runs racing for the same units each get their own share and never the other's.
    """
    if not rows:
        return []
    meta, qn = Reminder._meta, db_connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    by_unit = {row.organization_id: row for row in rows}  # one (period, rule, channel) per call
    if len(by_unit) != len(rows) or len({(row.period_id, row.rule, row.channel) for row in rows}) != 1:
        raise ValueError("_insert_claims takes one row per unit for one (period, rule, channel)")
    columns = ", ".join(qn(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = db_connection.ops.bulk_batch_size(fields, rows) or len(rows)
    inserted = []
    with db_connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params = [
                field.get_db_prep_save(field.pre_save(row, True), db_connection) for row in chunk for field in fields
            ]
            returning = f"{qn(meta.pk.column)}, {qn(meta.get_field('organization').column)}"
            cursor.execute(
                # Names come quoted from the model; every value is a parameter.
                f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "  # noqa: S608
                f"ON CONFLICT DO NOTHING RETURNING {returning}",
                params,
            )
            for pk, organization_id in cursor.fetchall():
                row = by_unit[organization_id]
                row.pk = pk
                row._state.adding, row._state.db = False, db_connection.alias
                inserted.append(row)
    return inserted


def enqueue_reminder_emails(reminder_ids):
    """Queue the e-mails of `reminder_ids`, one task per REPORT_REMINDER_BATCH_SIZE of them; returns how many were queued.

    A broker that cannot be reached leaves the rows "pending": the sweeper queues them later.
    """
    from .tasks import send_reminder_emails  # tasks sit above this module; imported late to avoid a cycle

    reminder_ids, size, queued = list(reminder_ids), settings.REPORT_REMINDER_BATCH_SIZE, 0
    for start in range(0, len(reminder_ids), size):
        chunk = reminder_ids[start : start + size]
        try:
            send_reminder_emails.delay(chunk)
        except Exception as error:  # the broker is down: the sweeper will queue the rest
            logger.warning("Could not queue %d reminder(s) (left pending for the sweeper): %s", len(chunk), error)
            break
        queued += len(chunk)
    return queued


@transaction.atomic
def remind_unit(*, organization, period, rule, by=None, now=None):
    """Claim and send the reminders of `rule` to a unit: a portal notification now, the e-mail after commit.

    Returns the e-mail Reminder, or None when this (unit, period, rule) was already claimed.
    """
    now = now or timezone.now()
    email = claim_reminder(
        organization=organization, period=period, rule=rule, channel=Reminder.Channel.EMAIL, by=by, now=now
    )
    if email is None:
        return None
    portal = claim_reminder(
        organization=organization, period=period, rule=rule, channel=Reminder.Channel.PORTAL, by=by, now=now
    )
    if portal is not None:
        with translation.override("vi"):
            text = _notification_text(period, rule)
        Notification.objects.create(
            organization=organization, text=text, link=reverse("reports:report_edit", args=[period.pk]), created_at=now
        )
        portal.outcome = Reminder.Outcome.SENT
        portal.sent_at = now
        portal.attempts = 1
        portal.save(update_fields=["outcome", "sent_at", "attempts"])
    transaction.on_commit(lambda: enqueue_reminder_emails([email.pk]))
    return email


@transaction.atomic(savepoint=False)  # all or nothing with the caller's batch: no savepoint of its own
def remind_units(*, units, period, rule, now=None):
    """remind_unit for a batch of units, in a constant number of queries whatever their number.

    Claims the e-mail reminders of `rule` in one statement and the portal ones of the units it
    got in another, and writes their notifications in a third. Returns the e-mail Reminders
    claimed here (not those another run holds already); the caller queues them after commit.
    """
    now = now or timezone.now()

    def rows(channel, unit_ids, **values):
        return [
            Reminder(organization_id=pk, period=period, rule=rule, channel=channel, created_at=now, **values)
            for pk in unit_ids
        ]

    emails = _insert_claims(rows(Reminder.Channel.EMAIL, [unit.pk for unit in units]))
    portals = _insert_claims(
        rows(
            Reminder.Channel.PORTAL,
            [email.organization_id for email in emails],
            outcome=Reminder.Outcome.SENT,
            sent_at=now,
            attempts=1,
        )
    )
    if portals:
        with translation.override("vi"):
            text = _notification_text(period, rule)
        link = reverse("reports:report_edit", args=[period.pk])
        Notification.objects.bulk_create(
            Notification(organization_id=portal.organization_id, text=text, link=link, created_at=now)
            for portal in portals
        )
    return emails


# ---- reminding by hand -----------------------------------------------------------------------


def manual_reminder_refusal(organization, period, now=None):
    """Why staff may not remind `organization` by hand for `period` now, or None when they may.

    A unit is reminded only while it still has something to send: it must report in the
    period, has not submitted (or its report was returned) and can still submit.
    """
    if not selectors.must_report(organization, period):
        return _("This unit does not have to report for this period.")
    report = QuarterlyReport.objects.filter(organization=organization, period=period).first()
    if report is not None and report.status not in workflow.EDITABLE:
        return _("This unit has nothing left to send for this period.")
    if not selectors.submission_open(organization, period, now):
        return _("The period is locked: grant the unit an exception before reminding it.")
    return None


def queue_available():
    """Whether the task queue answers now, within the short broker timeouts of the settings."""
    app = current_app
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, timeout=app.conf.broker_connection_timeout
            )
    except Exception as error:  # any failure to reach the broker means "not now"
        logger.warning("The task queue cannot be reached: %s", error)
        return False
    return True


def remind_unit_by_hand(*, organization, period, by, now=None):
    """A reminder sent by staff now, outside the daily schedule (refused when pointless, repeated or unsendable)."""
    now = now or timezone.now()
    refusal = manual_reminder_refusal(organization, period, now)
    if refusal:
        raise ValidationError(refusal)
    # Checked before anything is written, so an unreachable queue leaves nothing half-saved.
    if not queue_available():
        raise ValidationError(
            _(
                "The reminder could not be sent: the task queue is not reachable right now. Nothing was saved; "
                "please try again in a few minutes, and tell the system administrator if this persists."
            )
        )
    with transaction.atomic():
        # Locks the unit's row: a double click waits here, then finds the first reminder.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        window = datetime.timedelta(minutes=settings.REPORT_REMINDER_MANUAL_DEDUP_MINUTES)
        recent = (
            Reminder.objects.filter(
                organization=organization,
                period=period,
                rule=Reminder.MANUAL,
                channel=Reminder.Channel.EMAIL,
                created_at__gt=now - window,
            )
            .exclude(outcome__in=[Reminder.Outcome.FAILED, Reminder.Outcome.SKIPPED])
            .order_by("-created_at")
            .first()
        )
        if recent is not None:
            raise ValidationError(
                _("This unit was already reminded by hand at %(time)s. Another reminder can be sent after %(next)s.")
                % {
                    "time": f"{timezone.localtime(recent.created_at):%H:%M}",
                    "next": f"{timezone.localtime(recent.created_at + window):%H:%M}",
                }
            )
        return remind_unit(organization=organization, period=period, rule=Reminder.MANUAL, by=by, now=now)


# ---- the daily round ---------------------------------------------------------------------------


def due_rules(now=None):
    """(period, rule) pairs whose scheduled reminder is due now."""
    now = now or timezone.now()
    for period in selectors.reminder_periods(now):
        rule = deadlines.reminder_rule(
            now, due=period.due_at, lock=period.lock_at, offsets=settings.REPORT_REMINDER_OFFSETS
        )
        if rule is not None:
            yield period, rule


def due_reminders(now=None):
    """(unit, period, rule) triples that the daily run would remind now and not already done."""
    return [
        (unit, period, rule) for period, rule in due_rules(now) for unit in selectors.units_to_remind(period, rule=rule)
    ]


def _codes(units):
    codes = [unit.code for unit in units]
    return ", ".join(codes[:3]) + (f" (+{len(codes) - 3} more)" if len(codes) > 3 else "")


def send_due_reminders(*, now=None):
    """Remind every unit that is due a reminder now; returns the reminders this run claimed.

    Units are claimed in committed batches of REPORT_REMINDER_BATCH_SIZE, each found, claimed
    and noted in a few queries whatever its size, and its e-mails queued as one task once it
    has committed. A run that dies keeps what it claimed and a re-run (the task's retry, the
    sweeper, a second worker) claims only the rest. A batch that cannot be claimed is rolled
    back without stopping the others: the round then ends in RoundIncomplete.
    """
    now = now or timezone.now()
    claimed, errors, missed = [], [], 0
    size = settings.REPORT_REMINDER_BATCH_SIZE
    broker = {"down": False}

    def queue(reminder_ids):
        # Once the broker has failed in this round, the rest stay pending for the sweeper without a wait each.
        if not broker["down"]:
            broker["down"] = enqueue_reminder_emails(reminder_ids) < len(reminder_ids)

    for period, rule in due_rules(now):
        owing = selectors.units_to_remind(period, rule=rule).only("pk", "code").order_by("pk")
        after = None
        # Keyset pages on pk: a batch that failed is not found again by the next query.
        while batch := list((owing if after is None else owing.filter(pk__gt=after))[:size]):
            after = batch[-1].pk
            try:
                with transaction.atomic():
                    emails = remind_units(units=batch, period=period, rule=rule, now=now)
                    if emails:
                        transaction.on_commit(functools.partial(queue, [email.pk for email in emails]))
            except DB_GONE:
                raise  # the database is gone: stop; this batch is rolled back and claimed again later
            except Exception as error:
                logger.exception("Could not remind %s for %s (%s)", _codes(batch), period, rule)
                errors.append(f"{_codes(batch)}: {type(error).__name__}: {error}")
                missed += len(batch)
                continue
            claimed.extend(emails)
    logger.info("Claimed %d report reminders", len(claimed))
    if errors:
        raise RoundIncomplete(f"{missed} unit(s) not reminded: " + "; ".join(errors[:5]))
    return claimed


def record_heartbeat(*, name, now=None):
    """Note that the periodic task `name` has just run to the end."""
    TaskHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": now or timezone.now()})


def _record_round_failure(now, error):
    try:
        TaskHeartbeat.objects.update_or_create(
            name=REMINDER_TASK,
            defaults={"last_failure_at": now, "last_error": f"{type(error).__name__}: {error}"[:2000]},
        )
    except Exception:  # the database itself may be what failed; the log still has it
        logger.exception("Could not record the failure of the reminder round")


def run_reminder_round(*, now=None):
    """The daily round: note its start, remind who is due, then note its success (or its failure, and re-raise)."""
    now = now or timezone.now()
    TaskHeartbeat.objects.update_or_create(name=REMINDER_TASK, defaults={"last_started_at": now})
    try:
        claimed = send_due_reminders(now=now)
    except Exception as error:
        _record_round_failure(now, error)
        raise
    # Written on success only, so a round that failed never shows green.
    TaskHeartbeat.objects.update_or_create(name=REMINDER_TASK, defaults={"last_run_at": now, "last_error": ""})
    return claimed


# ---- sending ---------------------------------------------------------------------------------


def reminder_recipients(organization):
    emails = [organization.email] if organization.email else []
    emails += [
        user.email for user in organization.users.filter(is_active=True, groups__name="unit_officer").exclude(email="")
    ]
    return sorted(set(emails), key=emails.index)


def render_reminder_email(reminder):
    """Subject, text and HTML of a reminder e-mail, in Vietnamese."""
    period = reminder.period
    with translation.override("vi"):
        context = {
            "organization": reminder.organization,
            "period": period,
            "due_last_moment": timezone.localtime(period.due_at - datetime.timedelta(minutes=1)),
            "lock_at": timezone.localtime(period.lock_at),
            "overdue": reminder.rule == deadlines.OVERDUE,
            "link": reminder_link(reminder.organization, period),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("emails/report_reminder_subject.txt", context).strip()
        text = render_to_string("emails/report_reminder.txt", context)
        html = render_to_string("emails/report_reminder.html", context)
    return subject, text, html


def delivery_deadline(rule, *, due, lock):
    """Until when a reminder of `rule` is worth sending: "N days before" ones until the deadline, others until the lock."""
    return due if rule.startswith("before-") else lock


def _window_open(reminder, now):
    """Whether the reminder is still worth sending: before its deadline, or while the unit's lock exception runs."""
    period = reminder.period
    if now < delivery_deadline(reminder.rule, due=period.due_at, lock=period.lock_at):
        return True
    return not reminder.rule.startswith("before-") and selectors.submission_open(reminder.organization, period, now)


def _window_open_q(now):
    before = Q(rule__startswith="before-")
    excepted = LockException.objects.filter(
        organization=OuterRef("organization"), period=OuterRef("period"), until__gt=now
    )
    return (before & Q(period__due_at__gt=now)) | (~before & (Q(period__lock_at__gt=now) | Exists(excepted)))


def _permanent(error):
    """A 5xx answer: the mail server will refuse the message again (wrong address, policy)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _msg in error.recipients.values())
    return False


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def _record_failure(reminder, error, now, *, was):
    """Record an attempt that certainly delivered nothing; True when it was the last one."""
    attempts = reminder.attempts + (0 if was == [Reminder.Outcome.SENDING] else 1)
    final = _permanent(error) or attempts >= settings.REPORT_REMINDER_MAX_ATTEMPTS or not _window_open(reminder, now)
    Reminder.objects.filter(pk=reminder.pk, outcome__in=was).update(
        outcome=Reminder.Outcome.FAILED if final else Reminder.Outcome.RETRYING,
        attempts=attempts,
        last_attempt_at=now,
        error=_error_text(error),
    )
    logger.warning("Reminder %s failed (attempt %d, final=%s): %s", reminder.pk, attempts, final, error)
    return final


def _record_sent(reminder_id, now):
    """Mark a handed-over e-mail sent; a dropped database connection is reopened, never a reason to send again."""
    for attempt in range(3):
        try:
            return Reminder.objects.filter(pk=reminder_id, outcome=Reminder.Outcome.SENDING).update(
                outcome=Reminder.Outcome.SENT, sent_at=now, error=""
            )
        except DB_GONE:
            if attempt == 2 or db_connection.in_atomic_block:
                raise  # the row stays "sending": the sweeper will report it as uncertain
            logger.warning("Database connection lost recording reminder %s as sent; reconnecting", reminder_id)
            db_connection.close()
            time.sleep(0.2 * (attempt + 1))
    return 0


def _close_quietly(connection):
    try:
        if hasattr(connection, "close"):
            connection.close()
    except Exception as error:  # the message has been handed over already; a failed QUIT changes nothing
        logger.info("Closing the SMTP connection failed: %s", error)


def deliver_reminder_emails(reminder_ids):
    """Send claimed reminder e-mails one after the other, each at most once as deliver_reminder_email.

    Returns the ids to try again (their attempt certainly delivered nothing, or the database went
    away before they were tried) and the last error. Each takes its own "now": a long batch
    never marks a row "sending" with a time that makes the sweeper think it stale.
    """
    reminder_ids, retry, last_error = list(reminder_ids), [], None
    for index, reminder_id in enumerate(reminder_ids):
        try:
            deliver_reminder_email(reminder_id=reminder_id)
        except DB_GONE as error:
            # Nothing more can be recorded now: this one and the rest are tried again later.
            logger.warning("Database lost while sending reminder %s: %s", reminder_id, error)
            return retry + reminder_ids[index:], error
        except Exception as error:  # a certain failure, recorded on the row (or nothing happened)
            retry.append(reminder_id)
            last_error = error
    return retry, last_error


def deliver_reminder_email(*, reminder_id, now=None):
    """Send one claimed reminder e-mail at most once and record the outcome.

    Re-raises a failure that certainly delivered nothing, so the task retries it; returns the
    reminder otherwise (sent, final, uncertain, or being sent by another worker).
    """
    now = now or timezone.now()
    reminder = Reminder.objects.select_related("organization", "period").filter(pk=reminder_id).first()
    if reminder is None:
        logger.warning("Reminder %s is gone", reminder_id)
        return None
    if reminder.outcome in Reminder.FINAL:
        return reminder  # delivered twice by the broker: sent once only
    if reminder.outcome == Reminder.Outcome.SENDING:
        # Another worker is handing it over, or one died doing so: never sent again from here.
        timeout = datetime.timedelta(minutes=settings.REPORT_REMINDER_SENDING_TIMEOUT_MINUTES)
        if reminder.last_attempt_at is None or now - reminder.last_attempt_at > timeout:
            Reminder.objects.filter(pk=reminder.pk, outcome=Reminder.Outcome.SENDING).update(
                outcome=Reminder.Outcome.UNCERTAIN, error=UNCERTAIN_ERROR
            )
            reminder.refresh_from_db()
        return reminder
    waiting = [Reminder.Outcome.PENDING, Reminder.Outcome.RETRYING]
    if not _window_open(reminder, now):
        Reminder.objects.filter(pk=reminder.pk, outcome__in=waiting).update(
            outcome=Reminder.Outcome.FAILED, error=reminder.error or "Not delivered before the end of its window"
        )
        reminder.refresh_from_db()
        return reminder
    recipients = reminder_recipients(reminder.organization)
    if not recipients:
        Reminder.objects.filter(pk=reminder.pk, outcome__in=waiting).update(
            outcome=Reminder.Outcome.SKIPPED,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            recipients="",
            error="No e-mail address for this unit",
        )
        logger.warning("Reminder %s: %s has no e-mail address", reminder.pk, reminder.organization)
        reminder.refresh_from_db()
        return reminder
    subject, text, html = render_reminder_email(reminder)
    connection = get_connection()
    message = EmailMultiAlternatives(
        subject, text, to=recipients, connection=connection, headers={"Message-ID": reminder.message_id}
    )
    message.attach_alternative(html, "text/html")
    try:
        if hasattr(connection, "open"):
            connection.open()  # an unreachable server fails here, before anything could be delivered
    except Exception as error:
        if _record_failure(reminder, error, now, was=waiting):
            reminder.refresh_from_db()
            return reminder
        raise
    # Committed on its own before the hand-over; the compare-and-set makes a second worker give way.
    taken = Reminder.objects.filter(pk=reminder.pk, outcome__in=waiting).update(
        outcome=Reminder.Outcome.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        recipients=", ".join(recipients),
    )
    if not taken:
        _close_quietly(connection)
        reminder.refresh_from_db()
        return reminder
    reminder.refresh_from_db()
    try:
        connection.send_messages([message])
    except NOT_DELIVERED as error:
        _close_quietly(connection)
        if _record_failure(reminder, error, now, was=[Reminder.Outcome.SENDING]):
            reminder.refresh_from_db()
            return reminder
        raise
    except Exception as error:
        # Cut off during the hand-over (timeout, disconnect): it may have been delivered.
        _close_quietly(connection)
        Reminder.objects.filter(pk=reminder.pk, outcome=Reminder.Outcome.SENDING).update(
            outcome=Reminder.Outcome.UNCERTAIN, error=_error_text(error)
        )
        logger.error("Reminder %s: delivery uncertain, not re-sent: %s", reminder.pk, error)
        reminder.refresh_from_db()
        return reminder
    _close_quietly(connection)
    _record_sent(reminder.pk, now)
    reminder.refresh_from_db()
    return reminder


# ---- the sweeper -------------------------------------------------------------------------------


def sweep_reminders(*, now=None):
    """Settle stale rows and re-queue the e-mails still owed within their window; resume a daily round that failed.

    Returns the counts of what it did.
    """
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=settings.REPORT_REMINDER_SENDING_TIMEOUT_MINUTES)
    idle = now - datetime.timedelta(minutes=settings.REPORT_REMINDER_REQUEUE_MINUTES)
    email = Reminder.objects.filter(channel=Reminder.Channel.EMAIL)
    waiting = [Reminder.Outcome.PENDING, Reminder.Outcome.RETRYING]
    uncertain = email.filter(outcome=Reminder.Outcome.SENDING, last_attempt_at__lt=stale).update(
        outcome=Reminder.Outcome.UNCERTAIN, error=UNCERTAIN_ERROR
    )
    expired_ids = list(email.filter(outcome__in=waiting).exclude(_window_open_q(now)).values_list("pk", flat=True))
    exhausted_ids = list(
        email.filter(outcome__in=waiting, attempts__gte=settings.REPORT_REMINDER_MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )
    )
    failed = Reminder.objects.filter(pk__in=expired_ids + exhausted_ids, outcome__in=waiting).update(
        outcome=Reminder.Outcome.FAILED, error="Not delivered before the end of its window or after too many attempts"
    )
    owed = list(
        email.filter(_window_open_q(now))
        .filter(
            Q(outcome=Reminder.Outcome.PENDING, created_at__lt=idle)
            | Q(outcome=Reminder.Outcome.RETRYING, last_attempt_at__lt=idle)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[: settings.REPORT_REMINDER_BATCH_SIZE * 10]
    )
    queued = enqueue_reminder_emails(owed)
    resumed = _resume_round(now, idle)
    counts = {"uncertain": uncertain, "failed": failed, "requeued": queued, "resumed": resumed}
    if any(counts.values()):
        logger.info("Reminder sweep: %s", counts)
    return counts


def _resume_round(now, idle):
    """Run today's round again when it failed or was killed part-way (claims make it safe)."""
    heartbeat = TaskHeartbeat.objects.filter(name=REMINDER_TASK).first()
    if heartbeat is None or heartbeat.last_started_at is None:
        return None
    today = timezone.localdate(now)
    killed = heartbeat.unfinished and heartbeat.last_started_at < idle
    if timezone.localdate(heartbeat.last_started_at) != today or not (heartbeat.failing or killed):
        return None
    try:
        return len(run_reminder_round(now=now))
    except Exception:  # recorded on the heartbeat; the next sweep tries again
        logger.exception("Resuming the reminder round failed")
        return None


# ---- what staff see ----------------------------------------------------------------------------


def reminder_health(now=None):
    """Counts of e-mail reminders of the last HEALTH_DAYS that need staff's attention or are still owed."""
    now = now or timezone.now()
    idle = now - datetime.timedelta(minutes=settings.REPORT_REMINDER_REQUEUE_MINUTES)
    outcome = Reminder.Outcome
    return Reminder.objects.filter(
        channel=Reminder.Channel.EMAIL, created_at__gte=now - datetime.timedelta(days=HEALTH_DAYS)
    ).aggregate(
        failed=Count("pk", filter=Q(outcome=outcome.FAILED)),
        uncertain=Count("pk", filter=Q(outcome=outcome.UNCERTAIN)),
        retrying=Count("pk", filter=Q(outcome=outcome.RETRYING)),
        waiting=Count("pk", filter=Q(outcome__in=[outcome.PENDING, outcome.SENDING], created_at__lt=idle)),
    )
