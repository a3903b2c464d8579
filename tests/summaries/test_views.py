import pytest
from django.urls import reverse

from summaries import compliance, services
from summaries.models import SummaryFile

pytestmark = pytest.mark.usefixtures("after_q3_2025")


@pytest.fixture
def ready_file(period, reports, staff_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=staff_user, language="vi"
    )
    return services.build_summary(summary_id=summary.pk)


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client"])
def test_staff_and_leadership_see_the_dashboard(request, persona, period, reports):
    response = request.getfixturevalue(persona).get(reverse("summaries:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tỷ lệ nộp báo cáo" in body
    assert "<svg" in body
    assert "Sở TTTT Phú Yên" in body  # missing in Q3/2025
    assert "Chưa có đề nghị khen thưởng nào." in body


@pytest.mark.parametrize("persona", ["officer_a_client", "outsider_client"])
def test_others_are_refused_the_dashboard(request, persona, period):
    assert request.getfixturevalue(persona).get(reverse("summaries:dashboard")).status_code == 403


def test_the_dashboard_without_periods_or_awards_is_an_empty_state(leadership_client):
    response = leadership_client.get(reverse("summaries:dashboard"))
    assert response.status_code == 200
    assert "Chưa có kỳ báo cáo nào bắt đầu." in response.content.decode()


def test_the_dashboard_query_count_does_not_grow_with_units(
    leadership_client, period, reports, django_assert_max_num_queries
):
    from tests.factories import OrganizationFactory

    with django_assert_max_num_queries(30):
        leadership_client.get(reverse("summaries:dashboard"))
    for _ in range(30):
        OrganizationFactory()
    with django_assert_max_num_queries(30):
        leadership_client.get(reverse("summaries:dashboard"))


def test_asking_builds_the_file_and_leads_to_the_waiting_page(
    leadership_client, leadership_user, period, reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = leadership_client.post(
            reverse("summaries:request"), {"kind": "compliance", "format": "xlsx", "period": period.pk}
        )
    summary = SummaryFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == summary.get_absolute_url()
    assert summary.requested_by == leadership_user
    assert summary.status == SummaryFile.Status.READY
    page = leadership_client.get(summary.get_absolute_url()).content.decode()
    assert "Tệp đã sẵn sàng." in page
    assert reverse("summaries:summary_download", args=[summary.pk]) in page


def test_asking_again_reuses_the_file(leadership_client, ready_file, period):
    response = leadership_client.post(
        reverse("summaries:request"), {"kind": "compliance", "format": "xlsx", "period": period.pk}
    )
    assert response["Location"] == ready_file.get_absolute_url()
    assert SummaryFile.objects.count() == 1


def test_a_request_without_its_parameter_is_refused_with_a_message(leadership_client):
    response = leadership_client.post(
        reverse("summaries:request"), {"kind": "compliance", "format": "pdf"}, follow=True
    )
    assert SummaryFile.objects.count() == 0
    assert "Không yêu cầu được bản tổng hợp" in response.content.decode()


def test_asking_is_post_only_and_refused_to_others(leadership_client, officer_a_client, outsider_client, period):
    assert leadership_client.get(reverse("summaries:request")).status_code == 405
    data = {"kind": "compliance", "format": "pdf", "period": period.pk}
    assert officer_a_client.post(reverse("summaries:request"), data).status_code == 403
    assert outsider_client.post(reverse("summaries:request"), data).status_code == 403
    assert SummaryFile.objects.count() == 0


def test_the_waiting_page_polls_until_ready(leadership_client, period, reports, leadership_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user, language="vi"
    )
    page = leadership_client.get(summary.get_absolute_url()).content.decode()
    status_url = reverse("summaries:summary_status", args=[summary.pk])
    assert f'hx-get="{status_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    services.build_summary(summary_id=summary.pk)
    partial = leadership_client.get(status_url).content.decode()
    assert "hx-trigger" not in partial
    assert "Tải tệp XLSX" in partial


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client"])
def test_staff_and_leadership_download(request, persona, ready_file):
    response = request.getfixturevalue(persona).get(reverse("summaries:summary_download", args=[ready_file.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tong-hop-bao-cao-quy-3-2025.xlsx"')
    assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("persona", ["officer_a_client", "outsider_client"])
@pytest.mark.parametrize("url_name", ["summary_detail", "summary_status", "summary_download"])
def test_others_cannot_see_or_download_any_file(request, persona, url_name, ready_file):
    response = request.getfixturevalue(persona).get(reverse(f"summaries:{url_name}", args=[ready_file.pk]))
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, ready_file):
    response = client.get(reverse("summaries:summary_download", args=[ready_file.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_file_not_ready_cannot_be_downloaded(leadership_client, period, reports, leadership_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user
    )
    assert leadership_client.get(reverse("summaries:summary_download", args=[summary.pk])).status_code == 404


def test_a_failure_is_shown_in_vietnamese_and_can_be_retried(
    leadership_client, leadership_user, period, reports, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(parameters):
        raise RuntimeError("WeasyPrint exploded")

    monkeypatch.setattr(compliance, "load", broken)
    with django_capture_on_commit_callbacks(execute=True):
        leadership_client.post(
            reverse("summaries:request"), {"kind": "compliance", "format": "pdf", "period": period.pk}
        )
    failed = SummaryFile.objects.get()
    assert failed.status == SummaryFile.Status.FAILED
    page = leadership_client.get(failed.get_absolute_url()).content.decode()
    assert "Không tạo được bản tổng hợp." in page
    assert "WeasyPrint exploded" in page
    assert reverse("summaries:summary_retry", args=[failed.pk]) in page
    assert leadership_client.get(reverse("summaries:summary_retry", args=[failed.pk])).status_code == 405

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = leadership_client.post(reverse("summaries:summary_retry", args=[failed.pk]))
    retried = SummaryFile.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == retried.get_absolute_url()
    assert retried.status == SummaryFile.Status.READY


def test_others_cannot_retry(officer_a_client, outsider_client, period, reports, leadership_user):
    summary, _created = services.request_summary(
        kind="compliance", fmt="xlsx", parameters={"period": period.pk}, by=leadership_user
    )
    SummaryFile.objects.filter(pk=summary.pk).update(status=SummaryFile.Status.FAILED, error="x")
    for client in (officer_a_client, outsider_client):
        assert client.post(reverse("summaries:summary_retry", args=[summary.pk])).status_code == 404
    assert SummaryFile.objects.count() == 1


@pytest.mark.parametrize(("kind", "extra"), [("campaign", "campaign"), ("cluster", "cluster")])
def test_campaign_and_cluster_summaries_build(leadership_client, kind, extra, django_capture_on_commit_callbacks):
    from tests.campaigns.factories import CampaignFactory
    from tests.clusters.factories import ClusterFactory

    obj = CampaignFactory() if kind == "campaign" else ClusterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        leadership_client.post(
            reverse("summaries:request"), {"kind": kind, "format": "xlsx", extra: obj.pk, "year": 2024}
        )
    summary = SummaryFile.objects.get()
    assert summary.kind == kind
    assert summary.status == SummaryFile.Status.READY, summary.error


def test_the_home_page_offers_the_dashboard_to_leadership_only(leadership_client, officer_a_client):
    url = reverse("summaries:dashboard")
    assert url in leadership_client.get(reverse("home")).content.decode()
    assert url not in officer_a_client.get(reverse("home")).content.decode()
