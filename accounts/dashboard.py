"""Panels of the home dashboard, contributed by each app.

Each app may provide `<app>.dashboard.panels(request) -> list[Panel]`; the home page
shows the panels of all apps, ordered by `order`.

The home page costs little while nothing changed (emulation_portal.fragments): the
panels marked `cached` are rendered together inside `{% cache ... page_key today %}`,
so a repeat request runs none of their queries. For that, a provider decides from the
user's roles and organisation alone which panels to offer, and hands over what they show
lazily (`lazy(fn)`, querysets): it is read only when the cached part is rendered again.

A `cached` panel may show only what depends on the portal's data, the user's roles and
organisation, the language and the date: no CSRF token (its POST buttons name the page's
form, `<button form="home-post" formaction="...">`), nothing of the user alone, nothing
that changes with the hour or without a write to the portal's tables (task heartbeats,
summary builds). A panel that shows such things is not `cached`; its template may still
cache its costly parts itself.
"""

import functools
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import Organization
from .permissions import can_view_overview, is_unit_officer


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # Rendered inside the home page's cached part (see the module's docstring).
    cached: bool = False


def lazy(function):
    """`function()`'s value, computed when a template first reads it (never on a cache hit)."""
    return SimpleLazyObject(function)


def organization_counts(today):
    """Active organisations, of which provincial departments, and ended ones, in one query."""
    # The condition of OrganizationQuerySet.active_on, as a filter of one count among three.
    active = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return Organization.objects.aggregate(
        active=Count("pk", filter=active),
        provincial=Count("pk", filter=active & Q(kind=Organization.Kind.PROVINCIAL_DEPARTMENT)),
        ended=Count("pk", filter=Q(valid_until__lt=today)),
    )


def panels(request):
    """The foundation's own panels: who you are, and portal-wide counts for staff."""
    user = request.user
    result = []
    if is_unit_officer(user):
        result.append(
            Panel("accounts/_panel_organization.html", {"organization": user.organization}, order=10, cached=True)
        )
    if can_view_overview(user):
        today = timezone.localdate()
        counts = lazy(lambda: organization_counts(today))
        result.append(Panel("accounts/_panel_overview.html", {"counts": counts}, order=90, cached=True))
    return result


@functools.cache
def _providers(installed_apps):
    found = []
    for app in installed_apps:
        module_name = f"{app}.dashboard"
        if "." in app or find_spec(app) is None or find_spec(module_name) is None:
            continue
        found.append(import_module(module_name).panels)
    return tuple(found)


def collect_panels(request):
    """Every installed app's dashboard panels for this request, in order."""
    collected = []
    for provider in _providers(tuple(settings.INSTALLED_APPS)):
        collected.extend(provider(request))
    return sorted(collected, key=lambda panel: panel.order)


def panel_runs(panels):
    """`panels` in runs of neighbours alike: each run cached as one part, or rendered on every request."""
    runs = []
    for panel in panels:
        if runs and runs[-1]["cached"] == panel.cached:
            runs[-1]["panels"].append(panel)
        else:
            runs.append({"cached": panel.cached, "panels": [panel]})
    for run in runs:
        # With the page key (roles, organisation): which panels the part holds.
        run["key"] = ",".join(panel.template for panel in run["panels"])
    return runs
