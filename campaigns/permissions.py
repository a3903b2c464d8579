"""Who may read and change directives and campaigns.

Every logged-in user may read directives and campaigns, archived ones included (they
are the history that reports refer to); only ministry emulation staff change them.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.permissions import is_ministry_staff

from .models import Campaign, Directive


def can_manage_campaigns(user):
    """Whether `user` may create, edit and archive directives, campaigns and fields."""
    return is_ministry_staff(user)


def can_view_campaigns(user):
    """Whether `user` may read directives and campaigns (everyone logged in)."""
    return user.is_authenticated


def _user(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def get_directive_for_user(request_or_user, pk, *, write=False):
    """The directive `pk`: 404 when the user may not see it, 403 when they may not change it."""
    user = _user(request_or_user)
    if not can_view_campaigns(user):
        raise PermissionDenied
    directive = get_object_or_404(Directive, pk=pk)
    if write and not can_manage_campaigns(user):
        raise PermissionDenied
    return directive


def get_campaign_for_user(request_or_user, pk, *, write=False):
    """The campaign `pk`: 404 when the user may not see it, 403 when they may not change it."""
    user = _user(request_or_user)
    if not can_view_campaigns(user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign.objects.select_related("directive", "lead_organization"), pk=pk)
    if write and not can_manage_campaigns(user):
        raise PermissionDenied
    return campaign
