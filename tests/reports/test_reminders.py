"""Reminder selection, claiming and sending (reports.services), with frozen time."""

import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from reports import reminders, services, tasks
from reports.models import Notification, QuarterlyReport, Reminder, TaskHeartbeat

from .conftest import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(unit_a, unit_b, officer_a, officer_b, staff_user):
    """Two reporting units with an officer each; the emulation department is not asked to report."""
    return unit_a, unit_b


def run(at, capture):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return services.send_due_reminders()


def emailed():
    return sorted(Reminder.objects.filter(channel="email").values_list("organization__code", "rule"))


@pytest.mark.parametrize(
    ("at", "rule"),
    [
        (vn(2026, 6, 5, 8), "before-10"),
        (vn(2026, 6, 10, 8), "before-5"),
        (vn(2026, 6, 13, 8), "before-2"),
        (vn(2026, 6, 14, 8), "before-1"),
        (vn(2026, 6, 15, 8), "overdue"),
    ],
)
def test_each_offset_reminds_every_unit_that_has_not_reported(
    units, period, at, rule, django_capture_on_commit_callbacks
):
    claimed = run(at, django_capture_on_commit_callbacks)
    assert len(claimed) == 2
    assert emailed() == [("so-tttt-gia-lai", rule), ("so-tttt-phu-yen", rule)]
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2
    assert set(Reminder.objects.values_list("outcome", flat=True)) == {"sent"}


def test_nothing_before_the_first_offset_nor_after_the_lock(units, period, django_capture_on_commit_callbacks):
    assert run(vn(2026, 6, 4, 23, 59), django_capture_on_commit_callbacks) == []
    assert run(vn(2026, 7, 15, 0, 0), django_capture_on_commit_callbacks) == []
    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_reported_and_excused_units_are_not_reminded(
    units, period, staff_user, officer_a, django_capture_on_commit_callbacks
):
    unit_a, unit_b = units
    with time_machine.travel(vn(2026, 6, 1), tick=False):
        services.save_report(organization=unit_a, period=period, by=officer_a, summary="Đã triển khai", submit=True)
    run(vn(2026, 6, 5, 8), django_capture_on_commit_callbacks)
    assert emailed() == [("so-tttt-phu-yen", "before-10")]
    services.excuse_unit(organization=unit_b, period=period, by=staff_user, reason="Sáp nhập")
    assert run(vn(2026, 6, 10, 8), django_capture_on_commit_callbacks) == []


def test_a_draft_still_gets_reminded(units, period, officer_a, django_capture_on_commit_callbacks):
    with time_machine.travel(vn(2026, 6, 1), tick=False):
        services.save_report(organization=units[0], period=period, by=officer_a, summary="Nháp")
    run(vn(2026, 6, 5, 8), django_capture_on_commit_callbacks)
    assert ("so-tttt-gia-lai", "before-10") in emailed()


def test_a_second_run_sends_nothing_twice(units, period, django_capture_on_commit_callbacks):
    run(vn(2026, 6, 5, 8), django_capture_on_commit_callbacks)
    assert run(vn(2026, 6, 5, 8, 1), django_capture_on_commit_callbacks) == []
    assert run(vn(2026, 6, 9, 8), django_capture_on_commit_callbacks) == []  # same rule, later day
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 4
    assert Notification.objects.count() == 2


def test_two_runs_racing_claim_each_reminder_once(units, period, django_capture_on_commit_callbacks):
    """Run A selects, run B claims everything, then run A tries: the database refuses A's rows."""
    at = vn(2026, 6, 5, 8)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        selected_by_a = services.due_reminders()
        claimed_by_b = services.send_due_reminders()
        claimed_by_a = [services.remind_unit(organization=unit, period=p, rule=rule) for unit, p, rule in selected_by_a]
    assert len(selected_by_a) == 2
    assert len(claimed_by_b) == 2
    assert claimed_by_a == [None, None]
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 4


def test_claim_is_enforced_by_the_database(unit_a, period):
    first = services.claim_reminder(organization=unit_a, period=period, rule="before-5", channel="email")
    second = services.claim_reminder(organization=unit_a, period=period, rule="before-5", channel="email")
    assert first is not None
    assert second is None
    assert Reminder.objects.count() == 1


