"""The quarterly compliance summary: every unit of one period, with the reports app's own rules.

States, on-time judgement and rates come from reports.selectors.build_matrix and
reports.rates; clusters are ranked with clusters.ranking. Nothing is recomputed here.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Organization
from clusters import ranking
from clusters.models import ClusterMembership
from emulation_portal.templatetags.portal_tags import deadline
from reports import rates, selectors
from reports.exports import state_label
from reports.models import QuarterlyReport, Reminder, ReportingPeriod

from . import charts

KIND = "compliance"
TEMPLATE = "summaries/pdf/compliance.html"
STATES = (rates.ON_TIME, rates.LATE, rates.RETURNED, rates.MISSING, rates.EXCUSED)


@dataclass
class UnitLine:
    organization: Organization
    cluster: object
    state: str
    report: QuarterlyReport | None
    reminders: int

    @property
    def state_label(self):
        return state_label(self.state)

    @property
    def submitted_at(self):
        return self.report.first_submitted_at if self.report else None


@dataclass
class ClusterLine:
    cluster: object
    rates: rates.Rates
    rank: int | None = None
    tied: bool = False


@dataclass
class ComplianceData:
    period: ReportingPeriod
    lines: list
    rates: rates.Rates
    counts: dict
    clusters: list = field(default_factory=list)
    cluster_year: int | None = None
    not_due: bool = False

    @property
    def clusters_from_earlier_year(self):
        return self.cluster_year is not None and self.cluster_year != self.period.year

    @property
    def missing(self):
        return [line for line in self.lines if line.state == rates.MISSING]

    @property
    def state_rows(self):
        return [(state, state_label(state), self.counts.get(state, 0)) for state in STATES]

    def cluster_chart(self):
        return charts.bar_chart(
            [_("Cluster %(number)s") % {"number": line.cluster.number} for line in self.clusters],
            [
                charts.Series(_("Reporting rate"), [line.rates.reporting_rate for line in self.clusters]),
                charts.Series(_("On-time rate"), [line.rates.on_time_rate for line in self.clusters]),
            ],
            title=_("Reporting and on-time rates by cluster, %(period)s") % {"period": self.period},
            description=_("The same figures are in the table of clusters."),
            width=680,
        )


def clean_parameters(parameters):
    """{"period": pk}; LookupError when the period does not exist."""
    period = ReportingPeriod.objects.filter(pk=int(parameters["period"])).first()
    if period is None:
        raise LookupError("period")
    return {"period": period.pk, "slug": f"tong-hop-bao-cao-quy-{period.quarter}-{period.year}"}


def title(parameters):
    period = ReportingPeriod.objects.get(pk=parameters["period"])
    return _("Quarterly report compliance, %(period)s") % {"period": period}


def fingerprint_parts(parameters):
    """What the summary depends on: the period, its reports, its reminders, the units and their clusters."""
    period = ReportingPeriod.objects.get(pk=parameters["period"])
    reports = QuarterlyReport.objects.filter(period=period).aggregate(n=Count("pk"), last=Max("updated_at"))
    reminders = Reminder.objects.filter(period=period).aggregate(n=Count("pk"), last=Max("pk"))
    units = list(
        selectors.reporting_units(period).order_by("pk").values_list("pk", "name", "short_name", "valid_until")
    )
    # This year's members, or an earlier year's while this year's are not recorded (see _clusters_of).
    memberships = ClusterMembership.objects.filter(year__lte=period.year).aggregate(n=Count("pk"), last=Max("pk"))
    # A period whose deadline is still ahead changes meaning ("not yet due") when it passes.
    return [
        period.pk,
        period.due_at,
        period.grace_until,
        reports,
        reminders,
        units,
        memberships,
        timezone.now() < period.due_at,
    ]


def load(parameters):
    """The summary's figures for the period in `parameters`."""
    period = ReportingPeriod.objects.get(pk=parameters["period"])
    return from_matrix(selectors.build_matrix(period.year), period)


