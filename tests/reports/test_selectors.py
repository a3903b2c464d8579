import datetime

import pytest
import time_machine

from accounts.models import Organization
from clusters.models import Cluster, ClusterMembership
from reports import rates, selectors, services
from tests.factories import OrganizationFactory

from .conftest import vn
from .factories import QuarterlyReportFactory, make_period

pytestmark = pytest.mark.django_db


def submitted(unit, period, at, status="submitted"):
    return QuarterlyReportFactory(
        organization=unit, period=period, status=status, first_submitted_at=at, submitted_at=at
    )


@pytest.fixture
def merger():
    """Two provinces merged on 1 July 2025 into a new one; a third province carries on."""
    new = OrganizationFactory(code="so-new", name="Sở mới", valid_from=datetime.date(2025, 7, 1))
    old_1 = OrganizationFactory(code="so-old-1", name="Sở cũ 1", valid_until=datetime.date(2025, 6, 30), successor=new)
    old_2 = OrganizationFactory(code="so-old-2", name="Sở cũ 2", valid_until=datetime.date(2025, 6, 30), successor=new)
    other = OrganizationFactory(code="so-other", name="Sở khác")
    return new, old_1, old_2, other


def test_reporting_units_are_the_active_reporting_kinds(merger, ministry_department):
    new, old_1, old_2, other = merger
    OrganizationFactory(code="bo", kind=Organization.Kind.MINISTRY)
    q2, q3 = make_period(2025, 2), make_period(2025, 3)
    assert set(selectors.reporting_units(q2)) == {old_1, old_2, other}
    assert set(selectors.reporting_units(q3)) == {new, other}


def test_rates_with_a_merged_unit_never_exceed_100(merger):
    new, old_1, old_2, other = merger
    q2, q3 = make_period(2025, 2), make_period(2025, 3)
    for unit in (old_1, old_2, other):
        submitted(unit, q2, vn(2025, 6, 10))
    submitted(old_1, q3, vn(2025, 9, 1))  # the old unit's officer still sent one: it is not counted
    submitted(new, q3, vn(2025, 9, 20))  # late
    submitted(other, q3, vn(2025, 9, 2))
    matrix = selectors.build_matrix(2025)
    q2_rates, q3_rates = matrix.rates  # the matrix has the year's two periods
    assert (q2_rates.expected, q2_rates.reported, q2_rates.reporting_rate) == (3, 3, 100.0)
    assert (q3_rates.expected, q3_rates.reported, q3_rates.on_time) == (2, 2, 1)
    assert q3_rates.reporting_rate == 100.0
    assert q3_rates.on_time_rate == 50.0
    assert selectors.period_rates(q3) == q3_rates
    rows = {row.organization.code: row for row in matrix.rows}
    assert rows["so-old-1"].cells[1].state == rates.NOT_APPLICABLE
    assert rows["so-new"].cells[0].state == rates.NOT_APPLICABLE
    assert rows["so-new"].cells[1].state == rates.LATE


def test_matrix_states(unit_a, unit_b, staff_user):
    q1, q2 = make_period(2026, 1), make_period(2026, 2)
    submitted(unit_a, q1, vn(2026, 3, 1), status="accepted")
    submitted(unit_a, q2, vn(2026, 6, 1), status="returned")
    services.excuse_unit(organization=unit_b, period=q1, by=staff_user, reason="Lý do")
    matrix = selectors.build_matrix(2026)
    cells = {row.organization.code: [c.state for c in row.cells] for row in matrix.rows}
    assert cells["so-tttt-gia-lai"] == [rates.ON_TIME, rates.RETURNED]
    assert cells["so-tttt-phu-yen"] == [rates.EXCUSED, rates.MISSING]
    assert "vu-tdkt" not in cells  # the receiving department does not report to itself


def test_matrix_filters(unit_a, unit_b):
    make_period(2026, 1)
    cluster = Cluster.objects.create(number=6, name="Cụm thi đua số 6")
    ClusterMembership.objects.create(cluster=cluster, organization=unit_a, year=2026, rotation_order=1)
    OrganizationFactory(code="dn", name="Doanh nghiệp", kind=Organization.Kind.ENTERPRISE, province="")
    codes = lambda m: [r.organization.code for r in m.rows]  # noqa: E731 -- a local shorthand
    assert codes(selectors.build_matrix(2026, cluster=cluster)) == ["so-tttt-gia-lai"]
    assert codes(selectors.build_matrix(2026, kind=Organization.Kind.ENTERPRISE)) == ["dn"]
    assert codes(selectors.build_matrix(2026, province="Phú")) == ["so-tttt-phu-yen"]
    assert selectors.build_matrix(2026, cluster=cluster).rows[0].cluster == cluster


def test_matrix_counts_email_reminders(unit_a):
    period = make_period(2026, 2)
    for rule in ("before-10", "before-5"):
        services.claim_reminder(organization=unit_a, period=period, rule=rule, channel="email")
        services.claim_reminder(organization=unit_a, period=period, rule=rule, channel="portal")
    row = selectors.build_matrix(2026).rows[0]
    assert row.cells[0].reminders == 2


@pytest.mark.parametrize("count", [3, 30])
def test_matrix_queries_do_not_grow_with_units(count, django_assert_num_queries):
    periods = [make_period(2026, q) for q in (1, 2, 3, 4)]
    cluster = Cluster.objects.create(number=1, name="Cụm 1")
    for i in range(count):
        unit = OrganizationFactory(code=f"u{i}")
        ClusterMembership.objects.create(cluster=cluster, organization=unit, year=2026, rotation_order=i + 1)
        submitted(unit, periods[i % 4], vn(2026, 3, 1))
        services.claim_reminder(organization=unit, period=periods[1], rule="before-5", channel="email")
    # periods, units, reports, reminders, clusters, then the rates: units and reports counted
    with django_assert_num_queries(7):
        matrix = selectors.build_matrix(2026)
        assert len(matrix.rows) == count


