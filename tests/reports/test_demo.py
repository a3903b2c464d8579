import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.models import QuarterlyReport, Reminder, ReportingPeriod, StatusChange


@pytest.mark.django_db
def test_demo_is_idempotent_and_marked_illustrative(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- closed with the process
    counts = (
        ReportingPeriod.objects.count(),
        QuarterlyReport.objects.count(),
        StatusChange.objects.count(),
        Reminder.objects.count(),
    )
    snapshot = list(QuarterlyReport.objects.values_list("pk", "status", "first_submitted_at").order_by("pk"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- closed with the process
    assert counts == (
        ReportingPeriod.objects.count(),
        QuarterlyReport.objects.count(),
        StatusChange.objects.count(),
        Reminder.objects.count(),
    )
    assert snapshot == list(QuarterlyReport.objects.values_list("pk", "status", "first_submitted_at").order_by("pk"))
    assert counts[0] == 8
    assert not QuarterlyReport.objects.filter(is_illustrative=False).exists()
    assert all(r.summary.startswith("Dữ liệu minh họa") for r in QuarterlyReport.objects.all())
    statuses = set(QuarterlyReport.objects.values_list("status", flat=True))
    assert {"submitted", "accepted", "returned", "excused"} <= statuses
    assert any(r.is_late for r in QuarterlyReport.objects.exclude(first_submitted_at=None))
    # The demo officers' units still have the open period to report on.
    assert not QuarterlyReport.objects.filter(
        organization__code__in=["so-tttt-gia-lai", "so-tttt-phu-yen"], period__lock_at__gt=timezone.now()
    ).exists()