def test_manual_reminders_may_repeat(units, period, staff_user, django_capture_on_commit_callbacks):
    with time_machine.travel(vn(2026, 6, 10, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.remind_unit(organization=units[0], period=period, rule=Reminder.MANUAL, by=staff_user)
    assert Reminder.objects.filter(rule="manual", channel="email", triggered_by=staff_user).count() == 2
    assert len(mail.outbox) == 2


def test_email_is_vietnamese_and_links_to_the_form(units, period, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://thidua.example.vn"
    run(vn(2026, 6, 10, 8), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if "officer_a@example.vn" in m.to)
    assert "Quý 2/2026" in message.subject
    assert "trước ngày 15/06/2026" in message.subject
    link = f"https://thidua.example.vn/reports/periods/{period.pk}/edit/"
    assert link in message.body
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in message.body
    assert "Chỉ thị 103/CT-BTTTT" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "Mở biểu mẫu báo cáo của đơn vị</a>" in html  # a button, not a sentence ending in a colon
    assert "Chỉ thị 103/CT-BTTTT" in html
    notification = Notification.objects.get(organization=units[0])
    assert "Quý 2/2026" in notification.text


def test_overdue_email_says_so(units, period, django_capture_on_commit_callbacks):
    run(vn(2026, 6, 16, 8), django_capture_on_commit_callbacks)
    assert "Quá hạn" in mail.outbox[0].subject


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@time_machine.travel(vn(2026, 6, 5, 8), tick=False)
def test_a_failed_send_is_recorded_then_retried_without_duplicate(units, period, settings):
    reminder = services.claim_reminder(organization=units[0], period=period, rule="before-10", channel="email")
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(ConnectionRefusedError):
        services.deliver_reminder_email(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.outcome, reminder.attempts) == ("retrying", 1)
    assert "SMTP server unreachable" in reminder.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.deliver_reminder_email(reminder_id=reminder.pk)
    services.deliver_reminder_email(reminder_id=reminder.pk)  # delivered twice by the broker
    reminder.refresh_from_db()
    assert (reminder.outcome, reminder.attempts, reminder.error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


@time_machine.travel(vn(2026, 6, 5, 8), tick=False)
def test_the_send_task_retries_on_failure(units, period, settings):
    reminder = services.claim_reminder(organization=units[0], period=period, rule="before-10", channel="email")
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    assert issubclass(ConnectionRefusedError, tasks.send_reminder_email.autoretry_for)
    result = tasks.send_reminder_email.apply(args=[reminder.pk])
    assert result.failed()  # eager apply gives up after the retries it may make
    reminder.refresh_from_db()
    assert reminder.outcome == "retrying"  # the sweeper takes it from here
    assert reminder.attempts >= 2


@time_machine.travel(vn(2026, 6, 5, 8), tick=False)
def test_a_unit_without_address_is_logged_as_skipped(unit_a, period):
    reminder = services.claim_reminder(organization=unit_a, period=period, rule="before-10", channel="email")
    services.deliver_reminder_email(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.outcome == "skipped"
    assert mail.outbox == []


def test_daily_task_records_heartbeat(units, period, django_capture_on_commit_callbacks):
    with time_machine.travel(vn(2026, 6, 5, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.run_daily_reminders() == 2
    beat = TaskHeartbeat.objects.get(name=services.REMINDER_TASK)
    assert beat.last_run_at == vn(2026, 6, 5, 8)
    with time_machine.travel(vn(2026, 6, 6, 8, 1), tick=False):
        assert beat.stale
    with time_machine.travel(vn(2026, 6, 6, 7, 59), tick=False):
        assert not beat.stale


def test_dry_run_lists_and_sends_nothing(units, period, capsys):
    with time_machine.travel(vn(2026, 6, 13, 8), tick=False):
        call_command("send_report_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "so-tttt-gia-lai" in out
    assert "before-2" in out
    assert "2 reminder(s) would be sent" in out
    assert not Reminder.objects.exists()
    assert not TaskHeartbeat.objects.exists()


def test_command_sends(units, period, django_capture_on_commit_callbacks, capsys):
    with time_machine.travel(vn(2026, 6, 13, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_reminders")
    assert len(mail.outbox) == 2
    assert QuarterlyReport.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_at_once_send_each_reminder_once(units, period):
    """Two threads run the daily job at the same instant; PostgreSQL only (SQLite serialises writers)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that accepts concurrent writers")
    barrier = threading.Barrier(2)
    claimed, errors = [], []

    def job():
        try:
            barrier.wait(timeout=10)
            claimed.append(len(services.send_due_reminders()))
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(vn(2026, 6, 5, 8), tick=False):
        threads = [threading.Thread(target=job) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert sum(claimed) == 2
    assert Reminder.objects.filter(channel="email").count() == 2
    assert len(mail.outbox) == 2


def test_the_round_costs_the_same_queries_for_10_and_40_units_and_queues_one_task_per_batch(
    period, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganizationFactory

    settings.REPORT_REMINDER_BATCH_SIZE = 50
    published = []
    monkeypatch.setattr(tasks.send_reminder_emails, "delay", published.append)  # the broker: one call, one message

    def round_at(at):
        published.clear()
        with (
            time_machine.travel(at, tick=False),
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as queries,
        ):
            claimed = reminders.run_reminder_round()
        assert published == [[reminder.pk for reminder in claimed]]
        return len(claimed), len(queries)

    TaskHeartbeat.objects.create(name=services.REMINDER_TASK)  # both rounds update it alike
    for index in range(10):
        OrganizationFactory(code=f"unit-{index:02}")
    ten = round_at(vn(2026, 6, 5, 8))  # "10 days before" for 10 units
    for index in range(10, 40):
        OrganizationFactory(code=f"unit-{index:02}")
    forty = round_at(vn(2026, 6, 10, 8))  # "5 days before" for 40 units
    assert (ten[0], forty[0]) == (10, 40)
    assert ten[1] == forty[1] <= 20
    assert Notification.objects.count() == 50
    assert set(Reminder.objects.filter(channel="portal").values_list("outcome", flat=True)) == {"sent"}


def test_the_round_skips_units_claimed_meanwhile_and_queues_in_batches(
    period, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.factories import OrganizationFactory

    settings.REPORT_REMINDER_BATCH_SIZE = 3
    published = []
    monkeypatch.setattr(tasks.send_reminder_emails, "delay", published.append)
    units = [OrganizationFactory(code=f"unit-{index}") for index in range(7)]
    real = reminders.remind_units

    def another_run_claims_first(*, units, period, rule, now):
        # Another worker claims the first unit of each batch between our query and our insert.
        services.claim_reminder(organization=units[0], period=period, rule=rule, channel="email")
        return real(units=units, period=period, rule=rule, now=now)

    monkeypatch.setattr(reminders, "remind_units", another_run_claims_first)
    with time_machine.travel(vn(2026, 6, 5, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        claimed = reminders.run_reminder_round()
    assert len(claimed) == 4  # batches of 3, 3, 1: the other run took one unit of each
    assert [len(ids) for ids in published] == [2, 2]
    assert sorted(pk for ids in published for pk in ids) == sorted(reminder.pk for reminder in claimed)
    assert Reminder.objects.filter(channel="email").count() == 7
    assert Notification.objects.count() == 4  # only for the units this round claimed
    assert {reminder.organization_id for reminder in claimed} == {unit.pk for unit in units[1:3] + units[4:6]}


def test_after_the_broker_fails_the_round_leaves_the_other_batches_pending_without_trying_again(
    units, period, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REPORT_REMINDER_BATCH_SIZE = 1
    attempts = []

    def broker_down(reminder_ids):
        attempts.append(reminder_ids)
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.send_reminder_emails, "delay", broker_down)
    with time_machine.travel(vn(2026, 6, 5, 8), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert len(reminders.run_reminder_round()) == 2
    assert len(attempts) == 1  # one wait for the broker, not one per batch
    assert set(Reminder.objects.filter(channel="email").values_list("outcome", flat=True)) == {"pending"}
    assert mail.outbox == []