def test_open_periods_and_submission_open(unit_a, staff_user):
    q2 = make_period(2026, 2)
    with time_machine.travel(vn(2026, 7, 10), tick=False):
        q3 = make_period(2026, 3)
        assert list(selectors.open_periods()) == [q2, q3]
        assert selectors.submission_open(unit_a, q2)
    with time_machine.travel(vn(2026, 7, 15), tick=False):
        assert list(selectors.open_periods()) == [q3]
        assert not selectors.submission_open(unit_a, q2)


def test_matrix_rows_in_vietnamese_order_of_the_name_shown():
    make_period(2026, 1)
    for code, name, short in (
        ("so-dt", "Sở Thông tin và Truyền thông tỉnh Đồng Tháp", "Sở TTTT Đồng Tháp"),
        ("so-ct", "Sở Thông tin và Truyền thông thành phố Cần Thơ", "Sở TTTT Cần Thơ"),
        ("so-dn", "Sở Thông tin và Truyền thông tỉnh Đắk Nông", "Sở TTTT Đắk Nông"),
        ("so-yb", "Sở Thông tin và Truyền thông tỉnh Yên Bái", "Sở TTTT Yên Bái"),
        ("so-bd", "Sở Thông tin và Truyền thông tỉnh Bình Dương", "Sở TTTT Bình Dương"),
        ("so-e", "Sở Thông tin và Truyền thông tỉnh Điện Biên", ""),
    ):
        OrganizationFactory(code=code, name=name, short_name=short)
    OrganizationFactory(code="vu-x", name="Vụ Bưu chính", short_name="", kind=Organization.Kind.MINISTRY_DEPARTMENT)
    shown = [row.organization.display_name for row in selectors.build_matrix(2026).rows]
    assert shown == [
        "Sở Thông tin và Truyền thông tỉnh Điện Biên",  # no short name: its full name is shown and sorted
        "Sở TTTT Bình Dương",
        "Sở TTTT Cần Thơ",
        "Sở TTTT Đắk Nông",
        "Sở TTTT Đồng Tháp",
        "Sở TTTT Yên Bái",
        "Vụ Bưu chính",  # provincial departments first, then ministry departments
    ]


def test_matrix_search_and_province_ignore_case_and_tones(unit_a, unit_b):
    make_period(2026, 1)
    OrganizationFactory(code="so-dl", name="Sở TTTT tỉnh Đắk Lắk", short_name="Sở TTTT Đắk Lắk", province="Đắk Lắk")
    assert [r.organization.code for r in selectors.build_matrix(2026, search="dak lak").rows] == ["so-dl"]
    assert [r.organization.code for r in selectors.build_matrix(2026, search="PHÚ").rows] == ["so-tttt-phu-yen"]
    assert [r.organization.code for r in selectors.build_matrix(2026, province="đắk").rows] == ["so-dl"]
    matrix = selectors.build_matrix(2026, search="không có")
    assert matrix.rows == []
    assert matrix.rates[0].expected == 0


def test_database_rates_agree_with_the_cells(merger, staff_user):
    new, old_1, old_2, _other = merger
    q2, q3 = make_period(2025, 2), make_period(2025, 3)
    extra = [OrganizationFactory(code=f"x{i}") for i in range(5)]
    submitted(old_1, q2, vn(2025, 6, 1))  # on time
    submitted(old_2, q2, vn(2025, 6, 20), status="accepted")  # late
    submitted(new, q3, vn(2025, 9, 1), status="returned")
    submitted(old_1, q3, vn(2025, 9, 1))  # merged away by then: not counted
    QuarterlyReportFactory(organization=extra[0], period=q2, status="excused")
    QuarterlyReportFactory(organization=extra[1], period=q3, status="draft")
    submitted(extra[2], q3, vn(2025, 9, 20))  # late
    matrix = selectors.build_matrix(2025)
    from_cells = [rates.compute_rates([row.cells[i] for row in matrix.rows]) for i in range(2)]
    assert matrix.rates == from_cells
    assert selectors.units_rates(matrix.periods, selectors.matrix_units(2025, search="cu")) == [
        rates.compute_rates([row.cells[i] for row in matrix.rows if row.organization in (old_1, old_2)])
        for i in range(2)
    ]
    assert selectors.period_rates(q3) == from_cells[1]


def test_matrix_page_fetches_only_its_units_in_order(django_assert_num_queries):
    make_period(2026, 1)
    names = ["Sở TTTT Yên Bái", "Sở TTTT An Giang", "Sở TTTT Đắk Lắk", "Sở TTTT Dak", "Sở TTTT Cà Mau"]
    for i, short_name in enumerate(names):
        unit = OrganizationFactory(code=f"p{i}", short_name=short_name)
        if i % 2:
            submitted(unit, make_period(2026, 1), vn(2026, 3, 1))
    # periods, counts, units of the page, reports, reminders, clusters, reports counted
    with django_assert_num_queries(7):
        matrix, page = selectors.matrix_page(2026, page=2, per_page=2)
    assert [row.organization.display_name for row in page] == ["Sở TTTT Dak", "Sở TTTT Đắk Lắk"]
    assert page.paginator.count == 5
    assert page.paginator.num_pages == 3
    assert (matrix.rates[0].expected, matrix.rates[0].reported) == (5, 2)
