"""An officer writes and submits the quarterly report; staff return it; the officer revises; staff accept.

Then staff's other journeys: search and export the matrix, remind a unit by hand, excuse it,
and let a unit submit after the lock.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import department_code
from accounts.models import Organization
from reports import selectors
from reports.models import LockException, QuarterlyReport, Reminder, ReportingPeriod


def test_report_is_submitted_returned_revised_and_accepted(login, demo, live_server, page, screenshot):
    page.on("dialog", lambda dialog: dialog.accept())

    page = login("gialai")
    expect(page.get_by_role("heading", name="Báo cáo quý")).to_be_visible()  # the home panel
    screenshot("reports-home-officer")
    page.locator("header nav").get_by_role("link", name="Báo cáo của đơn vị").click()
    expect(page.get_by_role("heading", name="Kỳ báo cáo đang mở")).to_be_visible()
    screenshot("reports-my-reports")
    page.get_by_role("link", name="Lập báo cáo").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Báo cáo Quý [1-4]\/[0-9]{4}$"))).to_be_visible()
    page.get_by_label("Đánh giá chung").fill("Đơn vị đã triển khai đầy đủ các phong trào thi đua trong quý.")
    page.get_by_label("Khó khăn, vướng mắc").fill("Nhân lực còn kiêm nhiệm.")
    for box in page.locator("textarea[name$='_activities']").all():  # submitting needs each campaign's part
        box.fill("Đã tổ chức triển khai phong trào tại đơn vị.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    screenshot("reports-form")
    page.get_by_role("button", name="Nộp báo cáo").click()
    # On time or late depends on today's date: either way the report is kept.
    expect(page.locator(".alert", has_text="Báo cáo đã được nộp")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã nộp")).to_be_visible()
    report_url = page.url
    report = QuarterlyReport.objects.get(
        organization__code="so-tttt-gia-lai", status="submitted", is_illustrative=False
    )

    page.context.clear_cookies()
    page = login("vutdkt")
    page.locator("header nav").get_by_role("link", name="Theo dõi báo cáo").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Báo cáo quý năm \d{4}$"))).to_be_visible()
    screenshot("reports-matrix")
    page.goto(report_url)
    page.locator("#id_return-comment").fill("Đề nghị bổ sung số liệu so với chỉ tiêu của phong trào.")
    page.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị.")).to_be_visible()
    expect(page.locator(".badge", has_text="Trả lại để chỉnh sửa")).to_be_visible()
    screenshot("reports-returned")

    page.context.clear_cookies()
    page = login("gialai")
    page.goto(report_url)
    expect(page.get_by_text("Đề nghị bổ sung số liệu so với chỉ tiêu của phong trào.")).to_be_visible()
    page.get_by_role("link", name="Chỉnh sửa báo cáo").click()
    expect(page.locator(".alert-warning")).to_contain_text("Đề nghị bổ sung số liệu")
    page.get_by_label("Đánh giá chung").fill("Đã bổ sung số liệu theo ý kiến của Vụ Thi đua - Khen thưởng.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".badge", has_text="Đã nộp")).to_be_visible()

    page.context.clear_cookies()
    page = login("vutdkt")
    page.goto(report_url)
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo.")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã tiếp nhận")).to_be_visible()
    screenshot("reports-accepted")
    page.get_by_role("link", name="Đơn vị trong kỳ này: đôn đốc, miễn báo cáo, ngoại lệ").click()
    expect(page.get_by_role("heading", name="Sở Thông tin và Truyền thông tỉnh Gia Lai")).to_be_visible()
    screenshot("reports-unit-period")
    page.goto(live_server.url + "/")
    expect(page.get_by_text("Tác vụ đôn đốc chưa chạy lần nào")).to_be_visible()
    screenshot("reports-home-staff")

    report.refresh_from_db()
    assert report.status == "accepted"
    assert report.summary.startswith("Đã bổ sung số liệu")
    assert [c.to_status for c in report.history.all()] == ["draft", "submitted", "returned", "submitted", "accepted"]

    # Staff find a unit in the matrix, export it, remind it by hand and excuse it.
    page.locator("header nav").get_by_role("link", name="Theo dõi báo cáo").click()
    page.get_by_label("Tìm theo tên").fill("dong thap")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("tbody th[scope=row]")).to_have_text(["Sở TTTT Đồng Tháp"])
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất CSV").click()
    exported = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert "Sở Thông tin và Truyền thông tỉnh Đồng Tháp" in exported
    assert "Gia Lai" not in exported

    dong_thap = Organization.objects.get(code=department_code("Đồng Tháp"))
    open_period = selectors.open_periods().first()
    page.goto(live_server.url + reverse("reports:unit_period", args=[open_period.pk, dong_thap.pk]))
    page.get_by_role("button", name="Gửi đôn đốc ngay").click()
    expect(page.get_by_text("Đang gửi đôn đốc đến đơn vị.")).to_be_visible()
    expect(page.get_by_role("cell", name="Nhắc thủ công", exact=False).first).to_be_visible()
    excuse = page.locator("details", has_text="Miễn báo cáo kỳ này cho đơn vị")
    excuse.get_by_text("Miễn báo cáo kỳ này cho đơn vị").click()
    excuse.get_by_label("Lý do").fill("Đơn vị đang thực hiện sắp xếp, hợp nhất.")
    screenshot("reports-unit-period-actions")
    excuse.get_by_role("button", name="Miễn báo cáo", exact=True).click()
    expect(page.get_by_text("Đã miễn báo cáo kỳ này cho đơn vị.")).to_be_visible()
    assert Reminder.objects.filter(organization=dong_thap, period=open_period, rule="manual").exists()
    excused = QuarterlyReport.objects.get(organization=dong_thap, period=open_period)
    assert (excused.status, excused.excuse_reason) == ("excused", "Đơn vị đang thực hiện sắp xếp, hợp nhất.")

    # A period of last year is locked: staff let one unit that never reported submit after all.
    locked = ReportingPeriod.objects.get(year=timezone.localdate().year - 1, quarter=1)
    late_unit = next(
        unit
        for unit in selectors.reporting_units(locked).order_by("code")
        if not QuarterlyReport.objects.filter(organization=unit, period=locked).exists()
    )
    page.goto(live_server.url + reverse("reports:unit_period", args=[locked.pk, late_unit.pk]))
    exception = page.locator("details", has_text="Cho phép nộp sau khóa sổ")
    exception.get_by_text("Cho phép nộp sau khóa sổ").click()
    exception.get_by_label("Lý do").fill("Đơn vị bị ảnh hưởng bởi bão lũ.")
    until = timezone.localdate() + datetime.timedelta(days=7)
    exception.get_by_label("Được nộp đến hết ngày").fill(f"{until:%Y-%m-%d}")
    screenshot("reports-unit-period-exception")
    exception.get_by_role("button", name="Cho phép", exact=True).click()
    expect(page.get_by_text("Đơn vị được phép nộp báo cáo đến hết ngày đã chọn.")).to_be_visible()
    assert LockException.objects.get(organization=late_unit, period=locked).reason == "Đơn vị bị ảnh hưởng bởi bão lũ."
