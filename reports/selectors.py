"""Reads of reporting periods, reports and reminders that span models."""

import datetime
import functools
import operator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organization
from clusters.models import Cluster, ClusterMembership
from emulation_portal.vietnamese import fold

from . import rates, workflow
from .models import LockException, QuarterlyReport, Reminder, ReportingPeriod

# The kinds of organisation that report each quarter (Chỉ thị 103/CT-BTTTT, part III).
REPORTING_KINDS = (
    Organization.Kind.PROVINCIAL_DEPARTMENT,
    Organization.Kind.MINISTRY_DEPARTMENT,
    Organization.Kind.ENTERPRISE,
)
# Reports that no longer need a reminder.
DONE_STATUSES = workflow.REPORTED | {workflow.EXCUSED}


def reporting_units(period):
    """The organisations that must report for `period`: reporting kinds active on its reference day."""
    return (
        Organization.objects.active_on(period.reference_day)
        .filter(kind__in=REPORTING_KINDS)
        .exclude(code__in=settings.REPORT_RECEIVER_CODES)
    )


def must_report(organization, period):
    return (
        organization.kind in REPORTING_KINDS
        and organization.code not in settings.REPORT_RECEIVER_CODES
        and organization.is_active_on(period.reference_day)
    )


def open_periods(now=None):
    """Periods in which units may currently submit (opened, not locked), soonest deadline first."""
    now = now or timezone.now()
    return ReportingPeriod.objects.filter(opens_on__lte=timezone.localdate(now), lock_at__gt=now).order_by("due_at")


def submission_open(organization, period, now=None):
    """Whether `organization` may still save or submit for `period` (before the lock, or by exception)."""
    now = now or timezone.now()
    if now < period.lock_at:
        return True
    return LockException.objects.filter(organization=organization, period=period, until__gt=now).exists()


def units_to_remind(period, *, rule=None):
    """Units that must report for `period` and have neither reported nor been excused.

    With `rule`, also without the scheduled e-mail reminder of that rule: the units a daily
    round still has to claim, found in one query.
    """
    done = QuarterlyReport.objects.filter(organization=OuterRef("pk"), period=period, status__in=DONE_STATUSES)
    units = reporting_units(period).exclude(Exists(done))
    if rule is not None:
        reminded = Reminder.objects.filter(
            organization=OuterRef("pk"), period=period, rule=rule, channel=Reminder.Channel.EMAIL
        )
        units = units.exclude(Exists(reminded))
    return units.order_by("name")


def reminder_periods(now=None):
    """Periods whose reminder window (from the earliest offset to the lock) contains `now`."""
    now = now or timezone.now()
    earliest = max(settings.REPORT_REMINDER_OFFSETS, default=0)
    return ReportingPeriod.objects.filter(
        due_at__lte=now + datetime.timedelta(days=earliest), lock_at__gt=now
    ).order_by("due_at")


def reports_for_organization(organization):
    return QuarterlyReport.objects.filter(organization=organization).select_related("period")


def recent_reminders(*, period=None, organization=None):
    qs = Reminder.objects.select_related("organization", "period", "triggered_by")
    if period is not None:
        qs = qs.filter(period=period)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs


# ---- the completeness matrix -------------------------------------------------------------


@dataclass
class Cell:
    period: ReportingPeriod
    state: str
    report: QuarterlyReport | None = None
    reminders: int = 0
    not_due: bool = False  # the deadline is still ahead: "missing" is not yet a failure

    @property
    def on_time(self):
        return None if self.report is None or self.report.is_late is None else not self.report.is_late


@dataclass
class Row:
    organization: Organization
    cluster: object = None
    cells: list = field(default_factory=list)


@dataclass
class Matrix:
    year: int
    periods: list
    rows: list
    rates: list  # one rates.Rates per period, in period order


def cell_state(report, active):
    if not active:
        return rates.NOT_APPLICABLE
    if report is None or report.status == workflow.DRAFT:
        return rates.MISSING
    if report.status == workflow.EXCUSED:
        return rates.EXCUSED
    if report.status == workflow.RETURNED:
        return rates.RETURNED
    return rates.LATE if report.is_late else rates.ON_TIME


# The columns the matrix and its exports read from a unit (no search text, e-mail, links).
MATRIX_UNIT_COLUMNS = ("pk", "code", "name", "short_name", "kind", "province", "valid_from", "valid_until")
# Kinds in the matrix's order (REPORTING_KINDS), as a number the database can order by.
KIND_RANK = Case(
    *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(REPORTING_KINDS)), output_field=IntegerField()
)


