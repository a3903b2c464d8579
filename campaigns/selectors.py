"""Reads of directives and campaigns that other apps rely on."""

from django.db.models import Q

from .models import Campaign


def campaigns_for_organization(organization, year):
    """Active campaigns running during `year` in which `organization` takes part."""
    return (
        Campaign.objects.active()
        .running_in(year)
        .filter(Q(all_organizations=True) | Q(participants=organization))
        .distinct()
        .select_related("directive", "lead_organization")
        .prefetch_related("themes")
        .order_by("-start_date", "name")
    )


def theme_for(campaign, year):
    """The campaign's CampaignTheme for `year`, or None (no query when themes are prefetched)."""
    if "themes" in getattr(campaign, "_prefetched_objects_cache", {}):
        return next((theme for theme in campaign.themes.all() if theme.year == year), None)
    return campaign.themes.filter(year=year).first()
