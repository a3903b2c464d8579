"""Reads of the dashboard: rates per quarter, the period asked about, targets and the awards pipeline."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Avg, Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Target
from reports import selectors as report_selectors
from reports.models import ReportingPeriod, TargetFigure

from . import charts, targets

# The directive whose measurable targets the dashboard follows.
DIRECTIVE_103 = "103/CT-BTTTT"


def started_periods(now=None):
    """Reporting periods that have opened, oldest first."""
    today = timezone.localdate(now or timezone.now())
    return list(ReportingPeriod.objects.filter(opens_on__lte=today).order_by("year", "quarter"))


def default_period(periods, now=None):
    """The latest period whose deadline has passed, else the latest opened one, else None."""
    now = now or timezone.now()
    due = [p for p in periods if p.due_at <= now]
    return (due or periods or [None])[-1]


@dataclass
class QuarterRates:
    period: ReportingPeriod
    rates: object


def quarter_rates(years, periods):
    """Rates of every started period of `years`, from the reports matrix (one per year)."""
    started = {p.pk for p in periods}
    result, matrices = [], {}
    for year in sorted(years):
        matrix = report_selectors.build_matrix(year)
        matrices[year] = matrix
        result.extend(
            QuarterRates(period, rate)
            for period, rate in zip(matrix.periods, matrix.rates, strict=True)
            if period.pk in started
        )
    return result, matrices


def quarter_chart(rows):
    return charts.bar_chart(
        [_("Q%(quarter)s/%(year)s") % {"quarter": r.period.quarter, "year": r.period.year} for r in rows],
        [
            charts.Series(_("Reporting rate"), [r.rates.reporting_rate for r in rows]),
            charts.Series(_("On-time rate"), [r.rates.on_time_rate for r in rows]),
        ],
        title=_("Reporting and on-time rates per quarter"),
        description=_("The same figures are in the table beside the chart."),
        width=max(360, 72 * len(rows) + 60),
    )


@dataclass
class TargetProgress:
    target: Target
    value: object
    reporting_units: int
    period: object
    progress: targets.Progress


def target_progress(directive_number=DIRECTIVE_103):
    """Measurable targets of the directive's campaigns with the latest reported figures (average over units)."""
    measurable = list(
        Target.objects.filter(campaign__directive__number=directive_number, target_value__isnull=False)
        .select_related("field", "campaign")
        .order_by("campaign", "field__position", "position", "pk")
    )
    latest = {
        row["target"]: row["last"]
        for row in TargetFigure.objects.filter(target__in=measurable, value__isnull=False)
        .values("target")
        .annotate(last=Max("section__report__period__due_at"))
    }
    figures = {}
    for row in (
        TargetFigure.objects.filter(target__in=measurable, value__isnull=False)
        .values("target", "section__report__period__due_at", "section__report__period__year")
        .annotate(avg=Avg("value"), n=Count("pk"))
    ):
        if latest.get(row["target"]) == row["section__report__period__due_at"]:
            figures[row["target"]] = row
    periods = {p.due_at: p for p in ReportingPeriod.objects.filter(due_at__in=latest.values())}
    result = []
    for target in measurable:
        row = figures.get(target.pk)
        value = row["avg"] if row else None
        result.append(
            TargetProgress(
                target=target,
                value=value,
                reporting_units=row["n"] if row else 0,
                period=periods.get(row["section__report__period__due_at"]) if row else None,
                progress=targets.progress(target.direction, target.target_value, value, target.target_value_max),
            )
        )
    return result


def target_chart(rows):
    return charts.horizontal_bars(
        [
            (
                row.target.metric or row.target.text,
                row.progress.percent,
                None if row.value is not None else _("no figures"),
            )
            for row in rows
        ],
        title=_("Progress towards the measurable targets of %(directive)s") % {"directive": DIRECTIVE_103},
        description=_("The same figures are in the table of targets."),
        label_width=260,
    )


def awards_model(name):
    """An awards model, or None while the awards app does not provide it yet."""
    try:
        return apps.get_model("awards", name)
    except LookupError:
        return None


def nomination_pipeline():
    """[(status label, count)] of nominations in every status; empty with no nominations or no awards models."""
    nomination = awards_model("Nomination")
    if nomination is None or not hasattr(nomination, "Status"):
        return []
    counts = dict(nomination.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    if not counts:
        return []
    return [(label, counts.get(value, 0)) for value, label in nomination.Status.choices]
