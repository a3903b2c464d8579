from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.selectors import awardees_of

from . import services
from .dashboard import collect_panels, panel_runs
from .forms import OrganizationFilterForm, ProfileForm
from .models import Organization
from .permissions import can_view_overview, is_ministry_staff, overview_required, primary_role, role_names
from .roles import Role
from .selectors import search_organizations

ORGANIZATIONS_PER_PAGE = 25


def home(request):
    panels = collect_panels(request)
    context = {
        "panels": panels,
        "panel_runs": panel_runs(panels),
        "role": primary_role(request.user),
        # In the cache key of the panels: "N days left", the year's campaigns, open periods.
        "today": timezone.localdate(),
    }
    return render(request, "home.html", context)


@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user, request=request)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields})
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    roles = [Role(name).label for name in role_names(user) if name in Role.values]
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with the request handed to the form so wrong current passwords are throttled."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@overview_required
def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # Built, counted and fetched only when the page's cached table is not reused.
    page = SimpleLazyObject(
        lambda: Paginator(
            search_organizations(
                q=filters.get("q", ""), kind=filters.get("kind", ""), status=filters.get("status", "")
            ),
            ORGANIZATIONS_PER_PAGE,
        ).get_page(request.GET.get("page"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/organization_list.html",
        {"form": form, "page_obj": page, "query": query.urlencode()},
    )


@overview_required
def organization_detail(request, pk):
    organization = get_object_or_404(Organization.objects.select_related("parent", "successor"), pk=pk)
    context = {
        "organization": organization,
        "predecessors": organization.predecessors.all(),
        "children": organization.children.all(),
        "users": organization.users.filter(is_active=True) if is_ministry_staff(request.user) else None,
        "awardees": awardees_of(organization),
        "can_read_decisions": can_view_overview(request.user),
    }
    return render(request, "accounts/organization_detail.html", context)