def _active_on(day, prefix=""):
    """A filter: the organisation (at `prefix`) existed on `day`, as Organization.is_active_on."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


# The matrix's review-status filter: a unit is shown when its report of a chosen period is in
# this state. "missing" counts only periods already open (a later one cannot have a report
# yet) and "overdue" only those whose deadline has passed, both for units that had to report.
MATRIX_STATUSES = ("missing", workflow.SUBMITTED, workflow.ACCEPTED, workflow.RETURNED, workflow.EXCUSED, "overdue")


def _status_filter(status, periods, now=None):
    """A filter on organisations: a report of one of `periods` is in `status` (MATRIX_STATUSES)."""
    if status in (workflow.SUBMITTED, workflow.ACCEPTED, workflow.RETURNED, workflow.EXCUSED):
        return Exists(QuarterlyReport.objects.filter(organization=OuterRef("pk"), period__in=periods, status=status))
    now = now or timezone.now()
    if status == "overdue":
        periods = [p for p in periods if p.due_at <= now]
    else:
        periods = [p for p in periods if p.opens_on <= timezone.localdate(now)]
    if not periods:
        return Q(pk__in=[])
    done = DONE_STATUSES
    return functools.reduce(
        operator.or_,
        (
            _active_on(p.reference_day)
            & ~Exists(QuarterlyReport.objects.filter(organization=OuterRef("pk"), period=p, status__in=done))
            for p in periods
        ),
    )


def matrix_units(year, *, kind="", cluster=None, province="", search="", status="", quarter=None, periods=None):
    """Reporting units that existed at some time in `year`, filtered, grouped by kind.

    Within a kind, units are in Vietnamese alphabetical order of the name shown (the short
    name when there is one), by `Organization.sort_name`; the search looks in the folded
    search column. Both run in the database, so a page of units costs one LIMIT query.
    `status` (one of MATRIX_STATUSES) keeps the units with a report in that state in the
    period of `quarter`, or in any period of the year (`periods`, read when not given).
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = Organization.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last),
        Q(valid_until__isnull=True) | Q(valid_until__gte=first),
        kind__in=REPORTING_KINDS,
    ).exclude(code__in=settings.REPORT_RECEIVER_CODES)
    if kind:
        qs = qs.filter(kind=kind)
    if cluster is not None:
        qs = qs.filter(
            Exists(ClusterMembership.objects.filter(organization=OuterRef("pk"), cluster=cluster, year=year))
        )
    if needle := fold(search):
        qs = qs.filter(search_text__contains=needle)
    if needle := fold(province):
        # Provinces are few: fold their distinct spellings here, then filter on the matches.
        provinces = {p for p in Organization.objects.values_list("province", flat=True).distinct() if needle in fold(p)}
        qs = qs.filter(province__in=provinces)
    if status in MATRIX_STATUSES:
        if periods is None:
            periods = matrix_periods(year)
        chosen = [p for p in periods if not quarter or p.quarter == quarter]
        qs = qs.filter(_status_filter(status, chosen))
    return qs.only(*MATRIX_UNIT_COLUMNS).alias(kind_rank=KIND_RANK).order_by("kind_rank", "sort_name", "name", "pk")


def matrix_periods(year):
    return list(ReportingPeriod.objects.filter(year=year).order_by("quarter"))


def _clusters_of(year, unit_ids):
    """{unit pk: its cluster in `year`} in one query, one Cluster object per cluster (not per unit)."""
    fields = [field.attname for field in Cluster._meta.concrete_fields]
    clusters, of = {}, {}
    for organization_id, *values in ClusterMembership.objects.filter(
        year=year, organization_id__in=unit_ids
    ).values_list("organization_id", *(f"cluster__{name}" for name in fields)):
        cluster = clusters.get(values[0])
        if cluster is None:
            cluster = clusters[values[0]] = Cluster.from_db(ClusterMembership.objects.db, fields, values)
        of[organization_id] = cluster
    return of


