"""The chair runs the conference; members vote in their own browsers while the chair watches; minutes."""

import datetime
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from awards import workflow
from awards.models import Ballot, VoterRecord
from tests.awards.factories import CertificateAwardTypeFactory, NominationFactory, cluster_with_members
from tests.factories import OrganizationFactory, UserFactory

from .test_accessibility import serious_violations

YEAR = datetime.date.today().year
PROVINCES = ("Gia Lai", "Phú Yên", "Đắk Lắk", "Lâm Đồng")


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as a script tag, which the portal's Content-Security-Policy would block.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def cluster_world(transactional_db):
    """A cluster of four departments in this year: Gia Lai chairs; Phú Yên and Đắk Lắk are nominated."""
    orgs = [
        OrganizationFactory(
            code=f"test-vote-{i}",
            name=f"Sở Thông tin và Truyền thông tỉnh {p}",
            short_name=f"Sở TTTT {p}",
            province=p,
        )
        for i, p in enumerate(PROVINCES)
    ]
    cluster, _members, _term = cluster_with_members(year=YEAR, organizations=orgs)
    cluster.name = "Cụm thi đua thử nghiệm"
    cluster.save()
    award = CertificateAwardTypeFactory()
    for org in orgs[1:3]:
        NominationFactory(
            award_type=award,
            year=YEAR - 1,
            proposing_organization=org,
            nominee_organization=org,
            status=workflow.SUBMITTED,
        )
    users = {}
    for username, org in zip(("chair", "member_b", "member_c", "member_d"), orgs, strict=True):
        users[username] = UserFactory(username=username, organization=org, role=Role.OFFICER, password=DEMO_PASSWORD)
    return cluster, orgs


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _vote_in(page, vote_url, choices=("Đồng ý",)):
    page.goto(vote_url)
    for fieldset in page.locator("form fieldset").all():
        fieldset.get_by_label(choices[0], exact=True).check()
    page.get_by_role("button", name="Bỏ phiếu").click()


