"""The home panel of the summaries app: a way into the dashboard for staff and leadership."""

from accounts.dashboard import Panel

from .models import SummaryFile
from .permissions import can_read_summaries

RECENT = 3


def panels(request):
    if not can_read_summaries(request.user):
        return []
    recent = list(SummaryFile.objects.filter(status=SummaryFile.Status.READY)[:RECENT])
    return [Panel("summaries/_panel_dashboard.html", {"recent": recent}, order=25)]