def matrix_rows(year, periods, units):
    """One row per unit of `units` (a list), with its cells for `periods`, in 3 queries."""
    unit_ids = [unit.pk for unit in units]
    if not unit_ids or not periods:
        return [Row(organization=unit) for unit in units] if not periods else []
    by_pk = {period.pk: period for period in periods}
    reports = {}
    # Unordered: the reports' default order would join the periods only to sort them.
    for report in (
        QuarterlyReport.objects.filter(period__in=periods, organization_id__in=unit_ids)
        .only("pk", "organization_id", "period_id", "status", "first_submitted_at")
        .order_by()
    ):
        report.period = by_pk[report.period_id]  # already loaded: no join, no query per cell
        reports[report.organization_id, report.period_id] = report
    reminder_counts = {
        (row["organization_id"], row["period_id"]): row["n"]
        for row in Reminder.objects.filter(
            period__in=periods, organization_id__in=unit_ids, channel=Reminder.Channel.EMAIL
        )
        .values("organization_id", "period_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    clusters = _clusters_of(year, unit_ids)
    reference_days = [period.reference_day for period in periods]
    now = timezone.now()
    rows = []
    for unit in units:
        row = Row(organization=unit, cluster=clusters.get(unit.pk))
        for period, reference_day in zip(periods, reference_days, strict=True):
            report = reports.get((unit.pk, period.pk))
            row.cells.append(
                Cell(
                    period=period,
                    state=cell_state(report, unit.is_active_on(reference_day)),
                    report=report,
                    reminders=reminder_counts.get((unit.pk, period.pk), 0),
                    not_due=now < period.due_at,
                )
            )
        rows.append(row)
    return rows


def _unit_counts(periods, units):
    """How many units `units` holds, and how many of them were active in each period, in one query."""
    counts = units.order_by().aggregate(
        total=Count("pk"), **{f"p{p.pk}": Count("pk", filter=_active_on(p.reference_day)) for p in periods}
    )
    return counts["total"], {p.pk: counts[f"p{p.pk}"] for p in periods}


def units_rates(periods, units, *, active=None):
    """Rates of each of `periods` over the units of the queryset `units`, counted in 2 queries.

    `active` (period pk -> active units), when the caller counted it already, saves one.
    """
    if not periods:
        return []
    if active is None:
        _total, active = _unit_counts(periods, units)
    on_time_until = Coalesce("period__grace_until", "period__due_at")
    counted = QuarterlyReport.objects.filter(
        # A report counts only in a period its unit had to report in (active then).
        functools.reduce(operator.or_, (Q(period=p) & _active_on(p.reference_day, "organization__") for p in periods)),
        organization__in=units.order_by().values("pk"),
    )
    counts = {
        row["period_id"]: row
        for row in counted.values("period_id")
        .annotate(
            excused=Count("pk", filter=Q(status=workflow.EXCUSED)),
            reported=Count("pk", filter=Q(status__in=workflow.REPORTED)),
            on_time=Count("pk", filter=Q(status__in=workflow.REPORTED, first_submitted_at__lt=on_time_until)),
        )
        .order_by()
    }
    empty = {"excused": 0, "reported": 0, "on_time": 0}
    return [
        rates.rates_from_counts(units=active[p.pk], **{k: counts.get(p.pk, empty)[k] for k in empty}) for p in periods
    ]


def build_matrix(year, **filters):
    """Units × quarters of `year` with states, reminder counts and per-period rates (every unit).

    `filters`: those of `matrix_units` (kind, cluster, province, search, status, quarter).
    """
    periods = matrix_periods(year)
    units = matrix_units(year, periods=periods, **filters)
    return Matrix(
        year=year, periods=periods, rows=matrix_rows(year, periods, list(units)), rates=units_rates(periods, units)
    )


def matrix_page(year, *, page=None, per_page=100, **filters):
    """The matrix of one page of units (a Paginator page whose object_list holds the rows).

    The database orders and slices the units, so page 50 costs what page 1 does; the
    rates still cover every filtered unit.
    """
    periods = matrix_periods(year)
    units = matrix_units(year, periods=periods, **filters)
    total, active = _unit_counts(periods, units)
    paginator = Paginator(units, per_page)
    paginator.count = total  # counted with the rates' query: no COUNT(*) of its own
    page_obj = paginator.get_page(page)
    page_obj.object_list = matrix_rows(year, periods, list(page_obj.object_list))
    matrix = Matrix(
        year=year, periods=periods, rows=page_obj.object_list, rates=units_rates(periods, units, active=active)
    )
    return matrix, page_obj


def iter_matrix_rows(year, periods, units, *, chunk=500):
    """Rows of every unit of the queryset `units`, fetched `chunk` units at a time (for exports)."""
    units = list(units)  # one query for the ids and names; cells follow a chunk at a time
    for start in range(0, len(units), chunk):
        yield from matrix_rows(year, periods, units[start : start + chunk])


def export_matrix(year, **filters):
    """The whole matrix for an export, its rows a generator fetching 500 units at a time."""
    periods = matrix_periods(year)
    units = matrix_units(year, periods=periods, **filters)
    return Matrix(
        year=year, periods=periods, rows=iter_matrix_rows(year, periods, units), rates=units_rates(periods, units)
    )


def compute_period_rates(cells):
    return rates.compute_rates(cells)


def period_rates(period):
    """Rates of one period over every unit that had to report in it."""
    return units_rates([period], reporting_units(period))[0]
