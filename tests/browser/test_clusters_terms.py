"""Journey: staff start a new year, the chair's unit accepts the rotation proposal, staff record the decision."""

from playwright.sync_api import expect

from .test_accessibility import serious_violations

NAV = "header nav"


def _open_cluster_6(page, year=None):
    page.locator(NAV).get_by_role("link", name="Cụm, khối thi đua").click()
    page.get_by_role("link", name="Cụm thi đua số 6").click()
    if year:
        page.get_by_role("link", name=str(year), exact=True).click()


def test_rotation_proposal_accepted_then_recognised(login, demo, page, screenshot):
    # Staff copy Cụm 6's 2025 members into 2026 in one step; the units merged on 1/7/2025 stay out.
    page = login("vutdkt")
    _open_cluster_6(page)
    page.get_by_role("link", name="Lập danh sách thành viên năm 2026").click()
    page.get_by_role("button", name="Sao chép thành viên năm 2025").click()
    expect(page.get_by_text("Đã sao chép 5 thành viên từ năm 2025.")).to_be_visible()
    expect(page.get_by_text("Không sao chép Sở TTTT Kon Tum")).to_be_visible()
    members = page.locator("section[aria-labelledby=members-heading] ol")
    expect(members.locator("li")).to_have_count(5)
    expect(members).not_to_contain_text("Kon Tum")
    screenshot("clusters-members-2026-copied")

    # Gia Lai, chair in 2025, sees the rule's proposal for 2026: its vice-chair Kon Tum has
    # merged, so the next 2025 member still in the cluster (Lâm Đồng) is proposed as chair.
    page.context.clear_cookies()
    page = login("gialai")
    _open_cluster_6(page, 2025)
    page.get_by_role("link", name="Đề xuất Cụm trưởng năm 2026").click()
    proposal = page.locator("section[aria-labelledby=proposal-heading]")
    expect(proposal).to_contain_text("Sở TTTT Lâm Đồng")
    expect(proposal).to_contain_text("Sở TTTT Quảng Ngãi")
    expect(proposal).to_contain_text("không còn là thành viên")
    expect(page.get_by_label("Cụm trưởng").locator("option:checked")).to_have_text("Sở TTTT Lâm Đồng")
    expect(page.get_by_label("Cụm phó").locator("option:checked")).to_have_text("Sở TTTT Quảng Ngãi")
    screenshot("clusters-term-proposal")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ghi nhận Cụm trưởng, Cụm phó").click()
    expect(page.get_by_text("Đã ghi nhận Cụm trưởng, Cụm phó năm 2026.")).to_be_visible()
    row_2026 = page.locator("section[aria-labelledby=terms-heading] tr", has_text="2026")
    expect(row_2026).to_contain_text("Đề xuất theo luân phiên")
    expect(row_2026).to_contain_text("Chờ quyết định công nhận")
    expect(row_2026.get_by_role("link", name="Ghi nhận quyết định")).to_have_count(0)

    # Staff record the Minister's recognising decision, which makes the term final.
    page.context.clear_cookies()
    page = login("vutdkt")
    _open_cluster_6(page)
    page.get_by_role("link", name="2026", exact=True).click()
    row_2026 = page.locator("section[aria-labelledby=terms-heading] tr", has_text="2026")
    row_2026.get_by_role("link", name="Ghi nhận quyết định").click()
    page.get_by_label("Số quyết định").fill("12/QĐ-BKHCN (minh họa)")
    page.get_by_label("Ngày quyết định").fill("2026-03-20")
    screenshot("clusters-decision-form")
    # The decision makes the term final, so the form asks first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Đã ghi nhận quyết định công nhận.")).to_be_visible()
    row_2026 = page.locator("section[aria-labelledby=terms-heading] tr", has_text="2026")
    expect(row_2026).to_contain_text("Đã công nhận: 12/QĐ-BKHCN (minh họa) ngày 20/03/2026")
    screenshot("clusters-term-recognised")
