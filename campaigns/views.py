from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import staff_required
from emulation_portal.params import int_param

from . import services
from .forms import CampaignEditor, CampaignFilterForm, DirectiveFilterForm, DirectiveForm, FieldFormSet
from .models import Campaign, Directive, Field
from .permissions import can_manage_campaigns, get_campaign_for_user, get_directive_for_user
from .selectors import search_campaigns, search_directives, theme_for

PER_PAGE = 20


def _filters(request, form_class):
    """Bind a filter form; the status filter defaults to the active (in force) items."""
    data = request.GET.copy()
    data.setdefault("status", "active")
    form = form_class(data)
    filters = form.cleaned_data if form.is_valid() else {"status": "active"}
    if filters.get("status") == "all":
        filters["status"] = ""
    return form, filters


def _list_context(request, form_class, search):
    """What a list page shows, built only when its cached part is rendered anew.

    The filter form, the paginator and the page are `SimpleLazyObject`s: a page whose part
    is reused runs no query and builds no queryset.
    """
    bound = SimpleLazyObject(lambda: _filters(request, form_class))
    page = SimpleLazyObject(lambda: Paginator(search(bound[1]), PER_PAGE).get_page(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": SimpleLazyObject(lambda: bound[0]),
        "page_obj": page,
        "query": query.urlencode(),
        "can_manage": can_manage_campaigns(request.user),
        # The status badges say "Ended" from today's date: the cached part is keyed with it.
        "today": timezone.localdate().isoformat(),
    }


@require_GET
def campaign_list(request):
    def search(filters):
        return search_campaigns(
            q=filters.get("q", ""),
            year=filters.get("year"),
            kind=filters.get("kind", ""),
            field=filters.get("field"),
            status=filters.get("status", ""),
        )

    context = _list_context(request, CampaignFilterForm, search)
    context["tab"] = "campaigns"
    return render(request, "campaigns/campaign_list.html", context)


@require_GET
def directive_list(request):
    def search(filters):
        return search_directives(q=filters.get("q", ""), year=filters.get("year"), status=filters.get("status", ""))

    context = _list_context(request, DirectiveFilterForm, search)
    context["tab"] = "directives"
    return render(request, "campaigns/directive_list.html", context)


@require_GET
def directive_detail(request, pk):
    directive = get_directive_for_user(request, pk)
    context = {
        "directive": directive,
        "campaigns": directive.campaigns.select_related("lead_organization").order_by("-start_date"),
        "related": directive.related_directives.order_by("-year", "number"),
        "referenced_by": directive.referenced_by.order_by("-year", "number"),
        "can_manage": can_manage_campaigns(request.user),
    }
    return render(request, "campaigns/directive_detail.html", context)


@require_GET
def directive_download(request, pk):
    directive = get_directive_for_user(request, pk)
    if not directive.attachment:
        raise Http404
    try:
        handle = directive.attachment.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = directive.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=filename)


@staff_required
@require_http_methods(["GET", "POST"])
def directive_create(request):
    return _directive_form(request, Directive())


@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    return _directive_form(request, get_directive_for_user(request, pk, write=True))


def _directive_form(request, directive):
    # The form may set a rejected upload on the instance: remember the stored file first.
    stored_file = directive.attachment.name if directive.pk else ""
    form = DirectiveForm(request.POST or None, request.FILES or None, instance=directive)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_with(by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Directive %(number)s has been saved.") % {"number": saved.number})
            return redirect(saved)
    context = {"form": form, "directive": directive, "stored_file": stored_file.rsplit("/", 1)[-1]}
    return render(request, "campaigns/directive_form.html", context)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
def directive_set_status(request, pk):
    directive = get_directive_for_user(request, pk, write=True)
    status = request.POST.get("status")
    if status not in Directive.Status.values:
        raise Http404
    services.set_directive_status(directive, status=status, by=request.user)
    if status == Directive.Status.ARCHIVED:
        messages.success(request, _("The directive has been archived."))
    else:
        messages.success(request, _("The directive is in force again."))
    return redirect(directive)


@require_GET
def campaign_detail(request, pk):
    campaign = get_campaign_for_user(request, pk)
    today = timezone.localdate()
    # Read now, not in the cached body: a wrong value's message must show on every visit.
    asked_year = int_param(request, "year", minimum=1945, maximum=2100)
    context = {
        "campaign": campaign,
        # Read only when the page's cached body is rendered anew (keyed with the date, which
        # picks the year shown by default).
        "detail": SimpleLazyObject(
            lambda: _campaign_detail(campaign, asked_year or _default_year(campaign, today.year))
        ),
        "can_manage": can_manage_campaigns(request.user),
        "today": today.isoformat(),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_detail(campaign, year):
    themes = list(campaign.themes.order_by("-year"))
    campaign._prefetched_objects_cache = {"themes": themes}
    return {
        "year": year,
        "theme": theme_for(campaign, year),
        "themes": themes,
        "tasks": campaign.tasks.all(),
        "targets": campaign.targets.select_related("field").order_by(
            "field__position", "field__name", "position", "pk"
        ),
        "fields": campaign.fields.all(),
        "participants": [] if campaign.all_organizations else list(campaign.participants.order_by("kind", "name")),
        # A target's year says something only when the campaign spans several years.
        "show_target_year": campaign.end_date is None or campaign.end_date.year != campaign.start_date.year,
    }


def _default_year(campaign, today_year):
    """This year while the campaign runs, else its first (future) or last (ended) year."""
    if campaign.runs_in(today_year):
        return today_year
    if campaign.start_date.year > today_year:
        return campaign.start_date.year
    return campaign.end_date.year


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    editor = CampaignEditor(request.POST or None)
    initial_directive = int_param(request, "directive") if request.method == "GET" else None
    if initial_directive:
        editor.form.initial["directive"] = initial_directive
    return _campaign_form(request, editor)


@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = get_campaign_for_user(request, pk, write=True)
    return _campaign_form(request, CampaignEditor(request.POST or None, instance=campaign))


def _campaign_form(request, editor):
    if request.method == "POST" and editor.is_valid() and editor.save(by=request.user):
        messages.success(request, _("The campaign has been saved."))
        return redirect(editor.instance)
    return render(request, "campaigns/campaign_form.html", {"editor": editor, "campaign": editor.instance})


@require_POST
def campaign_set_status(request, pk):
    campaign = get_campaign_for_user(request, pk, write=True)
    status = request.POST.get("status")
    if status not in Campaign.Status.values:
        raise Http404
    services.set_campaign_status(campaign, status=status, by=request.user)
    if status == Campaign.Status.ARCHIVED:
        messages.success(request, _("The campaign has been archived."))
    else:
        messages.success(request, _("The campaign is active again."))
    return redirect(campaign)


@staff_required
@require_http_methods(["GET", "POST"])
def field_list(request):
    formset = FieldFormSet(request.POST or None, queryset=Field.objects.all())
    if request.method == "POST" and formset.is_valid():
        rows = [
            {"id": form.instance.pk, **{name: form.cleaned_data[name] for name in ("name", "position", "is_active")}}
            for form in formset.forms
            if form.has_changed()
        ]
        try:
            services.save_fields(rows=rows, by=request.user)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The fields have been saved."))
            return redirect("campaigns:field_list")
    return render(request, "campaigns/field_list.html", {"formset": formset})
