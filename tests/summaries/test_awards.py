import subprocess

from django.urls import reverse

from awards import workflow
from summaries import awards_year, services
from summaries.models import SummaryFile
from tests.awards.factories import AwardeeFactory, AwardTypeFactory, NominationFactory


def test_an_empty_year_builds_a_summary_that_says_so(leadership_user):
    data = awards_year.load({"year": 2024})
    assert data.nominations == 0
    assert data.rows == []
    assert data.chart() == ""
    summary, _created = services.request_summary(
        kind="awards", fmt="pdf", parameters={"year": 2024}, by=leadership_user, language="vi"
    )
    summary = services.build_summary(summary_id=summary.pk)
    assert summary.status == SummaryFile.Status.READY, summary.error
    command = ["pdftotext", "-enc", "UTF-8", summary.file.path, "-"]
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603 -- fixed command
    assert "Chưa có đề nghị khen thưởng nào trong năm này." in text


def test_nominations_are_counted_by_award_and_status(leadership_user):
    flag = AwardTypeFactory(name="Cờ thi đua của Bộ", position=1)
    certificate = AwardTypeFactory(name="Bằng khen của Bộ trưởng", position=2)
    NominationFactory(award_type=flag, status=workflow.SUBMITTED)
    NominationFactory(award_type=flag, status=workflow.APPROVED)
    NominationFactory(award_type=certificate, status=workflow.SUBMITTED)
    NominationFactory(award_type=certificate, year=2023, status=workflow.SUBMITTED)
    AwardeeFactory(award_type=flag, name="Sở Thông tin và Truyền thông tỉnh Gia Lai")
    data = awards_year.load({"year": 2024})
    submitted = [value for value, _label in data.statuses].index(workflow.SUBMITTED)
    assert [(name, total) for name, _values, total in data.rows] == [
        ("Cờ thi đua của Bộ", 2),
        ("Bằng khen của Bộ trưởng", 1),
    ]
    assert data.totals[submitted] == 2
    assert data.nominations == 3
    assert [a.name for _decision, people in data.decisions for a in people] == [
        "Sở Thông tin và Truyền thông tỉnh Gia Lai"
    ]


def test_a_new_nomination_changes_the_fingerprint(leadership_user):
    before = services.fingerprint(kind="awards", fmt="xlsx", parameters={"year": 2024}, language="vi")
    NominationFactory()
    assert services.fingerprint(kind="awards", fmt="xlsx", parameters={"year": 2024}, language="vi") != before


def test_the_dashboard_shows_the_pipeline(leadership_client):
    NominationFactory(status=workflow.SUBMITTED)
    body = leadership_client.get(reverse("summaries:dashboard")).content.decode()
    assert "Tiến trình đề nghị khen thưởng" in body
    assert "Chưa có đề nghị khen thưởng nào." not in body


def test_the_dashboard_without_nominations_shows_an_empty_state(leadership_client):
    body = leadership_client.get(reverse("summaries:dashboard")).content.decode()
    assert "Chưa có đề nghị khen thưởng nào." in body
