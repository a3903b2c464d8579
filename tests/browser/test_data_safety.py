"""Two people edit one report at once: the second is told, sees the other text beside their own, and merges."""

import re

from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from reports.models import QuarterlyReport
from tests.browser.conftest import SCREENSHOTS

SAVE = re.compile("^Lưu (bản )?nháp$")


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_the_second_of_two_editors_sees_the_conflict_and_merges(demo, live_server, browser, browser_context_args):
    first = browser.new_context(**browser_context_args).new_page()
    second = browser.new_context(**browser_context_args).new_page()
    for page in (first, second):
        _log_in(page, live_server, "gialai")
    first.goto(f"{live_server.url}/reports/")
    first.get_by_role("link", name="Lập báo cáo").first.click()
    expect(first.get_by_role("heading", name=re.compile(r"^Báo cáo Quý [1-4]\/[0-9]{4}$"))).to_be_visible()
    second.goto(first.url)  # both forms drawn before either is saved

    first.get_by_label("Đánh giá chung").fill("Đánh giá của cán bộ thứ nhất: đã hoàn thành kế hoạch quý.")
    first.get_by_role("button", name=SAVE).click()
    expect(first.get_by_text("Đã lưu bản nháp.")).to_be_visible()

    second.get_by_label("Đánh giá chung").fill("Đánh giá của cán bộ thứ hai: cần bổ sung số liệu.")
    second.get_by_role("button", name=SAVE).click()
    alert = second.locator("#conflict")
    expect(alert).to_contain_text("Người khác đã lưu báo cáo này trong khi bạn đang sửa")
    other = second.locator('[data-conflict-other="summary"]')
    expect(other).to_have_text("Đánh giá của cán bộ thứ nhất: đã hoàn thành kế hoạch quý.")
    expect(second.get_by_label("Đánh giá chung")).to_have_value("Đánh giá của cán bộ thứ hai: cần bổ sung số liệu.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=SCREENSHOTS / "data-safety-conflict.png", full_page=True)

    report = QuarterlyReport.objects.get(organization__code="so-tttt-gia-lai", status="draft", is_illustrative=False)
    assert report.summary == "Đánh giá của cán bộ thứ nhất: đã hoàn thành kế hoạch quý."

    merged = "Đánh giá của cán bộ thứ nhất: đã hoàn thành kế hoạch quý. Cần bổ sung số liệu."
    second.get_by_label("Đánh giá chung").fill(merged)
    second.get_by_role("button", name=SAVE).click()
    expect(second.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    report.refresh_from_db()
    assert report.summary == merged

    # The first editor's page is now the stale one: its next save is refused the same way.
    first.get_by_label("Đề xuất, kiến nghị").fill("Đề xuất của cán bộ thứ nhất")
    first.get_by_role("button", name=SAVE).click()
    expect(first.locator("#conflict")).to_be_visible()
    report.refresh_from_db()
    assert report.summary == merged
    assert report.proposals == ""


def test_staff_record_a_decision_once_then_correct_it_with_a_reason(demo, login, live_server, page, screenshot):
    from clusters.models import Cluster, ClusterTerm

    page.on("dialog", lambda dialog: dialog.accept())
    term = ClusterTerm.objects.get(cluster=Cluster.objects.get(kind="cluster", number=6), year=2020)
    page = login("vutdkt")
    page.goto(f"{live_server.url}/clusters/terms/{term.pk}/decision/")
    # Test data only, marked as such: the demo records no decision for 2020.
    page.get_by_label("Số quyết định").fill("01/QĐ-MH (minh họa)")
    page.get_by_label("Ngày quyết định").fill("05/03/2020")  # the day before the conference
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("không thể trước ngày hội nghị")).to_be_visible()
    page.get_by_label("Ngày quyết định").fill("10/04/2020")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Đã ghi nhận quyết định công nhận.")).to_be_visible()

    # Recording it again leads to the audited correction instead.
    page.goto(f"{live_server.url}/clusters/terms/{term.pk}/decision/")
    expect(page.get_by_role("heading", name="Điều chỉnh nhiệm kỳ đã công nhận")).to_be_visible()
    page.get_by_label("Số quyết định công nhận").fill("02/QĐ-MH (minh họa)")
    page.get_by_label("Lý do điều chỉnh").fill("Nhập nhầm số quyết định (minh họa).")
    page.get_by_role("button", name="Ghi nhận điều chỉnh").click()
    expect(page.get_by_text("Đã ghi nhận điều chỉnh.")).to_be_visible()
    page.goto(f"{live_server.url}/clusters/terms/{term.pk}/correct/")
    expect(page.get_by_text("01/QĐ-MH (minh họa) → 02/QĐ-MH (minh họa)")).to_be_visible()
    screenshot("data-safety-term-correction")
    term.refresh_from_db()
    assert term.decision_number == "02/QĐ-MH (minh họa)"
    assert term.corrections.get().reason == "Nhập nhầm số quyết định (minh họa)."
