"""What django-axes locks: the account a log-in names, from the client's real address.

`AXES_USERNAME_CALLABLE` and `AXES_CLIENT_IP_CALLABLE` point here. The backend accepts
a username or an e-mail address in any case with spaces around it, so the lock keys on
the account those resolve to; otherwise `AXES1`, ` axes1` or the address would each
get their own five tries while `axes1` is locked.
"""

import ipaddress
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q


def normalized_login(text):
    """The typed username or address as the backend compares it: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", text or "").replace("\x00", "").strip().casefold()


def resolve_account(text):
    """The one active-or-not account whose username or e-mail is `text`, or None."""
    login = normalized_login(text)
    if not login:
        return None
    users = list(get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2])
    return users[0] if len(users) == 1 else None


def lockout_username(request, credentials):
    """The key axes counts failures under: the account's username, else the normalised text."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field) if request is not None else None
    if typed is None:
        return None
    account = resolve_account(typed)
    return account.get_username().casefold() if account else normalized_login(typed)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind REVERSE_PROXY_COUNT (env AXES_PROXY_COUNT) proxies the address they saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N proxies the client is the N-th entry from the right; entries further left were sent
    by the client and cannot be trusted. A missing or malformed header falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.REVERSE_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
