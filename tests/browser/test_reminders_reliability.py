"""Staff see reminder e-mails that failed for good or may not have arrived, in red, on the home page
and in the reminder log, and a daily round that failed."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import department_code
from accounts.models import Organization
from reports import reminders, selectors
from reports.models import Reminder, TaskHeartbeat


def test_staff_see_failed_and_uncertain_reminders_in_red(login, demo, live_server, page, screenshot):
    sent = list(Reminder.objects.filter(channel="email", outcome="sent").order_by("pk")[:2])
    assert len(sent) == 2, "the demo data has sent reminders"
    now = timezone.now()
    # What a long SMTP outage and a worker killed mid-send leave behind (set up directly).
    Reminder.objects.filter(pk=sent[0].pk).update(
        outcome=Reminder.Outcome.FAILED,
        attempts=12,
        created_at=now - datetime.timedelta(hours=5),
        error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    Reminder.objects.filter(pk=sent[1].pk).update(
        outcome=Reminder.Outcome.UNCERTAIN,
        attempts=1,
        created_at=now - datetime.timedelta(hours=5),
        error=reminders.UNCERTAIN_ERROR,
    )
    TaskHeartbeat.objects.update_or_create(
        name=reminders.REMINDER_TASK,
        defaults={
            "last_run_at": now - datetime.timedelta(days=1),
            "last_started_at": now - datetime.timedelta(hours=1),
            "last_failure_at": now - datetime.timedelta(hours=1),
            "last_error": "RoundIncomplete: 1 unit(s) not reminded",
        },
    )

    page = login("vutdkt")
    failed = page.get_by_role("link", name="1 e-mail đôn đốc đã gửi thất bại hẳn")
    expect(failed).to_be_visible()
    expect(page.get_by_role("link", name="1 e-mail đôn đốc không rõ đã đến nơi chưa")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Tác vụ đôn đốc bị lỗi lúc"))).to_be_visible()
    assert "text-danger" in failed.locator("xpath=..").get_attribute("class")
    screenshot("reminders-reliability-home")

    failed.click()
    expect(page.get_by_role("heading", name="Nhật ký đôn đốc")).to_be_visible()
    row = page.locator("tbody tr", has_text="Gửi thất bại")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Không gửi được; sẽ không thử lại.")
    expect(row.locator(".text-danger").first).to_be_visible()
    screenshot("reminders-reliability-log-failed")

    page.goto(f"{live_server.url}/reports/reminders/?outcome=uncertain")
    row = page.locator("tbody tr", has_text="Không rõ đã gửi được chưa")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("nhật ký máy chủ thư")
    screenshot("reminders-reliability-log-uncertain")


def test_a_second_click_on_remind_now_is_refused_with_a_message(login, demo, live_server, page, screenshot):
    dong_thap = Organization.objects.get(code=department_code("Đồng Tháp"))
    open_period = selectors.open_periods().first()
    page = login("vutdkt")
    page.goto(live_server.url + reverse("reports:unit_period", args=[open_period.pk, dong_thap.pk]))
    page.get_by_role("button", name="Gửi đôn đốc ngay").click()
    expect(page.get_by_text("Đang gửi đôn đốc đến đơn vị.")).to_be_visible()
    page.get_by_role("button", name="Gửi đôn đốc ngay").click()
    expect(page.get_by_text(re.compile(r"Đơn vị này đã được đôn đốc thủ công lúc \d\d:\d\d"))).to_be_visible()
    screenshot("reminders-reliability-double-click")
    assert (
        Reminder.objects.filter(organization=dong_thap, period=open_period, rule="manual", channel="email").count() == 1
    )
