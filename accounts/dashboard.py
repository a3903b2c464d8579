"""Panels of the home dashboard, contributed by each app.

Each app may provide `<app>.dashboard.panels(request) -> list[Panel]`; the home page
shows the panels of all apps, ordered by `order`.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.utils import timezone

from .models import Organization
from .permissions import can_view_overview, is_unit_officer


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def panels(request):
    """The foundation's own panels: who you are, and portal-wide counts for staff."""
    user = request.user
    result = []
    if is_unit_officer(user):
        result.append(Panel("accounts/_panel_organization.html", {"organization": user.organization}, order=10))
    if can_view_overview(user):
        today = timezone.localdate()
        counts = {
            "active": Organization.objects.active_on(today).count(),
            "provincial": Organization.objects.active_on(today)
            .filter(kind=Organization.Kind.PROVINCIAL_DEPARTMENT)
            .count(),
            "ended": Organization.objects.filter(valid_until__lt=today).count(),
        }
        result.append(Panel("accounts/_panel_overview.html", {"counts": counts}, order=90))
    return result


def collect_panels(request):
    """Every installed app's dashboard panels for this request, in order."""
    collected = []
    for app in settings.INSTALLED_APPS:
        module_name = f"{app}.dashboard"
        if "." in app or find_spec(app) is None or find_spec(module_name) is None:
            continue
        collected.extend(import_module(module_name).panels(request))
    return sorted(collected, key=lambda panel: panel.order)
