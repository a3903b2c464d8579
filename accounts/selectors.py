"""Reads of organisations for lists and pages."""

from django.db.models import Count
from django.utils import timezone

from emulation_portal.vietnamese import fold

from .models import Organization


def search_organizations(*, q="", kind="", status=""):
    """Organisations matching a search text, a kind and an active/ended status."""
    today = timezone.localdate()
    qs = (
        Organization.objects.select_related("successor", "parent")
        .annotate(user_count=Count("users"))
        .order_by("kind", "name")
    )
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    if kind:
        qs = qs.filter(kind=kind)
    if status == "active":
        qs = qs.active_on(today)
    elif status == "ended":
        qs = qs.filter(valid_until__lt=today)
    return qs
