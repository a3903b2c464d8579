"""The main navigation: what each role is offered.

An entry whose URL is not installed yet is left out, so a capability shows in the
navigation as soon as its app provides the URL.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import is_leadership, is_ministry_staff, is_unit_officer


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    allowed: object  # a predicate of the user


def _everyone(user):
    return user.is_authenticated


def _overview(user):
    return is_ministry_staff(user) or is_leadership(user)


NAV_ITEMS = (
    NavItem(_("Home"), "home", "house", _everyone),
    NavItem(_("Directives and campaigns"), "campaigns:campaign_list", "flag", _everyone),
    NavItem(_("Clusters"), "clusters:cluster_list", "diagram-3", _everyone),
    NavItem(_("My reports"), "reports:my_reports", "file-earmark-text", is_unit_officer),
    NavItem(_("Report tracking"), "reports:matrix", "grid-3x3", _overview),
    NavItem(_("Dashboard"), "summaries:dashboard", "bar-chart-line", _overview),
    NavItem(_("Nominations"), "awards:nomination_list", "award", _everyone),
    NavItem(_("Organisations"), "accounts:organization_list", "building", _overview),
)


def items_for(user, current_path=""):
    """The navigation entries `user` may use, with their URLs and which is active."""
    items = []
    for item in NAV_ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return items
