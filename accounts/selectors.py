"""Reads of organisations for lists and pages."""

from django.db.models import Func, OuterRef, Subquery
from django.utils import timezone

from emulation_portal.vietnamese import fold

from .models import Organization, User


def search_organizations(*, q="", kind="", status=""):
    """Organisations matching a search text, a kind and an active/ended status."""
    today = timezone.localdate()
    # Users counted by a subquery, only for the rows of the page; ordered by the Vietnamese
    # sort column, so the database pages the list without reading every unit.
    users = User.objects.filter(organization=OuterRef("pk")).order_by().values("organization")
    qs = (
        Organization.objects.select_related("successor")
        .annotate(user_count=Subquery(users.annotate(count=Func("pk", function="COUNT")).values("count")))
        .order_by("kind", "sort_name", "pk")
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
