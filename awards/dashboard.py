"""Home page panel: nominations per status for staff and leadership, the unit's own for officers."""

from accounts.dashboard import Panel
from accounts.permissions import can_view_overview, is_unit_officer

from .models import Nomination
from .permissions import can_run_council
from .selectors import status_counts

OWN_LIMIT = 5


def panels(request):
    user = request.user
    if can_view_overview(user):
        counts = status_counts(Nomination.objects.all())
        rows = [
            {"status": value, "label": label, "count": counts[value]}
            for value, label in Nomination.Status.choices
            if counts.get(value)
        ]
        context = {"rows": rows, "total": sum(counts.values()), "can_run_council": can_run_council(user)}
        return [Panel("awards/_nomination_panel.html", context, order=40)]
    if is_unit_officer(user):
        own = Nomination.objects.filter(proposing_organization_id=user.organization_id).select_related("award_type")
        context = {"mine": True, "nominations": list(own.order_by("-year", "-pk")[:OWN_LIMIT]), "total": own.count()}
        return [Panel("awards/_nomination_panel.html", context, order=40)]
    return []
