"""The home panel of the summaries app: a way into the dashboard for staff and leadership.

Summary files are not in the data version (their progress is written often while they
build), so the panel is rendered on every request and its list of recent files is cached
for one minute at most (see the template): a file just built shows within a minute.
"""

from accounts.dashboard import Panel, lazy

from .models import SummaryFile
from .permissions import can_read_summaries

RECENT = 3


def panels(request):
    if not can_read_summaries(request.user):
        return []
    recent = lazy(lambda: list(SummaryFile.objects.filter(status=SummaryFile.Status.READY)[:RECENT]))
    return [Panel("summaries/_panel_dashboard.html", {"recent": recent}, order=25)]
