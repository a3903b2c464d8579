"""Staff record a directive and the campaign it launches; a unit officer then finds it at home."""

import re

from django.utils import timezone
from playwright.sync_api import expect

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def test_staff_record_a_directive_and_campaign_that_an_officer_sees(login, demo, live_server, page, screenshot):
    year = timezone.localdate().year
    page = login("vutdkt")
    page.locator("header nav").get_by_role("link", name="Chỉ thị và phong trào").click()
    page.get_by_role("link", name="Chỉ thị", exact=True).click()
    page.get_by_role("link", name="Thêm chỉ thị").click()

    page.locator("#id_number").fill("103/CT-BTTTT")
    page.locator("#id_year").fill(str(year))
    page.locator("#id_title").fill("Về công tác thi đua, khen thưởng (thử nghiệm)")
    page.locator("#id_attachment").set_input_files(
        files=[{"name": "chi-thi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lưu chỉ thị").click()
    # The demo already holds 103/CT-BTTTT: the refusal is clear, and in Vietnamese.
    expect(page.get_by_text("Đã có chỉ thị mang số này.")).to_be_visible()
    screenshot("campaigns-directive-duplicate")

    page.locator("#id_number").fill("15/CT-THUNGHIEM")
    page.locator("#id_attachment").set_input_files(
        files=[{"name": "chi-thi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lưu chỉ thị").click()
    expect(page.get_by_text("Đã lưu chỉ thị 15/CT-THUNGHIEM.")).to_be_visible()
    expect(page.get_by_role("link", name="Tải xuống")).to_be_visible()

    page.get_by_role("link", name="Thêm phong trào").click()
    expect(page.locator("#id_directive")).to_have_value(re.compile(r"\d+"))
    page.locator("#id_name").fill("Phong trào thi đua chuyển đổi số (thử nghiệm)")
    page.locator("#id_kind").select_option("thematic")
    page.locator("#id_start_date").fill(f"{year}-01-01")
    page.locator("#id_end_date").fill(f"{year}-12-31")
    page.get_by_label("Kinh tế số").check()
    # Only Gia Lai takes part: found by typing its name without diacritics in the picker.
    expect(page.get_by_placeholder("Gõ để tìm đơn vị")).to_be_hidden()
    page.get_by_label("Tất cả các đơn vị cùng tham gia").uncheck()
    page.get_by_placeholder("Gõ để tìm đơn vị").fill("gia lai")
    picker = page.locator("[data-participant-picker]")
    expect(picker.locator("[data-picker-option]:visible")).to_have_count(1)
    picker.get_by_label("Sở Thông tin và Truyền thông tỉnh Gia Lai").check()
    expect(picker).to_contain_text("Đã chọn 1 đơn vị")
    screenshot("campaigns-participants-picker")
    page.locator("#id_tasks-0-text").fill("Đẩy mạnh chuyển đổi số trong hoạt động của đơn vị.")
    page.locator("#id_tasks-1-text").fill("Phát hiện, nhân rộng điển hình tiên tiến.")
    page.locator("#id_themes-0-year").fill(str(year))
    page.locator("#id_themes-0-text").fill("Thi đua đổi mới, sáng tạo, đi đầu chuyển đổi số")
    page.locator("#id_targets-0-field").select_option(label="Kinh tế số")
    page.locator("#id_targets-0-text").fill("Tỷ lệ doanh nghiệp công nghệ số trên 1.000 dân đạt 0,7")
    page.locator("#id_targets-0-metric").fill("Doanh nghiệp công nghệ số trên 1.000 dân")
    page.locator("#id_targets-0-direction").select_option("at_least")
    page.locator("#id_targets-0-target_value").fill("không phẩy bảy")
    page.get_by_role("button", name="Lưu phong trào").click()
    expect(page.get_by_text("Giá trị chỉ tiêu phải là một số.")).to_be_visible()
    screenshot("campaigns-campaign-form-error")

    page.locator("#id_targets-0-target_value").fill("0,7")
    # One more task through the "add a row" button.
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    page.locator("#id_tasks-2-text").fill("Sơ kết, tổng kết phong trào.")
    page.get_by_role("button", name="Lưu phong trào").click()
    expect(page.get_by_text("Đã lưu phong trào thi đua.")).to_be_visible()
    expect(page.get_by_role("heading", name="Phong trào thi đua chuyển đổi số (thử nghiệm)")).to_be_visible()
    expect(page.get_by_text("“Thi đua đổi mới, sáng tạo, đi đầu chuyển đổi số”")).to_be_visible()
    expect(page.locator(".campaign-tasks li")).to_have_count(3)
    expect(page.get_by_text("≥ 0,7")).to_be_visible()
    screenshot("campaigns-campaign-detail")

    page.context.clear_cookies()
    page = login("gialai")
    panel = page.locator("#panel-campaigns").locator("xpath=ancestor::section")
    expect(panel).to_contain_text("Phong trào thi đua chuyển đổi số (thử nghiệm)")
    expect(panel).to_contain_text("Thi đua đổi mới, sáng tạo, đi đầu chuyển đổi số")
    screenshot("campaigns-officer-home")
    panel.get_by_role("link", name="Phong trào thi đua chuyển đổi số (thử nghiệm)").click()
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    expect(page.get_by_text("15/CT-THUNGHIEM")).to_be_visible()


def test_demo_campaign_pages(login, demo, live_server, page, screenshot):
    page = login("phuyen")
    page.goto(f"{live_server.url}/campaigns/?year=2022")
    screenshot("campaigns-list-2022")
    page.get_by_role("link", name="Phong trào thi đua ngành Thông tin và Truyền thông năm 2022").click()
    expect(page.get_by_text("Toàn ngành Thông tin và Truyền thông thi đua đổi mới")).to_be_visible()
    expect(page.get_by_text("≤ 46")).to_be_visible()
    screenshot("campaigns-demo-2022")
    page.get_by_role("link", name="103/CT-BTTTT").first.click()
    expect(page.get_by_role("heading", name="Về công tác thi đua, khen thưởng năm 2022")).to_be_visible()
    screenshot("campaigns-directive-103")


def test_campaign_pages_are_accessible(login, demo, live_server, page):
    from campaigns.models import Campaign, Directive

    from .test_accessibility import serious_violations

    campaign = Campaign.objects.get(directive__number="103/CT-BTTTT", kind=Campaign.Kind.REGULAR)
    directive = Directive.objects.get(number="103/CT-BTTTT")
    page = login("vutdkt")
    for path in (
        "/campaigns/",
        "/campaigns/directives/",
        campaign.get_absolute_url(),
        directive.get_absolute_url(),
        f"/campaigns/{campaign.pk}/edit/",
        "/campaigns/directives/new/",
        "/campaigns/fields/",
    ):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
