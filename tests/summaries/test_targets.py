"""The targets of 103/CT-BTTTT on the dashboard, and the campaign summary, against reported figures."""

from decimal import Decimal

from reports.models import QuarterlyReport, ReportSection, TargetFigure
from summaries import campaign, selectors
from tests.campaigns.factories import CampaignFactory, DirectiveFactory, TargetFactory
from tests.reports.factories import QuarterlyReportFactory


def _figure(report, target, value):
    section, _created = ReportSection.objects.get_or_create(
        report=report, campaign=target.campaign, defaults={"campaign_name": target.campaign.name}
    )
    TargetFigure.objects.create(section=section, target=target, target_text=target.text, value=Decimal(value))


def test_the_latest_period_figures_are_averaged_against_the_target(period, unit_a, unit_b):
    directive = DirectiveFactory(number="103/CT-BTTTT")
    target = TargetFactory(
        campaign=CampaignFactory(directive=directive),
        text="Tỷ lệ doanh nghiệp công nghệ số trên 1.000 dân",
        metric="Doanh nghiệp công nghệ số/1.000 dân",
        target_value=Decimal("0.7"),
        direction="at_least",
        unit="doanh nghiệp/1.000 dân",
    )
    TargetFactory(campaign=target.campaign, text="Không định lượng", metric="", target_value=None, direction="")
    for unit, value in ((unit_a, "0.5"), (unit_b, "0.9")):
        report = QuarterlyReportFactory(organization=unit, period=period, status=QuarterlyReport.Status.DRAFT)
        _figure(report, target, value)

    [row] = selectors.target_progress()
    assert row.target == target
    assert row.value == Decimal("0.7")
    assert row.reporting_units == 2
    assert row.period == period
    assert row.progress.met is True
    assert "100%" in selectors.target_chart([row])

    data = campaign.load({"campaign": target.campaign.pk})
    measurable = data.measurable
    assert [line.figures for line in measurable] == [2]
    assert measurable[0].minimum == Decimal("0.5")
    assert measurable[0].maximum == Decimal("0.9")
    assert data.units == 2


def test_no_measurable_target_gives_an_empty_list(db):
    assert selectors.target_progress() == []
