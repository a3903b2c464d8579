"""The portal's URLs plus a bare page: the yardstick each page's speed is compared with."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    # Behind the same middleware (sessions, log-in required, locale) as every page, no query of its own.
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("emulation_portal.urls")),
]
