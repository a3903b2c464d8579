"""Leadership opens the dashboard, asks for the Q3/2025 compliance PDF, watches it build and downloads it.

A real Celery worker builds the file, so the waiting page polls (htmx) until it is ready.
"""

import subprocess

import pytest
from playwright.sync_api import expect

from reports import selectors
from reports.models import ReportingPeriod
from summaries.models import SummaryFile

from .conftest import SCREENSHOTS


@pytest.mark.worker
def test_leadership_downloads_the_quarterly_compliance_pdf(login, demo, celery_worker, page, screenshot, tmp_path):
    period = ReportingPeriod.objects.get(year=2025, quarter=3)
    rates = selectors.period_rates(period)

    page = login("lanhdao")
    expect(page.get_by_role("heading", name="Tổng hợp và báo cáo tổng hợp")).to_be_visible()  # the home panel
    page.locator("header nav").get_by_role("link", name="Tổng hợp").click()
    expect(page.get_by_role("heading", name="Tổng hợp công tác thi đua, khen thưởng")).to_be_visible()
    expect(page.get_by_role("img", name="Tỷ lệ nộp báo cáo và nộp đúng hạn theo quý")).to_be_visible()
    screenshot("summaries-dashboard")

    form = page.locator("form", has=page.locator("input[name=kind][value=compliance]"))
    form.get_by_label("Kỳ báo cáo").select_option(label="Quý 3/2025")
    form.get_by_role("button", name="PDF").click()
    expect(page.get_by_role("heading", name="Tình hình nộp báo cáo quý, Quý 3/2025")).to_be_visible()
    screenshot("summaries-waiting")

    expect(page.get_by_text("Tệp đã sẵn sàng.")).to_be_visible(timeout=90_000)
    screenshot("summaries-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp PDF").click()
    download = download_info.value
    assert download.suggested_filename == "tong-hop-bao-cao-quy-3-2025.pdf"
    path = tmp_path / "summary.pdf"
    download.save_as(path)

    # Fixed poppler-utils commands (a declared system dependency) on the file just downloaded.
    command = ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"]
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số đơn vị phải báo cáo: {rates.expected}" in text
    assert "Tình hình nộp báo cáo quý, Quý 3/2025".upper() in text
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in text
    assert "Trang 1/" in text
    summary = SummaryFile.objects.get(kind="compliance", format="pdf")
    assert summary.requested_by.username == "lanhdao"

    # A picture of the first page, for a person to look at.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path)]
    subprocess.run([*picture, str(SCREENSHOTS / "summaries-pdf-page1")], check=True)  # noqa: S603

    # Asking again for the same data reuses the file.
    page.goto(page.url.split("/dashboard/")[0] + "/dashboard/")
    form = page.locator("form", has=page.locator("input[name=kind][value=compliance]"))
    form.get_by_label("Kỳ báo cáo").select_option(label="Quý 3/2025")
    form.get_by_role("button", name="PDF").click()
    expect(page.get_by_text("Tệp đã sẵn sàng.")).to_be_visible()
    assert SummaryFile.objects.filter(kind="compliance", format="pdf").count() == 1

    # Printing the dashboard leaves out navigation, filters and buttons.
    page.goto(page.url.split("/dashboard/")[0] + "/dashboard/")
    page.emulate_media(media="print")
    expect(page.locator("header.portal-header")).to_be_hidden()
    expect(page.get_by_role("button", name="PDF").first).to_be_hidden()
    expect(page.get_by_role("img", name="Tỷ lệ nộp báo cáo và nộp đúng hạn theo quý")).to_be_visible()
    screenshot("summaries-dashboard-print")


def test_the_dashboard_and_a_summary_page_are_accessible(browser, demo, live_server):
    from accounts.demo import DEMO_PASSWORD

    from .test_accessibility import serious_violations

    # axe is injected as a script tag, which the portal's Content-Security-Policy refuses.
    context = browser.new_context(bypass_csp=True, locale="en-US", viewport={"width": 1366, "height": 860})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/dashboard/")
    assert serious_violations(page) == []
    form = page.locator("form", has=page.locator("input[name=kind][value=compliance]"))
    form.get_by_role("button", name="XLSX").click()  # built at once: tasks run eagerly here
    expect(page.get_by_text("Tệp đã sẵn sàng.")).to_be_visible()
    assert serious_violations(page) == []
    context.close()
