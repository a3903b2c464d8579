"""The report tracking table's XLSX, built in the background as a summary file of kind "matrix"."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import QuarterlyReport
from summaries import services
from summaries.models import SummaryFile
from tests.reports.factories import QuarterlyReportFactory

EXPORT = reverse("reports:matrix_export", args=["xlsx"])


def export(client, captured, **query):
    with captured(execute=True):
        return client.get(EXPORT, {"year": 2025, **query})


def rows_of(client, summary):
    response = client.get(reverse("summaries:summary_download", args=[summary.pk]))
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


@pytest.mark.parametrize("persona", ["staff_client", "leadership_client"])
def test_the_export_is_built_once_and_reused_while_the_table_is_unchanged(
    request, persona, period, reports, unit_b, django_capture_on_commit_callbacks
):
    client = request.getfixturevalue(persona)
    response = export(client, django_capture_on_commit_callbacks)
    summary = SummaryFile.objects.get()
    assert response["Location"] == summary.get_absolute_url()
    assert summary.status == SummaryFile.Status.READY
    assert summary.parameters["year"] == 2025
    names = {row[0] for row in rows_of(client, summary)}
    assert {"Sở Thông tin và Truyền thông tỉnh Gia Lai", "Sở Thông tin và Truyền thông tỉnh Phú Yên"} <= names
    export(client, django_capture_on_commit_callbacks)
    assert SummaryFile.objects.count() == 1  # same data, same file
    # A new report changes the table: the next export is a new file.
    QuarterlyReportFactory(organization=unit_b, period=period, status=QuarterlyReport.Status.DRAFT)
    export(client, django_capture_on_commit_callbacks)
    assert SummaryFile.objects.count() == 2


def test_the_filters_of_the_page_are_those_of_the_file(
    leadership_client, period, reports, django_capture_on_commit_callbacks
):
    export(leadership_client, django_capture_on_commit_callbacks, q="phu yen")
    summary = SummaryFile.objects.get()
    assert summary.parameters["search"] == "phu yen"
    names = [row[0] for row in rows_of(leadership_client, summary)]
    assert "Sở Thông tin và Truyền thông tỉnh Phú Yên" in names
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" not in names


@pytest.mark.parametrize("persona", ["officer_a_client", "outsider_client"])
def test_others_are_refused_and_nothing_is_built(request, persona, period, reports):
    assert request.getfixturevalue(persona).get(EXPORT, {"year": 2025}).status_code == 403
    assert not SummaryFile.objects.exists()


def test_the_dashboard_form_does_not_offer_the_table(leadership_client, period):
    leadership_client.post(reverse("summaries:request"), {"kind": "matrix", "format": "xlsx"})
    assert not SummaryFile.objects.exists()


def test_unknown_parameters_are_refused(leadership_user, period):
    with pytest.raises(LookupError):
        services.request_summary(kind="matrix", fmt="xlsx", parameters={"year": "x"}, by=leadership_user)
    with pytest.raises(LookupError):
        services.request_summary(
            kind="matrix", fmt="xlsx", parameters={"year": 2025, "cluster": 999999}, by=leadership_user
        )
