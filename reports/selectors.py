"""Reads of reporting periods, reports and reminders that span models."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Organization
from clusters.models import ClusterMembership
from emulation_portal.vietnamese import fold, sort_key

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


def units_to_remind(period):
    """Units that must report for `period` and have neither reported nor been excused."""
    done = QuarterlyReport.objects.filter(organization=OuterRef("pk"), period=period, status__in=DONE_STATUSES)
    return reporting_units(period).exclude(Exists(done)).order_by("name")


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


def matrix_units(year, *, kind="", cluster=None, province="", search=""):
    """Reporting units that existed at some time in `year`, filtered, grouped by kind.

    Within a kind, units are in Vietnamese alphabetical order of the name shown (the short
    name when there is one). Sorting and the name and province searches run in Python: database collations
    put "Đ…" after "Z…" and compare Vietnamese case-sensitively.
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
        qs = qs.filter(cluster_memberships__cluster=cluster, cluster_memberships__year=year)
    units = list(qs)
    needle = fold(search)
    if needle:
        units = [u for u in units if needle in fold(u.name) or needle in fold(u.short_name)]
    province = fold(province)
    if province:
        units = [u for u in units if province in fold(u.province)]
    kind_order = {value: index for index, value in enumerate(REPORTING_KINDS)}
    return sorted(units, key=lambda unit: (kind_order[unit.kind], sort_key(unit.display_name)))


def build_matrix(year, *, kind="", cluster=None, province="", search=""):
    """Units × quarters of `year` with states, reminder counts and per-period rates, in 5 queries."""
    periods = list(ReportingPeriod.objects.filter(year=year).order_by("quarter"))
    units = matrix_units(year, kind=kind, cluster=cluster, province=province, search=search)
    unit_ids = [unit.pk for unit in units]
    reports = {
        (report.organization_id, report.period_id): report
        for report in QuarterlyReport.objects.filter(period__in=periods, organization_id__in=unit_ids).select_related(
            "period"
        )
    }
    reminder_counts = {
        (row["organization_id"], row["period_id"]): row["n"]
        for row in Reminder.objects.filter(
            period__in=periods, organization_id__in=unit_ids, channel=Reminder.Channel.EMAIL
        )
        .values("organization_id", "period_id")
        .annotate(n=Count("pk"))
    }
    clusters = {
        membership.organization_id: membership.cluster
        for membership in ClusterMembership.objects.filter(year=year, organization_id__in=unit_ids).select_related(
            "cluster"
        )
    }
    reference_days = [period.reference_day for period in periods]
    now = timezone.now()
    rows = []
    for unit in units:
        row = Row(organization=unit, cluster=clusters.get(unit.pk))
        for period, reference_day in zip(periods, reference_days, strict=True):
            report = reports.get((unit.pk, period.pk))
            active = unit.is_active_on(reference_day)
            row.cells.append(
                Cell(
                    period=period,
                    state=cell_state(report, active),
                    report=report,
                    reminders=reminder_counts.get((unit.pk, period.pk), 0),
                    not_due=now < period.due_at,
                )
            )
        rows.append(row)
    period_rates = [compute_period_rates([row.cells[i] for row in rows]) for i in range(len(periods))]
    return Matrix(year=year, periods=periods, rows=rows, rates=period_rates)


def compute_period_rates(cells):
    return rates.compute_rates(cells)


def period_rates(period):
    """Rates of one period over every unit that had to report in it."""
    units = list(reporting_units(period).values_list("pk", flat=True))
    reports = {r.organization_id: r for r in QuarterlyReport.objects.filter(period=period, organization_id__in=units)}
    for report in reports.values():
        report.period = period
    cells = [Cell(period=period, state=cell_state(reports.get(pk), True), report=reports.get(pk)) for pk in units]
    return rates.compute_rates(cells)
