"""An officer files a nomination with its dossier; staff take a proposal to the council and record the
decision; leadership sees the awardees.

The council's vote itself is team VOTING's journey (tests/browser/test_awards_voting.py): here the
council members' ballots are cast through awards.voting between the staff's pages.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from awards import voting, workflow
from awards.models import AwardDecision, CouncilMember, Nomination, Vote

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n"
)


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_officer_files_a_nomination_with_its_dossier(login, demo, live_server, page, screenshot):
    page.on("dialog", lambda dialog: dialog.accept())
    page = login("gialai")
    page.locator("header nav").get_by_role("link", name="Đề nghị khen thưởng").click()
    expect(page.get_by_role("heading", name="Đề nghị khen thưởng")).to_be_visible()
    screenshot("awards-nomination-list-officer")
    page.get_by_role("link", name="Lập đề nghị mới").first.click()

    # Gia Lai was vice-chair of Cụm 6 in 2024: the Ministry's flag is refused, with the reason.
    page.get_by_label("Hình thức khen thưởng").select_option(label="Cờ thi đua của Bộ")
    page.get_by_label("Năm thành tích").fill("2024")
    page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ chuyển đổi số (thử nghiệm).")
    page.get_by_label("Tờ trình", exact=True).set_input_files(_pdf("to-trinh.pdf"))
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Không thể lưu đề nghị:")).to_be_visible()
    expect(page.locator(".alert-danger")).to_contain_text("chỉ xét tặng đơn vị dẫn đầu cụm thi đua năm 2024")
    expect(page.locator(".alert-danger")).to_contain_text("Hãy chọn lại các tệp hồ sơ")
    screenshot("awards-nomination-form-ineligible")

    page.get_by_label("Hình thức khen thưởng").select_option(label="Bằng khen của Bộ trưởng")
    page.get_by_label("Tờ trình", exact=True).set_input_files(_pdf("to-trinh.pdf"))
    page.get_by_label("Báo cáo thành tích", exact=True).set_input_files(_pdf("bao-cao-thanh-tich.pdf"))
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đề nghị đã được lưu dạng bản nháp.")).to_be_visible()
    expect(page.get_by_role("link", name="bao-cao-thanh-tich.pdf")).to_be_visible()
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_text("Đề nghị đã được gửi để bình xét.")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã gửi")).to_be_visible()
    screenshot("awards-nomination-detail-submitted")
    nomination = Nomination.objects.get(proposing_organization__code="so-tttt-gia-lai", year=2024)
    assert nomination.status == workflow.SUBMITTED
    assert nomination.files.count() == 2
    assert nomination.cluster.name == "Cụm thi đua số 6"

    # Another unit's officer cannot open it.
    page.context.clear_cookies()
    page = login("phuyen")
    response = page.goto(live_server.url + nomination.get_absolute_url())
    assert response.status == 404


def test_staff_take_the_proposal_to_the_council_and_leadership_sees_the_awardees(
    login, demo, live_server, page, screenshot
):
    page.on("dialog", lambda dialog: dialog.accept())
    flag = Nomination.objects.get(award_type__code="co-thi-dua-bo", year=2024, status=workflow.PROPOSED)
    page = login("vutdkt")
    page.goto(live_server.url + reverse("awards:nomination_list") + "?status=proposed")
    expect(page.get_by_role("link", name=flag.nominee_name)).to_be_visible()
    screenshot("awards-nomination-list-staff")
    page.get_by_role("link", name="Phiên họp Hội đồng").click()
    page.get_by_role("link", name="Phiên họp Hội đồng mới").click()
    page.get_by_label("Tên phiên họp").fill(
        "Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm 2024 (minh họa)"
    )
    page.get_by_label("Kết quả năm").fill("2024")
    page.get_by_label("Địa điểm").fill("Hà Nội")
    page.get_by_role("checkbox", name="Trần Thị Minh").check()
    page.get_by_role("checkbox", name="Phạm Văn Quang").check()
    page.get_by_role("button", name="Tạo phiên họp").click()
    expect(page.get_by_text("Phiên họp Hội đồng đã được tạo.")).to_be_visible()
    page.get_by_label(re.compile(flag.nominee_name)).check()
    page.get_by_role("button", name="Trình Hội đồng").click()
    expect(page.get_by_text("Các đề nghị đã được trình Hội đồng.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Chuẩn bị bỏ phiếu của Hội đồng")).click()
    vote = Vote.objects.get(body="council")
    council_url = reverse("awards:council_detail", args=[vote.council_session_id])

    # The council votes (team VOTING's pages): both members agree, 2 of 2 ≥ 90 %.
    staff = User.objects.get(username="vutdkt")
    voting.open_vote(vote, by=staff)
    vote.refresh_from_db()
    item = vote.items.get()
    for member in CouncilMember.objects.filter(session=vote.council_session):
        voting.cast_ballot(vote, by=member.user, choices={item.pk: "yes"}, council_member=member)
    voting.close_vote(vote, by=staff)

    page.goto(live_server.url + council_url)
    expect(page.locator("td", has_text="thông qua").first).to_be_visible()
    screenshot("awards-council-detail")
    page.get_by_role("link", name="Ghi nhận quyết định khen thưởng").click()
    page.locator("#id_number").fill("215")
    page.locator("#id_signer").fill("Nguyễn Văn Thử (minh họa)")
    page.get_by_label("Chức vụ người ký").fill("Bộ trưởng")
    expect(page.get_by_label(re.compile(flag.nominee_name))).to_be_checked()
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Quyết định đã được ghi nhận.")).to_be_visible()
    decision = AwardDecision.objects.get(number="215")
    flag.refresh_from_db()
    assert flag.status == workflow.APPROVED
    screenshot("awards-decision-detail")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Đề nghị khen thưởng")).to_be_visible()
    screenshot("awards-home-staff")
    pdf = page.request.get(live_server.url + reverse("awards:decision_pdf", args=[decision.pk]))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.context.clear_cookies()
    page = login("lanhdao")
    page.goto(live_server.url + reverse("awards:decision_list"))
    page.get_by_role("link", name="215/QĐ-BKHCN").click()
    expect(page.get_by_role("heading", name="Quyết định 215/QĐ-BKHCN")).to_be_visible()
    page.get_by_role("link", name=flag.nominee_name).click()
    expect(page.get_by_role("heading", name="Khen thưởng đã nhận")).to_be_visible()
    expect(page.locator("#h-awardees ~ div")).to_contain_text("Cờ thi đua của Bộ")
    screenshot("awards-unit-awardees")


def _refused_links(page, base, start, limit=60):
    """Two clicks deep from `start`, the links in <main> that answer 403 or 404: [(page, link, status)]."""
    queue, visited, checked, refused = list(start), set(), {}, []
    for depth in (0, 1):
        next_queue = []
        for path in queue:
            if path in visited or len(visited) > limit:
                continue
            visited.add(path)
            page.goto(base + path)
            hrefs = page.eval_on_selector_all("main a[href^='/']", "links => links.map((a) => a.getAttribute('href'))")
            for href in hrefs:
                href = href.split("#")[0]
                if not href or "/logout" in href or "/export" in href or "/files/" in href or href.endswith(".pdf"):
                    continue
                if href not in checked:
                    checked[href] = page.request.get(base + href).status
                if checked[href] in (403, 404):
                    refused.append((path, href, checked[href]))
                elif depth == 0 and href.startswith("/awards/"):
                    next_queue.append(href)
        queue = next_queue
    return refused, visited


@pytest.mark.parametrize("username", ["gialai", "phuyen"])
def test_officer_sees_no_awards_link_that_leads_to_a_refusal(login, demo, live_server, page, username):
    """From the awards pages an officer can open, no link answers 403 (e.g. the organisation page) or 404."""
    page = login(username)
    mine = Nomination.objects.filter(proposing_organization__users__username=username).values_list("pk", flat=True)
    start = ["/", reverse("awards:nomination_list")] + [reverse("awards:nomination_detail", args=[pk]) for pk in mine]
    vote = Vote.objects.filter(status=Vote.Status.OPEN, meeting__isnull=False).first()
    if vote is not None:
        start += [vote.get_absolute_url(), reverse("awards:meeting_detail", args=[vote.meeting_id])]
    refused, visited = _refused_links(page, live_server.url, start)
    assert any(path.startswith("/awards/") for path in visited)
    assert refused == [], refused


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 860}


def _fits_the_screen(page):
    """No horizontal scrolling of the whole page."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(("size", "viewport"), [("390", PHONE), ("desktop", DESKTOP)])
