"""Home page panels: the campaigns a unit takes part in this year, with their themes."""

from django.utils import timezone

from accounts.dashboard import Panel
from accounts.permissions import can_view_overview, is_unit_officer

from .models import Campaign
from .permissions import can_manage_campaigns
from .selectors import campaigns_for_organization, theme_for

OVERVIEW_LIMIT = 5


def _with_themes(campaigns, year):
    return [{"campaign": campaign, "theme": theme_for(campaign, year)} for campaign in campaigns]


def panels(request):
    user = request.user
    year = timezone.localdate().year
    result = []
    if is_unit_officer(user):
        campaigns = campaigns_for_organization(user.organization, year)
        result.append(
            Panel(
                "campaigns/_panel_campaigns.html",
                {"year": year, "items": _with_themes(campaigns, year), "mine": True},
                order=20,
            )
        )
    elif can_view_overview(user):
        running = Campaign.objects.active().running_in(year)
        campaigns = running.select_related("directive").prefetch_related("themes").order_by("-start_date", "name")
        result.append(
            Panel(
                "campaigns/_panel_campaigns.html",
                {
                    "year": year,
                    "items": _with_themes(campaigns[:OVERVIEW_LIMIT], year),
                    "total": running.count(),
                    "can_manage": can_manage_campaigns(user),
                },
                order=20,
            )
        )
    return result
