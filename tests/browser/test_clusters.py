import re

from playwright.sync_api import expect

from .test_accessibility import serious_violations

NAV = "header nav"


def test_chair_unit_drafts_pledge_and_member_signs(login, demo, page, screenshot):
    page = login("gialai")
    page.locator(NAV).get_by_role("link", name="Cụm, khối thi đua").click()
    expect(page.get_by_role("heading", name="Cụm, khối thi đua năm 2025")).to_be_visible()
    screenshot("clusters-list")
    page.get_by_role("link", name="Cụm thi đua số 6").click()
    expect(page.get_by_role("heading", name="Thành viên năm 2025")).to_be_visible()
    screenshot("clusters-detail-gialai")
    assert serious_violations(page) == []

    # Gia Lai chairs Cụm 6 in (illustrative) 2025: it drafts the pledge from the 2024 criteria.
    page.get_by_role("link", name="Soạn giao ước thi đua năm 2025").click()
    criteria = page.get_by_label("Tiêu chí")
    expect(criteria).to_have_value(re.compile(r"^Tăng cường hướng dẫn, kiểm tra"))
    page.get_by_label("Ngày ký kết").fill("2025-03-14")
    page.get_by_label("Địa điểm ký kết").fill("tỉnh Gia Lai (minh họa)")
    screenshot("clusters-pledge-form")
    page.get_by_role("button", name="Lưu giao ước").click()
    expect(page.get_by_role("heading", name="Giao ước thi đua năm 2025 — Cụm thi đua số 6")).to_be_visible()
    expect(page.get_by_role("heading", name="Đã ký: 0/10 đơn vị")).to_be_visible()
    pledge_url = page.url

    # Phú Yên, a member, signs (after confirming) and leaves the "not signed" list.
    page.context.clear_cookies()
    page = login("phuyen")
    page.goto(pledge_url)
    unsigned = page.locator("#unsigned-list")
    expect(unsigned).to_contain_text("Sở TTTT Phú Yên")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký giao ước cho đơn vị").click()
    expect(page.get_by_text("Đơn vị của bạn đã ký giao ước.")).to_be_visible()
    expect(page.get_by_role("heading", name="Đã ký: 1/10 đơn vị")).to_be_visible()
    expect(unsigned).not_to_contain_text("Sở TTTT Phú Yên")
    expect(page.get_by_role("button", name="Ký giao ước cho đơn vị")).to_have_count(0)
    screenshot("clusters-pledge-signed")
    assert serious_violations(page) == []


def test_member_sees_published_illustrative_ranking(login, demo, page, screenshot):
    page = login("phuyen")
    page.locator(NAV).get_by_role("link", name="Cụm, khối thi đua").click()
    page.get_by_role("link", name="Cụm thi đua số 6").click()
    page.get_by_role("link", name="2024", exact=True).click()
    page.get_by_role("link", name="Giao ước năm 2024").click()
    expect(page.get_by_text("minh họa").first).to_be_visible()
    ranking = page.locator("#ranking-heading").locator("xpath=..")
    expect(ranking).to_contain_text("Sở TTTT Đắk Lắk")
    expect(ranking).to_contain_text("đồng hạng")
    screenshot("clusters-ranking-2024")
    assert serious_violations(page) == []
