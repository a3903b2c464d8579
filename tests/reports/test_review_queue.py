"""The staff's review queue, the review status in the matrix, and the unit told of a return."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from reports import services
from reports.models import Notification, QuarterlyReport
from tests.factories import OrganizationFactory

from .conftest import vn
from .factories import QuarterlyReportFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:review_queue")


def _submitted(period, *, at, organization=None, status=QuarterlyReport.Status.SUBMITTED):
    return QuarterlyReportFactory(
        organization=organization or OrganizationFactory(),
        period=period,
        status=status,
        first_submitted_at=at,
        submitted_at=at,
    )


def test_queue_lists_submitted_reports_oldest_first(staff_client, period, unit_a, unit_b):
    newer = _submitted(period, at=vn(2026, 6, 10, 9), organization=unit_a)
    older = _submitted(period, at=vn(2026, 6, 2, 9), organization=unit_b)
    _submitted(period, at=vn(2026, 6, 1, 9), status=QuarterlyReport.Status.ACCEPTED)
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [older, newer]
    html = response.content.decode()
    assert html.index(unit_b.name) < html.index(unit_a.name)
    assert reverse("reports:report_detail", args=[older.pk]) in html


def test_queue_filters_by_review_status(staff_client, period):
    accepted = _submitted(period, at=vn(2026, 6, 1, 9), status=QuarterlyReport.Status.ACCEPTED)
    _submitted(period, at=vn(2026, 6, 2, 9))
    response = staff_client.get(URL, {"status": "accepted"})
    assert list(response.context["page_obj"]) == [accepted]
    # An unknown status falls back to the queue itself, never to every report.
    response = staff_client.get(URL, {"status": "draft"})
    assert response.context["status"] == "submitted"


def test_empty_queue_says_so(staff_client):
    response = staff_client.get(URL)
    assert "Không có báo cáo nào đang chờ xem xét" in response.content.decode()


@pytest.mark.parametrize("persona", ["leadership_client", "officer_a_client", "outsider_client"])
def test_queue_is_for_staff_only(request, persona, period):
    _submitted(period, at=vn(2026, 6, 2, 9))
    assert request.getfixturevalue(persona).get(URL).status_code == 403


def test_queue_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405


@pytest.mark.parametrize("size", [3, 60])
def test_queue_query_count_does_not_grow(staff_client, period, size, django_assert_max_num_queries):
    for day in range(size):
        _submitted(period, at=vn(2026, 5, 1, 9) + datetime.timedelta(hours=day))
    with django_assert_max_num_queries(8):
        response = staff_client.get(URL, {"page": 2 if size > 50 else 1})
    assert response.status_code == 200


def test_matrix_cell_shows_awaiting_review_and_accepted(staff_client, period, unit_a, unit_b):
    _submitted(period, at=vn(2026, 6, 2, 9), organization=unit_a)
    _submitted(period, at=vn(2026, 6, 3, 9), organization=unit_b, status=QuarterlyReport.Status.ACCEPTED)
    with time_machine.travel(vn(2026, 6, 20, 9), tick=False):
        response = staff_client.get(reverse("reports:matrix"), {"year": 2026})
    html = response.content.decode()
    assert "Chờ xem xét" in html
    assert "Đã tiếp nhận" in html
    assert reverse("reports:review_queue") in html


def test_matrix_links_the_queue_for_staff_only(leadership_client, period):
    with time_machine.travel(vn(2026, 6, 20, 9), tick=False):
        response = leadership_client.get(reverse("reports:matrix"), {"year": 2026})
    assert reverse("reports:review_queue") not in response.content.decode()


def test_returned_report_notifies_the_unit_with_the_reason(
    unit_a, officer_a, staff_user, period, django_capture_on_commit_callbacks
):
    unit_a.email = "so-tttt-gia-lai@example.vn"
    unit_a.save()
    report = _submitted(period, at=vn(2026, 6, 2, 9), organization=unit_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.return_report(report=report, by=staff_user, comment="Bổ sung số liệu quý II")
        # Nothing is e-mailed before the return is committed.
        assert mail.outbox == []
    notification = Notification.objects.get(organization=unit_a)
    assert "Bổ sung số liệu quý II" in notification.text
    assert notification.link == reverse("reports:report_edit", args=[period.pk])
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "so-tttt-gia-lai@example.vn" in message.to
    assert "Bổ sung số liệu quý II" in message.body
    assert "trả lại" in message.subject


def test_a_refused_return_notifies_nobody(unit_a, staff_user, period, django_capture_on_commit_callbacks):
    report = _submitted(period, at=vn(2026, 6, 2, 9), organization=unit_a)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011 -- any refusal
        services.return_report(report=report, by=staff_user, comment="   ")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_return_without_addresses_is_shown_in_the_portal_only(
    unit_a, staff_user, period, django_capture_on_commit_callbacks
):
    report = _submitted(period, at=vn(2026, 6, 2, 9), organization=unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report=report, by=staff_user, comment="Thiếu phụ lục")
    assert Notification.objects.filter(organization=unit_a).count() == 1
    assert mail.outbox == []
