"""Home page panels: the campaigns a unit takes part in this year, with their themes.

The campaigns are read lazily, inside the home page's cached part (`Panel.cached`), whose
key has the date: the year decides what runs.
"""

from django.utils import timezone

from accounts.dashboard import Panel, lazy
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
        organization = user.organization
        result.append(
            Panel(
                "campaigns/_panel_campaigns.html",
                {
                    "year": year,
                    "items": lazy(lambda: _with_themes(campaigns_for_organization(organization, year), year)),
                    "mine": True,
                },
                order=20,
                cached=True,
            )
        )
    elif can_view_overview(user):

        def overview():
            running = Campaign.objects.active().running_in(year)
            campaigns = running.select_related("directive").prefetch_related("themes").order_by("-start_date", "name")
            items = _with_themes(campaigns[: OVERVIEW_LIMIT + 1], year)
            # Five or fewer running: the list counted them, no COUNT query.
            return {
                "items": items[:OVERVIEW_LIMIT],
                "total": len(items) if len(items) <= OVERVIEW_LIMIT else running.count(),
            }

        shown = lazy(overview)
        result.append(
            Panel(
                "campaigns/_panel_campaigns.html",
                {
                    "year": year,
                    "items": lazy(lambda: shown["items"]),
                    "total": lazy(lambda: shown["total"]),
                    "can_manage": can_manage_campaigns(user),
                },
                order=20,
                cached=True,
            )
        )
    return result
