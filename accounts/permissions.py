"""Who may do what, as plain functions of the user (and object)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from emulation_portal import fragments

from .roles import Role


def role_names(user):
    """The set of role group names of `user`, cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        # Kept per data version: granting or removing a role writes accounts_user_groups,
        # which retires the kept value at once (emulation_portal.fragments).
        cached = fragments.remember(("roles", user.pk), lambda: frozenset(user.groups.values_list("name", flat=True)))
        user._role_names = cached
    return cached


def is_ministry_staff(user):
    """Whether `user` is ministry emulation staff (superusers count as staff)."""
    return user.is_authenticated and (user.is_superuser or Role.STAFF in role_names(user))


def is_leadership(user):
    """Whether `user` belongs to the ministry leadership."""
    return Role.LEADERSHIP in role_names(user)


def is_unit_officer(user):
    """Whether `user` acts for their own organisation."""
    return Role.OFFICER in role_names(user) and user.organization_id is not None


def can_view_overview(user):
    """Whether `user` may see portal-wide figures (staff and leadership)."""
    return is_ministry_staff(user) or is_leadership(user)


def primary_role(user):
    """The role shown in the header: the most powerful one the user has."""
    if is_ministry_staff(user):
        return Role.STAFF
    if is_leadership(user):
        return Role.LEADERSHIP
    if is_unit_officer(user):
        return Role.OFFICER
    return None


def staff_required(view):
    """Refuse (403) everyone but ministry staff."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_ministry_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def overview_required(view):
    """Refuse (403) everyone but ministry staff and leadership."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_view_overview(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