def test_awards_pages_read_well_on_a_phone_and_a_desktop(login, demo, live_server, page, screenshot, size, viewport):
    page.set_viewport_size(viewport)
    page = login("gialai")
    panel = page.locator("#panel-nominations").locator("xpath=ancestor::section[1]")
    expect(panel).to_be_visible()
    for badge in panel.locator(".badge").all():
        box = badge.bounding_box()
        # A readable label: at least a short word wide, not a blob, and inside the card.
        assert box["width"] > 40, badge.inner_text()
        assert box["height"] < 48, badge.inner_text()  # at most two lines, not stretched to the row
        assert box["x"] + box["width"] <= viewport["width"]
    assert _fits_the_screen(page)
    screenshot(f"awards-home-{size}")
    page.goto(live_server.url + reverse("awards:nomination_list"))
    expect(page.get_by_role("heading", name="Đề nghị khen thưởng")).to_be_visible()
    assert _fits_the_screen(page)
    screenshot(f"awards-nomination-list-{size}")
    nomination = Nomination.objects.filter(proposing_organization__code="so-tttt-gia-lai").order_by("-year").first()
    page.goto(live_server.url + nomination.get_absolute_url())
    assert _fits_the_screen(page)
    screenshot(f"awards-nomination-detail-{size}")
    vote = Vote.objects.filter(status=Vote.Status.OPEN, meeting__isnull=False).first()
    page.goto(live_server.url + reverse("awards:meeting_detail", args=[vote.meeting_id]))
    assert _fits_the_screen(page)
    screenshot(f"awards-conference-{size}")
    page.goto(live_server.url + vote.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Đang mở")
    assert _fits_the_screen(page)
    screenshot(f"awards-vote-{size}")


@pytest.mark.parametrize(("size", "viewport"), [("390", PHONE), ("desktop", DESKTOP)])
def test_staff_awards_pages_read_well(login, demo, live_server, page, screenshot, size, viewport):
    page.set_viewport_size(viewport)
    page = login("vutdkt")
    expect(page.locator("#panel-nominations")).to_be_visible()
    assert _fits_the_screen(page)
    screenshot(f"awards-home-staff-{size}")
    page.goto(live_server.url + reverse("awards:nomination_list"))
    assert _fits_the_screen(page)
    screenshot(f"awards-nomination-list-staff-{size}")
    decision = AwardDecision.objects.order_by("-signed_on").first()
    if decision is not None:
        page.goto(live_server.url + decision.get_absolute_url())
        assert _fits_the_screen(page)
        screenshot(f"awards-decision-staff-{size}")
