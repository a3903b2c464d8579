import datetime

import pytest
import time_machine

from reports.models import QuarterlyReport
from tests.reports.factories import QuarterlyReportFactory, make_period


@pytest.fixture
def period(db):
    """Quarter 3/2025, as the demo's compliance example."""
    return make_period(year=2025, quarter=3)


@pytest.fixture
def reports(period, unit_a, unit_b):
    """Gia Lai reported on time; Phú Yên has no report."""
    return [
        QuarterlyReportFactory(
            organization=unit_a,
            period=period,
            status=QuarterlyReport.Status.SUBMITTED,
            first_submitted_at=period.due_at - datetime.timedelta(days=2),
            submitted_at=period.due_at - datetime.timedelta(days=2),
        )
    ]


@pytest.fixture
def after_q3_2025():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=True):
        yield
