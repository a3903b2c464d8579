"""Two sessions writing one report at the same instant (PostgreSQL; skipped on SQLite)."""

import pytest
import time_machine

from reports import services
from reports.models import QuarterlyReport, StatusChange
from tests.race import race, require_postgresql

from .conftest import vn
from .factories import make_period

pytestmark = pytest.mark.django_db(transaction=True)

JUNE = vn(2026, 6, 10, 9)


@pytest.fixture(autouse=True)
def _postgresql_in_june():
    require_postgresql()
    with time_machine.travel(JUNE, tick=False):
        yield


@pytest.fixture
def period(transactional_db):
    return make_period(2026, 2)


def _save(unit, period, user, summary, version):
    return lambda: services.save_report(organization=unit, period=period, by=user, summary=summary, version=version)


def test_two_first_saves_at_once_give_one_report_and_a_conflict_not_a_500(unit_a, officer_a, period):
    first, second = race(
        _save(unit_a, period, officer_a, "Phiên thứ nhất", 0), _save(unit_a, period, officer_a, "Phiên thứ hai", 0)
    )
    assert isinstance(first, QuarterlyReport)
    assert isinstance(second, services.ReportConflict), repr(second)
    assert second.report.summary == "Phiên thứ nhất"
    report = QuarterlyReport.objects.get()
    assert (report.summary, report.version) == ("Phiên thứ nhất", 1)
    assert StatusChange.objects.filter(report=report).count() == 1


def test_two_saves_of_one_version_keep_the_first_and_refuse_the_second(unit_a, officer_a, period):
    services.save_report(organization=unit_a, period=period, by=officer_a, summary="Bản nháp", version=0)
    _first, second = race(
        _save(unit_a, period, officer_a, "Phiên thứ nhất", 1), _save(unit_a, period, officer_a, "Phiên thứ hai", 1)
    )
    assert isinstance(second, services.ReportConflict), repr(second)
    report = QuarterlyReport.objects.get()
    assert (report.summary, report.version) == ("Phiên thứ nhất", 2)


def test_an_excuse_while_the_unit_saves_its_first_draft(unit_a, officer_a, staff_user, period):
    _first, second = race(
        _save(unit_a, period, officer_a, "Bản nháp", 0),
        lambda: services.excuse_unit(organization=unit_a, period=period, by=staff_user, reason="Sáp nhập"),
    )
    assert isinstance(second, QuarterlyReport), repr(second)
    report = QuarterlyReport.objects.get()
    assert (report.status, report.excuse_reason) == ("excused", "Sáp nhập")
    assert list(report.history.values_list("to_status", flat=True)) == ["draft", "excused"]


def test_accept_and_return_at_once_apply_one_decision(unit_a, officer_a, staff_user, period):
    report = services.save_report(organization=unit_a, period=period, by=officer_a, summary="Nội dung", submit=True)
    seen = report.version
    first, second = race(
        lambda: services.accept_report(report=report, by=staff_user, version=seen),
        lambda: services.return_report(report=report, by=staff_user, comment="Bổ sung", version=seen),
    )
    assert isinstance(first, QuarterlyReport)
    assert "đã thay đổi" in str(second), repr(second)
    report.refresh_from_db()
    assert report.status == "accepted"
    assert report.history.filter(to_status="returned").count() == 0