def from_matrix(matrix, period):
    """The summary's figures for `period`, read from the reports matrix of its year."""
    column = [p.pk for p in matrix.periods].index(period.pk)
    clusters_of, cluster_year = _clusters_of(matrix, period)
    lines = []
    for row in matrix.rows:
        cell = row.cells[column]
        if cell.state == rates.NOT_APPLICABLE:
            continue
        cluster = clusters_of.get(row.organization.pk)
        lines.append(UnitLine(row.organization, cluster, cell.state, cell.report, cell.reminders))
    cells = [row.cells[column] for row in matrix.rows]
    counts = {state: sum(1 for line in lines if line.state == state) for state in STATES}
    by_cluster = {}
    for row in matrix.rows:
        cluster = clusters_of.get(row.organization.pk)
        if cluster is not None:
            by_cluster.setdefault(cluster.pk, (cluster, []))[1].append(row.cells[column])
    cluster_lines = [
        ClusterLine(cluster, rates.compute_rates(cluster_cells))
        for cluster, cluster_cells in sorted(by_cluster.values(), key=lambda item: item[0].number)
    ]
    # Standings: by on-time rate, with the clusters app's ranking rule (ties share a rank).
    standings = ranking.rank(
        (
            line.cluster.pk,
            str(line.cluster),
            Decimal(str(line.rates.on_time_rate)) if line.rates.on_time_rate is not None else None,
        )
        for line in cluster_lines
    )
    by_pk = {entry.key: entry for entry in standings}
    for line in cluster_lines:
        line.rank, line.tied = by_pk[line.cluster.pk].rank, by_pk[line.cluster.pk].tied
    return ComplianceData(
        period=period,
        lines=lines,
        rates=rates.compute_rates(cells),
        counts=counts,
        clusters=cluster_lines,
        cluster_year=cluster_year,
        not_due=timezone.now() < period.due_at,
    )


def _clusters_of(matrix, period):
    """{organisation id: cluster} of the period's year, or of the latest earlier year with members.

    Cluster membership is recorded per year and a new year's is often recorded late; until
    then the clusters are compared with last year's members, and the page says which year.
    """
    clusters_of = {row.organization.pk: row.cluster for row in matrix.rows if row.cluster is not None}
    if clusters_of:
        return clusters_of, period.year
    year = (
        ClusterMembership.objects.filter(year__lt=period.year).order_by("-year").values_list("year", flat=True).first()
    )
    if year is None:
        return {}, None
    memberships = ClusterMembership.objects.filter(
        year=year, organization_id__in=[row.organization.pk for row in matrix.rows]
    ).select_related("cluster")
    return {m.organization_id: m.cluster for m in memberships}, year


def context(data, parameters):
    return {"data": data, "period": data.period, "chart": data.cluster_chart()}


def parameter_rows(data, parameters):
    """The parameters printed on the document: what was asked."""
    return [
        (_("Reporting period"), str(data.period)),
        (_("Deadline"), deadline(data.period)),
        (_("Units that had to report"), str(data.rates.expected)),
    ]


def sheets(data, parameters):
    """(title, header, rows) of the XLSX workbook: the same figures as the PDF."""
    summary = [
        (_("Units that had to report"), data.rates.expected),
        (_("Reported"), data.rates.reported),
        (_("On time"), data.rates.on_time),
        (_("Reporting rate (%)"), data.rates.reporting_rate),
        (_("On-time rate (%)"), data.rates.on_time_rate),
    ] + [(label, number) for _state, label, number in data.state_rows]
    units = [
        (
            index,
            line.organization.name,
            str(line.cluster or ""),
            line.state_label,
            f"{timezone.localtime(line.submitted_at):%d/%m/%Y %H:%M}" if line.submitted_at else "",
            line.reminders,
        )
        for index, line in enumerate(data.lines, start=1)
    ]
    clusters = [
        (
            str(line.cluster),
            line.rates.expected,
            line.rates.reported,
            line.rates.on_time,
            line.rates.reporting_rate,
            line.rates.on_time_rate,
            line.rank,
        )
        for line in data.clusters
    ]
    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (
            _("Units"),
            [
                _("No."),
                _("Organisation"),
                _("Cluster"),
                _("Status"),
                _("First submitted at"),
                pgettext("count", "Reminders"),
            ],
            units,
        ),
        (
            _("Clusters"),
            [
                _("Cluster"),
                _("Had to report"),
                _("Reported"),
                _("On time"),
                _("Reporting rate (%)"),
                _("On-time rate (%)"),
                _("Standing"),
            ],
            clusters,
        ),
    ]
