"""Who may see the dashboard and read summary files: ministry staff and leadership."""

from django.http import Http404

from accounts.permissions import can_view_overview

from .models import SummaryFile


def can_read_summaries(user):
    """Staff and leadership see portal-wide figures, so they may ask for and read every summary."""
    return can_view_overview(user)


def get_summary_for_user(user, pk):
    """The summary file `pk` if `user` may read it; 404 otherwise (its very existence is not told)."""
    if not can_read_summaries(user):
        raise Http404
    try:
        return SummaryFile.objects.select_related("requested_by").get(pk=pk)
    except (SummaryFile.DoesNotExist, ValueError):
        raise Http404 from None
