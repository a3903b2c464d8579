"""Reads of directives and campaigns that other apps rely on."""

from django.db.models import Count, Q

from emulation_portal.vietnamese import fold

from .models import Campaign, CampaignTask, Directive, Target


def campaigns_for_organization(organization, year):
    """Active campaigns running during `year` in which `organization` takes part (while it exists)."""
    if not organization.is_active_during(year):
        return Campaign.objects.none()
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


def search_campaigns(*, q="", year=None, kind="", field=None, status=""):
    """Campaigns matching a search text (name, directive, tasks, targets; accents and case ignored) and filters."""
    qs = Campaign.objects.select_related("directive").prefetch_related("fields").order_by("-start_date", "name")
    if q := fold(q):
        qs = qs.filter(
            Q(search_text__contains=q)
            | Q(pk__in=CampaignTask.objects.filter(search_text__contains=q).values("campaign"))
            | Q(pk__in=Target.objects.filter(search_text__contains=q).values("campaign"))
        )
    if year:
        qs = qs.running_in(year)
    if kind:
        qs = qs.filter(kind=kind)
    if field:
        qs = qs.filter(pk__in=Campaign.fields.through.objects.filter(field=field).values("campaign"))
    if status:
        qs = qs.filter(status=status)
    return qs


def search_directives(*, q="", year=None, status=""):
    """Directives matching a search text (number, title, full text; accents and case ignored) and filters."""
    qs = Directive.objects.annotate(campaign_count=Count("campaigns")).order_by("-year", "-issued_on", "number")
    if q := fold(q):
        qs = qs.filter(search_text__contains=q)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs
