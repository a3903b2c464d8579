import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from reports import tasks
from reports.models import ReportingPeriod

from .conftest import vn

pytestmark = pytest.mark.django_db


def test_create_reporting_periods_command(capsys):
    call_command("create_reporting_periods", "--year", "2027")
    call_command("create_reporting_periods", "--year", "2027")
    assert ReportingPeriod.objects.filter(year=2027).count() == 4
    out = capsys.readouterr().out
    assert "2027: 4 period(s) created" in out
    assert "2027: 0 period(s) created, 4 already existed" in out


def test_yearly_task_creates_this_and_next_year():
    with time_machine.travel(vn(2026, 12, 1, 1, 30), tick=False):
        assert tasks.create_yearly_periods() == 8
        assert tasks.create_yearly_periods() == 0
    assert sorted(set(ReportingPeriod.objects.values_list("year", flat=True))) == [2026, 2027]


def test_beat_schedule_runs_the_reminders_daily_and_the_periods_yearly():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reports-daily-reminders"]["task"] == tasks.run_daily_reminders.name
    assert schedule["reports-yearly-periods"]["task"] == tasks.create_yearly_periods.name
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    assert settings.REPORT_REMINDER_OFFSETS == [10, 5, 2, 1]


def test_the_reminder_command_can_run_the_sweeper(capsys):
    call_command("send_report_reminders", "--sweep")
    assert "requeued: 0" in capsys.readouterr().out
