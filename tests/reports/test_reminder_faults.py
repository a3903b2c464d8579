"""Reminders under faults: a worker killed mid-send, SMTP down past the retries, the broker
unreachable, the database connection cut, a daily round that dies part-way, double clicks.

In each case every reminder ends delivered exactly once (or, when delivery cannot be known,
shown to staff as uncertain and never sent twice), nothing stays stuck, and staff are told.
"""

import datetime
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from emulation_portal.celery import app as celery_app
from reports import reminders, tasks
from reports.models import Notification, Reminder, ReportingPeriod, TaskHeartbeat
from tests.conftest import _forget_connections

from .conftest import vn

pytestmark = pytest.mark.django_db

MORNING = vn(2026, 6, 5, 8)  # "10 days before" is due for Quarter 2/2026


def later(minutes):
    return MORNING + datetime.timedelta(minutes=minutes)


@pytest.fixture
def units(unit_a, unit_b, officer_a, officer_b, staff_user):
    return unit_a, unit_b


def claim(unit, period, rule="before-10"):
    return reminders.claim_reminder(organization=unit, period=period, rule=rule, channel="email")


def outcome(reminder):
    reminder.refresh_from_db()
    return reminder.outcome


# ---- a worker killed after the SMTP server accepted the message -------------------------------


class AcceptThenDie:
    """The SMTP server takes the message, then the worker process dies before recording it."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise SystemExit("worker killed")


class AcceptThenDisconnect(AcceptThenDie):
    """The message goes out, then the connection drops before the server's "250 OK" arrives."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_worker_killed_after_smtp_accepted_never_sends_twice(units, period, settings, staff_client):
    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenDie"
    with time_machine.travel(MORNING, tick=False):
        reminder = claim(units[0], period)
        with pytest.raises(SystemExit):
            reminders.deliver_reminder_email(reminder_id=reminder.pk)
    assert outcome(reminder) == "sending"  # committed before the hand-over
    assert len(mail.outbox) == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The broker redelivers the task (acks_late): it gives way, nothing is sent.
    with time_machine.travel(later(1), tick=False):
        tasks.send_reminder_email.apply(args=[reminder.pk])
        assert reminders.sweep_reminders()["requeued"] == 0
    assert outcome(reminder) == "sending"
    # Past the timeout the sweeper reports it to staff, still without sending.
    with time_machine.travel(later(20), tick=False):
        assert reminders.sweep_reminders()["uncertain"] == 1
        tasks.send_reminder_email.apply(args=[reminder.pk])
        assert reminders.sweep_reminders() == {"uncertain": 0, "failed": 0, "requeued": 0, "resumed": None}
        assert reminders.reminder_health()["uncertain"] == 1
        html = staff_client.get(reverse("reports:reminder_log")).content.decode()
    assert outcome(reminder) == "uncertain"
    assert len(mail.outbox) == 1
    assert "Không rõ đã gửi được chưa" in html
    assert reminder.message_id in html.replace("&lt;", "<").replace("&gt;", ">")


def test_a_connection_cut_during_the_hand_over_is_uncertain_not_resent(units, period, settings):
    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenDisconnect"
    with time_machine.travel(MORNING, tick=False):
        reminder = claim(units[0], period)
        tasks.send_reminder_email.apply(args=[reminder.pk])  # no retry: it may have gone
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        tasks.send_reminder_email.apply(args=[reminder.pk])
    with time_machine.travel(later(60), tick=False):
        reminders.sweep_reminders()
    assert outcome(reminder) == "uncertain"
    assert reminder.attempts == 1
    assert "SMTPServerDisconnected" in reminder.error
    assert len(mail.outbox) == 1


# ---- SMTP down past the retries, then back --------------------------------------------------------


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free port, stopped until the test starts it."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    inbox.start, inbox.controller = controller.start, controller
    yield inbox
    if controller._thread is not None:
        controller.stop()


