"""Home page panel: nominations per status for staff and leadership, the unit's own for officers.

What the panel lists is read lazily, inside the home page's cached part (`Panel.cached`).
"""

from accounts.dashboard import Panel, lazy
from accounts.permissions import can_view_overview, is_unit_officer

from .models import Nomination
from .permissions import can_run_council
from .selectors import status_counts

OWN_LIMIT = 5


def status_rows():
    """Each status that has nominations, with its label and count, and the total."""
    counts = status_counts(Nomination.objects.order_by())  # no ordering: no join to award types
    rows = [
        {"status": value, "label": label, "count": counts[value]}
        for value, label in Nomination.Status.choices
        if counts.get(value)
    ]
    return {"rows": rows, "total": sum(counts.values())}


def own_nominations(organization_id):
    return (
        Nomination.objects.filter(proposing_organization_id=organization_id)
        .select_related("award_type")
        .order_by("-year", "-pk")
    )


def panels(request):
    user = request.user
    if can_view_overview(user):
        counted = lazy(status_rows)
        context = {
            "rows": lazy(lambda: counted["rows"]),
            "total": lazy(lambda: counted["total"]),
            "can_run_council": can_run_council(user),
        }
        return [Panel("awards/_nomination_panel.html", context, order=40, cached=True)]
    if is_unit_officer(user):
        organization_id = user.organization_id
        context = {
            "mine": True,
            "nominations": lazy(lambda: own_nominations(organization_id)[:OWN_LIMIT]),
            "total": lazy(lambda: own_nominations(organization_id).count()),
        }
        return [Panel("awards/_nomination_panel.html", context, order=40, cached=True)]
    return []
