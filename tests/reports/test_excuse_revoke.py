"""Staff take back an excuse given by mistake: the unit has to report again."""

import pytest
from django.urls import reverse

from reports import services, workflow
from reports.models import QuarterlyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def excused(unit_a, staff_user, period):
    return services.excuse_unit(organization=unit_a, period=period, by=staff_user, reason="Sáp nhập đơn vị")


def url(period, unit):
    return reverse("reports:excuse_revoke", args=[period.pk, unit.pk])


def test_revoke_makes_the_report_a_draft_again_with_history(excused, unit_a, staff_user, period):
    report = services.revoke_excuse(organization=unit_a, period=period, by=staff_user)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.DRAFT
    assert report.excuse_reason == ""
    last = report.history.last()
    assert (last.from_status, last.to_status, last.by) == ("excused", "draft", staff_user)
    assert workflow.EXCUSE in workflow.allowed_actions(report.status, workflow.STAFF)


def test_revoke_refused_when_not_excused(unit_a, staff_user, period):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.revoke_excuse(organization=unit_a, period=period, by=staff_user)


def test_staff_revoke_through_the_unit_page(staff_client, excused, unit_a, period):
    page = staff_client.get(reverse("reports:unit_period", args=[period.pk, unit_a.pk])).content.decode()
    assert url(period, unit_a) in page
    response = staff_client.post(url(period, unit_a), follow=True)
    assert response.status_code == 200
    assert QuarterlyReport.objects.get(pk=excused.pk).status == "draft"
    assert "phải báo cáo" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leadership_client", 403), ("officer_a_client", 403), ("outsider_client", 403)],
)
def test_only_staff_may_revoke_and_refusal_changes_nothing(request, persona, status, excused, unit_a, period):
    assert request.getfixturevalue(persona).post(url(period, unit_a)).status_code == status
    assert QuarterlyReport.objects.get(pk=excused.pk).status == "excused"


def test_revoke_refuses_get(staff_client, excused, unit_a, period):
    assert staff_client.get(url(period, unit_a)).status_code == 405
    assert QuarterlyReport.objects.get(pk=excused.pk).status == "excused"


def test_revoke_button_hidden_from_leadership(leadership_client, excused, unit_a, period):
    page = leadership_client.get(reverse("reports:unit_period", args=[period.pk, unit_a.pk])).content.decode()
    assert url(period, unit_a) not in page
