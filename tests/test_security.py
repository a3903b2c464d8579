"""Guards over every URL: nothing but the log-in pages answers an anonymous visitor."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Views that must work without a log-in, by URL name (admin's own log-in is Django's).
PUBLIC = {"accounts:login", "set_language", "healthz", "admin:login", "admin:index", "admin:view_on_site"}


def _patterns(resolver, namespace=""):
    """(namespaced URL name, view) of every URL, at any depth of include()."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def test_only_known_views_are_exempt_from_login():
    exempt = {
        name
        for name, callback in _patterns(get_resolver())
        if getattr(callback, "login_required", True) is False and not (name or "").startswith("admin:")
    }
    assert exempt <= PUBLIC, f"views open to anonymous visitors: {sorted(exempt - PUBLIC)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/campaigns/", "/clusters/", "/reports/", "/reports/matrix/", "/accounts/organizations/", "/admin/accounts/user/"],
)
def test_anonymous_visitor_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "login" in response.url