def test_chair_runs_the_conference_and_members_vote(
    cluster_world, browser, browser_context_args, live_server, screenshot, page, tmp_path
):
    cluster, orgs = cluster_world
    chair = _login(page, live_server, "chair")
    chair.goto(f"{live_server.url}/clusters/{cluster.pk}/")
    chair.get_by_role("link", name="Hội nghị và bình xét").click()
    chair.get_by_role("link", name="Tạo hội nghị").click()
    chair.get_by_label("Ngày").fill(f"15/01/{YEAR}")
    chair.get_by_label("Địa điểm").fill("Pleiku, tỉnh Gia Lai")
    chair.get_by_label("Đơn vị đăng cai").select_option(label=orgs[0].name)
    screenshot("awards-voting-meeting-form")
    chair.get_by_role("button", name="Tạo hội nghị").click()
    expect(chair.get_by_role("heading", name=re.compile("Hội nghị tổng kết năm"))).to_be_visible()
    expect(chair.locator("#quorum")).to_contain_text("0/4 thành viên có mặt")

    # Attendance: three of four present; the quorum updates live as boxes are ticked.
    for i, org in enumerate(orgs[:3]):
        chair.get_by_label(org.short_name, exact=True).check()
        chair.get_by_label(f"Người đại diện: {org.short_name}").fill(f"Nguyễn Văn {'ABC'[i]}")
    expect(chair.locator("#quorum")).to_contain_text("3/4 thành viên có mặt")
    expect(chair.locator("#quorum")).to_contain_text("đủ túc số")
    chair.get_by_role("button", name="Lưu điểm danh").click()
    expect(chair.locator("#quorum")).to_contain_text("Đã lưu điểm danh.")
    chair.reload()  # what was saved is what the page shows
    expect(chair.get_by_label(f"Người đại diện: {orgs[0].short_name}")).to_have_value("Nguyễn Văn A")
    screenshot("awards-voting-meeting-attendance")
    assert serious_violations(chair) == []

    chair.get_by_role("button", name="Chuẩn bị bỏ phiếu").click()
    chair.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(chair.get_by_text("Đã mở bỏ phiếu")).to_be_visible()
    expect(chair.get_by_text("trên 50 % tổng số thành viên")).to_be_visible()
    counter = chair.get_by_test_id("voted-count")
    expect(counter).to_have_text("0")
    vote_url = chair.url

    # Phú Yên votes in its own browser: its own nomination is recused.
    context_b = browser.new_context(**browser_context_args)
    member_b = _login(context_b.new_page(), live_server, "member_b")
    member_b.goto(vote_url)
    expect(member_b.get_by_text("Sở Thông tin và Truyền thông tỉnh Phú Yên: không tham gia bỏ phiếu")).to_be_visible()
    expect(member_b.locator("form fieldset")).to_have_count(1)
    screenshot_page(member_b, "awards-voting-ballot")
    _vote_in(member_b, vote_url)
    expect(member_b.get_by_text("Đã ghi nhận phiếu bầu kín của đơn vị.")).to_be_visible()
    expect(counter).to_have_text("1", timeout=10_000)  # the chair's page polls every 2 s

    # Đắk Lắk votes; it loaded the ballot twice, and the second submission is refused.
    context_c = browser.new_context(**browser_context_args)
    member_c = _login(context_c.new_page(), live_server, "member_c")
    second_tab = context_c.new_page()
    second_tab.on("dialog", lambda dialog: dialog.accept())
    second_tab.goto(vote_url)
    _vote_in(member_c, vote_url)
    expect(member_c.get_by_text("Đã ghi nhận phiếu bầu kín của đơn vị.")).to_be_visible()
    expect(counter).to_have_text("2", timeout=10_000)
    for fieldset in second_tab.locator("form fieldset").all():
        fieldset.get_by_label("Không đồng ý", exact=True).check()
    second_tab.get_by_role("button", name="Bỏ phiếu").click()
    expect(second_tab.get_by_text("Đơn vị đã bỏ phiếu.").first).to_be_visible()
    screenshot_page(second_tab, "awards-voting-second-ballot-refused")
    assert VoterRecord.objects.filter(vote__meeting__cluster=cluster).count() == 2
    assert Ballot.objects.filter(vote__meeting__cluster=cluster).count() == 2

    expect(chair.locator("#vote-progress")).to_contain_text("Sở TTTT Đắk Lắk")
    expect(chair.locator("#vote-progress")).not_to_contain_text("Đồng ý")
    screenshot("awards-voting-progress")

    # The chair closes: the outcome shows the numbers beside the rule; the minutes download.
    chair.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    expect(chair.get_by_text("Đã kết thúc bỏ phiếu")).to_be_visible()
    outcome = chair.locator("#outcome-heading").locator("xpath=..")
    expect(outcome).to_contain_text("Không đạt")
    expect(outcome).to_contain_text("trên 4 tổng số thành viên")
    screenshot("awards-voting-outcome")
    assert serious_violations(chair) == []
    with chair.expect_download() as download_info:
        chair.get_by_role("link", name="Biên bản (PDF)").click()
    path = tmp_path / "bien-ban.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
        # A fixed command from poppler-utils on a file the test downloaded.
        text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        assert "BIÊN BẢN HỌP BÌNH XÉT" in text.upper()
        assert "Nguyễn Văn A" in text
    context_b.close()
    context_c.close()


def screenshot_page(page, name):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_demo_open_vote_for_gialai_and_phuyen(login, demo, page, screenshot, live_server):
    page = login("phuyen")
    page.goto(f"{live_server.url}/clusters/")
    page.get_by_role("link", name="Cụm thi đua số 6").click()
    page.get_by_role("link", name="Hội nghị và bình xét").click()
    page.get_by_role("link", name="20/06/2025").click()
    page.get_by_role("link", name=re.compile("Bằng khen của Bộ trưởng năm 2025")).click()
    expect(page.get_by_text("minh họa").first).to_be_visible()
    expect(page.locator("form fieldset")).to_have_count(1)  # its own nomination is recused
    screenshot("awards-voting-demo-open-vote")
    assert serious_violations(page) == []


def test_demo_2020_conference_outcome(login, demo, page, screenshot, live_server):
    page = login("lanhdao")
    page.goto(f"{live_server.url}/clusters/")
    page.get_by_role("link", name="Cụm thi đua số 6").click()
    page.get_by_role("link", name="Hội nghị và bình xét").click()
    page.get_by_role("link", name="06/03/2020").click()
    expect(page.get_by_text("(minh họa) Ngày, địa điểm")).to_be_visible()
    page.get_by_role("link", name="Bình xét đề nghị Cờ thi đua của Bộ năm 2019").click()
    outcome = page.locator("#outcome-heading").locator("xpath=..")
    expect(outcome).to_contain_text("Sở Thông tin và Truyền thông tỉnh Đắk Lắk")
    expect(outcome).to_contain_text("Đạt: 9 phiếu đồng ý trên 10 tổng số thành viên")
    expect(page.get_by_role("button", name="Kết thúc bỏ phiếu")).to_have_count(0)  # leadership reads only
    screenshot("awards-voting-demo-2020-outcome")
    assert serious_violations(page) == []