def test_smtp_down_past_the_retries_then_the_sweeper_delivers_once(
    units, period, smtp, django_capture_on_commit_callbacks
):
    with time_machine.travel(MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert len(reminders.run_reminder_round()) == 2  # the batch's send task retries, then gives up
    rows = Reminder.objects.filter(channel="email")
    assert set(rows.values_list("outcome", flat=True)) == {"retrying"}
    assert min(rows.values_list("attempts", flat=True)) == 1 + tasks.send_reminder_emails.max_retries
    assert "ConnectionRefusedError" in rows.first().error
    with time_machine.travel(later(20), tick=False):
        assert reminders.reminder_health()["retrying"] == 2
        assert reminders.sweep_reminders()["requeued"] == 2  # still down: still owed
    assert set(rows.values_list("outcome", flat=True)) == {"retrying"}
    smtp.start()  # the mail server is back
    with time_machine.travel(later(40), tick=False):
        assert reminders.sweep_reminders()["requeued"] == 2
        assert reminders.sweep_reminders()["requeued"] == 0
    with time_machine.travel(later(120), tick=False):
        assert reminders.sweep_reminders()["requeued"] == 0
    assert set(rows.values_list("outcome", flat=True)) == {"sent"}
    recipients = sorted(rcpt for envelope in smtp.messages for rcpt in envelope.rcpt_tos)
    assert recipients == ["officer_a@example.vn", "officer_b@example.vn"]  # each exactly once


def test_a_reminder_never_delivered_in_its_window_fails_for_good_and_staff_see_it(units, period, smtp, staff_client):
    with time_machine.travel(MORNING, tick=False):
        reminder = claim(units[0], period)
        tasks.send_reminder_email.apply(args=[reminder.pk])
    assert outcome(reminder) == "retrying"
    # "10 days before" is pointless once the deadline has passed.
    with time_machine.travel(vn(2026, 6, 15, 0, 5), tick=False):
        assert reminders.sweep_reminders()["failed"] == 1
        assert reminders.reminder_health()["failed"] == 1
        home = staff_client.get("/").content.decode()
        log = staff_client.get(reverse("reports:reminder_log") + "?outcome=failed").content.decode()
    assert outcome(reminder) == "failed"
    assert "1 e-mail đôn đốc đã gửi thất bại hẳn" in home
    assert "text-danger" in log
    assert "Không gửi được; sẽ không thử lại." in log


def test_a_permanent_refusal_fails_at_once(units, period, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with time_machine.travel(MORNING, tick=False):
        reminder = claim(units[0], period)
        tasks.send_reminder_email.apply(args=[reminder.pk])
    assert (outcome(reminder), reminder.attempts) == ("failed", 1)


class RefusingBackend(AcceptThenDie):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})


# ---- the broker unreachable --------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """Point the Celery app at a closed port, as when Redis is unreachable."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "result_backend", "broker_transport_options")}
    conf.broker_url = conf.result_backend = "redis://127.0.0.1:1/0"
    conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 2}
    conf.task_always_eager = False
    _forget_connections(celery_app)
    yield
    conf.update(saved)
    conf.task_always_eager = True
    _forget_connections(celery_app)


