from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts.views import home

from .health import healthz

admin.site.site_header = admin.site.site_title = _("Emulation and Rewards Portal")

# Uploaded files (MEDIA_ROOT) are never served as such: each app serves its attachments
# through a view that checks who may read them.
urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("clusters/", include("clusters.urls")),
    path("awards/", include("awards.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("summaries.urls")),
    # The language switch is offered on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]
