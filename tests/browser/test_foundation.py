import re

import pytest
from playwright.sync_api import expect

NAV = "header nav"


def test_login_page_is_vietnamese(page, live_server, demo, screenshot):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Cổng thông tin Thi đua - Khen thưởng")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    screenshot("login")


def test_wrong_password_is_refused_in_vietnamese(login, demo):
    page = login("gialai", "sai-mat-khau")
    expect(page.get_by_text("Tên đăng nhập/e-mail hoặc mật khẩu không đúng")).to_be_visible()


@pytest.mark.parametrize(
    ("username", "role", "offered", "not_offered"),
    [
        ("vutdkt", "Cán bộ Vụ Thi đua - Khen thưởng", ["Trang chủ", "Tổ chức"], []),
        ("lanhdao", "Lãnh đạo Bộ", ["Trang chủ", "Tổ chức"], []),
        ("gialai", "Cán bộ đơn vị", ["Trang chủ"], ["Tổ chức"]),
        ("phuyen", "Cán bộ đơn vị", ["Trang chủ"], ["Tổ chức"]),
    ],
)
def test_each_role_sees_its_navigation(login, demo, screenshot, username, role, offered, not_offered):
    page = login(username)
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    expect(page.locator("header")).to_contain_text(role)
    nav = page.locator(NAV)
    for label in offered:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in not_offered:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    screenshot(f"home-{username}")


def test_language_switch(login, demo, screenshot):
    page = login("vutdkt")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    expect(page.locator(NAV).get_by_role("link", name="Organisations")).to_be_visible()
    screenshot("home-vutdkt-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()


def test_officer_is_refused_the_organisation_list(login, demo, live_server, screenshot):
    page = login("gialai")
    response = page.goto(live_server.url + "/accounts/organizations/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
    screenshot("refused-officer")


def test_staff_searches_organisations_and_logs_out(login, demo, screenshot):
    page = login("vutdkt")
    page.locator(NAV).get_by_role("link", name="Tổ chức").click()
    page.get_by_label("Tìm kiếm").fill("Đắk Lắk")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name="Sở Thông tin và Truyền thông tỉnh Đắk Lắk")).to_be_visible()
    screenshot("organizations")
    page.locator("#userMenu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
