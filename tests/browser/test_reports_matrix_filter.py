"""Staff filter the report matrix by review status and see only the units it names."""

import tempfile
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from reports import selectors

SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots: for a person to look at


def test_staff_filter_the_matrix_by_reports_awaiting_review(login, demo, page, screenshot):
    year = timezone.localdate().year
    # A quarter whose reports awaiting review fit on one page (the demo's open quarter has two).
    quarter, waiting = next(
        (q, units)
        for q in (4, 3, 2, 1)
        if 0 < len(units := list(selectors.matrix_units(year, status="submitted", quarter=q))) <= 50
    )

    page = login("vutdkt")
    page.locator("header nav").get_by_role("link", name="Theo dõi báo cáo").click()
    everyone = page.locator("tbody th[scope=row]").count()
    page.get_by_label("Tình trạng xem xét").select_option(label="Đã nộp, chờ xem xét")
    page.get_by_label("Trong quý").select_option(label=f"Quý {quarter}")
    page.get_by_role("button", name="Lọc").click()

    rows = page.locator("tbody tr")
    expect(page.locator("tbody th[scope=row]")).to_have_text([unit.short_name or unit.name for unit in waiting])
    assert len(waiting) < everyone
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("Chờ xem xét")  # each unit shown has a report awaiting review
    expect(page.get_by_label("Tình trạng xem xét")).to_have_value("submitted")  # the choice stays on screen
    assert f"status=submitted&quarter={quarter}" in page.get_by_role("link", name="Xuất CSV").get_attribute("href")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "reports-matrix-awaiting-review.png", full_page=True)
    screenshot("reports-matrix-awaiting-review")