def test_remind_now_with_the_broker_down_answers_quickly_and_saves_nothing(broker_down, staff_client, units, period):
    url = reverse("reports:remind", args=[period.pk, units[1].pk])
    with time_machine.travel(MORNING, tick=True):
        started = time.monotonic()
        response = staff_client.post(url, follow=True)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 5
    assert "hàng đợi tác vụ" in response.content.decode()
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_the_daily_round_with_the_broker_down_leaves_rows_for_the_sweeper(units, period, broker_down):
    with time_machine.travel(MORNING, tick=False):
        started = time.monotonic()
        assert len(reminders.run_reminder_round()) == 2
        assert time.monotonic() - started < 10
    rows = Reminder.objects.filter(channel="email")
    assert set(rows.values_list("outcome", flat=True)) == {"pending"}
    with time_machine.travel(later(20), tick=False):
        assert reminders.reminder_health()["waiting"] == 2
    # The broker is back (eager here): the sweeper queues them, each is sent once.
    celery_app.conf.task_always_eager = True
    with time_machine.travel(later(20), tick=False):
        assert reminders.sweep_reminders()["requeued"] == 2
        assert reminders.sweep_reminders()["requeued"] == 0
    assert set(rows.values_list("outcome", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2


# ---- the database connection cut between sending and recording ----------------------------------


class AcceptThenCutTheDatabase:
    """The SMTP server takes the message; then PostgreSQL terminates the worker's connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import psycopg2

        mail.outbox.extend(messages)
        pid = connection.connection.info.backend_pid
        params = connection.get_connection_params()
        with psycopg2.connect(**params) as admin, admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_a_terminated_database_connection_neither_resends_nor_sticks(units, period, settings):
    if connection.vendor != "postgresql":
        pytest.skip("terminates a PostgreSQL backend")
    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenCutTheDatabase"
    with time_machine.travel(MORNING, tick=False):
        reminder = claim(units[0], period)
        tasks.send_reminder_email.apply(args=[reminder.pk])
        tasks.send_reminder_email.apply(args=[reminder.pk])
    assert outcome(reminder) == "sent"
    assert reminder.attempts == 1
    assert len(mail.outbox) == 1


# ---- a daily round that dies part-way ----------------------------------------------------------


def test_a_round_that_fails_part_way_shows_red_and_is_resumed(
    units, period, settings, monkeypatch, django_capture_on_commit_callbacks, staff_client
):
    settings.REPORT_REMINDER_BATCH_SIZE = 1
    real = reminders.remind_units

    def broken_for_phu_yen(*, units, **kwargs):
        if any(unit.code == "so-tttt-phu-yen" for unit in units):
            raise RuntimeError("template missing")
        return real(units=units, **kwargs)

    monkeypatch.setattr(reminders, "remind_units", broken_for_phu_yen)
    with (
        time_machine.travel(MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(reminders.RoundIncomplete),
    ):
        tasks.run_daily_reminders()
    beat = TaskHeartbeat.objects.get()
    assert beat.last_run_at is None
    assert beat.failing
    assert "so-tttt-phu-yen" in beat.last_error
    assert Reminder.objects.filter(channel="email").count() == 1  # Gia Lai was reminded anyway
    with time_machine.travel(later(1), tick=False):
        home = staff_client.get("/").content.decode()
    assert "Tác vụ đôn đốc bị lỗi lúc 08:00 05/06/2026" in home
    monkeypatch.setattr(reminders, "remind_units", real)  # fixed
    with time_machine.travel(later(20), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep_reminders()["resumed"] == 1
        assert reminders.sweep_reminders()["resumed"] is None
    beat.refresh_from_db()
    assert not beat.failing
    assert beat.last_run_at == later(20)
    assert sorted(Reminder.objects.filter(channel="email").values_list("organization__code", flat=True)) == [
        "so-tttt-gia-lai",
        "so-tttt-phu-yen",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["officer_a@example.vn", "officer_b@example.vn"]


def test_a_round_killed_part_way_is_resumed_by_the_sweeper(
    units, period, settings, monkeypatch, django_capture_on_commit_callbacks, staff_client
):
    settings.REPORT_REMINDER_BATCH_SIZE = 1
    real = reminders.remind_units
    calls = []

    def killed_on_second(**kwargs):
        calls.append(kwargs["units"])
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "remind_units", killed_on_second)
    with (
        time_machine.travel(MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(SystemExit),
    ):
        reminders.run_reminder_round()
    beat = TaskHeartbeat.objects.get()
    assert beat.unfinished
    assert beat.last_run_at is None
    monkeypatch.setattr(reminders, "remind_units", real)
    with time_machine.travel(later(5), tick=False):
        assert reminders.sweep_reminders()["resumed"] is None  # may still be running
    with time_machine.travel(later(19), tick=False):
        assert (
            "Tác vụ đôn đốc bắt đầu lúc 08:00 05/06/2026 nhưng chưa chạy xong" in staff_client.get("/").content.decode()
        )
    with time_machine.travel(later(20), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep_reminders()["resumed"] == 1
    assert Reminder.objects.filter(channel="email").count() == 2
    assert len(mail.outbox) == 2


# ---- double clicks on "remind now" ---------------------------------------------------------------


def test_a_double_click_sends_one_manual_reminder(staff_client, units, period, django_capture_on_commit_callbacks):
    url = reverse("reports:remind", args=[period.pk, units[1].pk])
    with time_machine.travel(MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(url, follow=True).content.decode()
        second = staff_client.post(url, follow=True).content.decode()
    assert "Đang gửi đôn đốc đến đơn vị." in first
    assert "đã được đôn đốc thủ công lúc 08:00" in second
    assert Reminder.objects.filter(rule="manual", channel="email").count() == 1
    assert len(mail.outbox) == 1
    with time_machine.travel(later(11), tick=False), django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    assert Reminder.objects.filter(rule="manual", channel="email").count() == 2
    assert len(mail.outbox) == 2


# ---- the staff home page -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 20])
def test_staff_home_counts_problems_in_constant_queries(
    staff_client, period, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from tests.factories import OrganizationFactory

    with time_machine.travel(MORNING, tick=False):
        for index in range(count):
            reminder = claim(OrganizationFactory(code=f"unit-{index}"), period)
            Reminder.objects.filter(pk=reminder.pk).update(outcome="failed" if index % 2 else "uncertain")
        with django_assert_max_num_queries(40) as captured:
            html = staff_client.get("/").content.decode()
    assert f"{count // 2} e-mail đôn đốc đã gửi thất bại hẳn" in html
    assert f"{count // 2} e-mail đôn đốc không rõ đã đến nơi chưa" in html
    assert sum("reports_reminder" in query["sql"] for query in captured.captured_queries) == 1


def test_officers_and_leadership_see_no_reminder_health(officer_a_client, leadership_client, unit_a, period):
    with time_machine.travel(MORNING, tick=False):
        Reminder.objects.filter(pk=claim(unit_a, period).pk).update(outcome="failed")
        for client in (officer_a_client, leadership_client):
            assert "e-mail đôn đốc" not in client.get("/").content.decode()


# ---- a real worker process killed by the kernel after the SMTP server took the message -------------

CHILD = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "emulation_portal.settings"
django.setup()
from reports import reminders
reminders.deliver_reminder_email(reminder_id=int(sys.argv[1]))
"""


class KillingInbox(Inbox):
    """Takes the message, then SIGKILLs the sending process before answering "250 OK"."""

    victim = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        os.kill(self.victim, signal.SIGKILL)
        return "250 Message accepted for delivery"


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_mid_send_never_sends_twice(units, settings):
    """PostgreSQL only: the child process must reach the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("a second process cannot reach an in-memory SQLite test database")
    now = timezone.now()
    period = ReportingPeriod.objects.create(
        year=2099,
        quarter=3,
        opens_on=now.date(),
        due_at=now + datetime.timedelta(hours=36),
        lock_at=now + datetime.timedelta(days=30),
    )
    reminder = claim(units[0], period, rule="before-2")
    inbox, port = KillingInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "EMAIL_URL"}},
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    try:
        child = subprocess.Popen(  # noqa: S603 -- our own interpreter and script
            [sys.executable, "-c", CHILD, str(reminder.pk)], cwd=settings.BASE_DIR, env=env
        )
        inbox.victim = child.pid
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        controller.stop()
    assert outcome(reminder) == "sending"
    assert len(inbox.messages) == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.send_reminder_email.apply(args=[reminder.pk])  # the broker redelivers the lost task
    with time_machine.travel(now + datetime.timedelta(minutes=20), tick=False):
        assert reminders.sweep_reminders()["uncertain"] == 1
        assert reminders.sweep_reminders()["requeued"] == 0
    assert outcome(reminder) == "uncertain"
    assert mail.outbox == []
    assert len(inbox.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_instant_send_one_manual_reminder(units, staff_user, period):
    """PostgreSQL only (SQLite serialises writers): the unit's row lock orders the two requests."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that accepts concurrent writers")
    barrier = threading.Barrier(2)
    results = []

    def click():
        try:
            barrier.wait(timeout=10)
            results.append(
                reminders.remind_unit_by_hand(organization=units[1], period=period, by=staff_user, now=MORNING)
            )
        except ValidationError as error:
            results.append(error)
        finally:
            connection.close()

    with time_machine.travel(MORNING, tick=False):
        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(type(result).__name__ for result in results) == ["Reminder", "ValidationError"]
    assert Reminder.objects.filter(rule="manual", channel="email").count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
