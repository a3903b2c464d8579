"""The campaign summary: its directive, themes and tasks, and each target beside the figures reported."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from reports.models import ReportSection, TargetFigure

from . import charts, targets

KIND = "campaign"
TEMPLATE = "summaries/pdf/campaign.html"


@dataclass
class TargetLine:
    target: object
    figures: int
    average: object
    minimum: object
    maximum: object
    progress: targets.Progress

    @property
    def target_text(self):
        t = self.target
        if t.target_value is None:
            return ""
        upper = f" – {t.target_value_max.normalize()}" if t.target_value_max is not None else ""
        return f"{t.get_direction_display()} {t.target_value.normalize()}{upper} {t.unit}".strip()


@dataclass
class CampaignData:
    campaign: Campaign
    themes: list
    tasks: list
    lines: list
    sections: int
    units: int

    @property
    def measurable(self):
        return [line for line in self.lines if line.target.is_measurable]

    def chart(self):
        rows = self.measurable
        if not rows:
            return ""
        return charts.horizontal_bars(
            [
                (
                    line.target.metric or line.target.text,
                    line.progress.percent,
                    None if line.average is not None else _("no figures"),
                )
                for line in rows
            ],
            title=_("Progress towards the measurable targets"),
            description=_("The same figures are in the table of targets."),
            label_width=260,
        )


def clean_parameters(parameters):
    campaign = Campaign.objects.filter(pk=int(parameters["campaign"])).first()
    if campaign is None:
        raise LookupError("campaign")
    return {"campaign": campaign.pk, "slug": f"tong-hop-phong-trao-{campaign.pk}"}


def title(parameters):
    campaign = Campaign.objects.get(pk=parameters["campaign"])
    return _("Campaign summary: %(name)s") % {"name": campaign.name}


def fingerprint_parts(parameters):
    """The campaign and its parts, and the report sections and figures about it."""
    campaign = Campaign.objects.select_related("directive").get(pk=parameters["campaign"])
    sections = ReportSection.objects.filter(campaign=campaign).aggregate(n=Count("pk"), last=Max("report__updated_at"))
    figures = TargetFigure.objects.filter(target__campaign=campaign).aggregate(n=Count("pk"), last=Max("pk"))
    return [
        campaign.pk,
        campaign.updated_at,
        campaign.directive.updated_at if campaign.directive else None,
        list(campaign.themes.values_list("pk", "year", "text")),
        list(campaign.tasks.values_list("pk", "position", "text")),
        list(campaign.targets.values_list("pk", "text", "metric", "target_value", "target_value_max", "direction")),
        sections,
        figures,
    ]


def load(parameters):
    campaign = Campaign.objects.select_related("directive", "lead_organization").get(pk=parameters["campaign"])
    stats = {
        row["target"]: row
        for row in TargetFigure.objects.filter(target__campaign=campaign, value__isnull=False)
        .values("target")
        .annotate(n=Count("pk"), avg=Avg("value"), low=Min("value"), high=Max("value"))
    }
    lines = []
    for target in campaign.targets.select_related("field"):
        row = stats.get(target.pk, {})
        average = row.get("avg")
        lines.append(
            TargetLine(
                target=target,
                figures=row.get("n", 0),
                average=average,
                minimum=row.get("low"),
                maximum=row.get("high"),
                progress=targets.progress(target.direction, target.target_value, average, target.target_value_max),
            )
        )
    sections = ReportSection.objects.filter(campaign=campaign)
    return CampaignData(
        campaign=campaign,
        themes=list(campaign.themes.order_by("year")),
        tasks=list(campaign.tasks.order_by("position")),
        lines=lines,
        sections=sections.count(),
        units=sections.values("report__organization").distinct().count(),
    )


def context(data, parameters):
    return {"data": data, "chart": data.chart()}


def parameter_rows(data, parameters):
    campaign = data.campaign
    directive = campaign.directive
    return [
        (_("Campaign"), campaign.name),
        (_("Directive"), f"{directive.number} ({directive.issued_on:%d/%m/%Y})" if directive else "—"),
    ]


def sheets(data, parameters):
    targets_rows = [
        (
            str(line.target.field),
            line.target.text,
            line.target.metric,
            line.target_text,
            line.figures,
            float(line.average) if line.average is not None else None,
            float(line.minimum) if line.minimum is not None else None,
            float(line.maximum) if line.maximum is not None else None,
            line.progress.percent,
        )
        for line in data.lines
    ]
    return [
        (
            _("Targets"),
            [
                _("Field"),
                _("Target"),
                _("Metric"),
                _("Target value"),
                _("Figures reported"),
                _("Average"),
                _("Lowest"),
                _("Highest"),
                _("Progress (%)"),
            ],
            targets_rows,
        ),
        (_("Themes"), [_("Year"), _("Theme")], [(theme.year, theme.text) for theme in data.themes]),
        (_("Tasks"), [_("No."), _("Task")], [(task.position, task.text) for task in data.tasks]),
    ]
