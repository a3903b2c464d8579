from django.utils import translation
from django.utils.functional import SimpleLazyObject

from emulation_portal.fragments import scope

from .navigation import items_for
from .permissions import is_ministry_staff, primary_role


def navigation(request):
    """Navigation entries and the user's role for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = primary_role(user)
    return {
        # Built only when the page's navigation is not reused from the cache (templates/base.html).
        "nav_items": SimpleLazyObject(lambda: items_for(user, request.path)),
        "nav_key": SimpleLazyObject(lambda: f"{scope(user)}|{translation.get_language()}|{request.path}"),
        "user_role_label": role.label if role else "",
        "user_is_ministry_staff": is_ministry_staff(user),
        "user_can_admin": user.is_superuser,
    }
