from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import Campaign
from clusters.models import Cluster

from . import compliance, selectors, services, tasks
from .forms import SummaryRequestForm
from .models import SummaryFile
from .permissions import can_read_summaries, get_summary_for_user

RECENT_FILES = 8
CONTENT_TYPES = {
    SummaryFile.Format.PDF: "application/pdf",
    SummaryFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _overview_required(request):
    if not can_read_summaries(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
def dashboard(request):
    _overview_required(request)
    periods = selectors.started_periods()
    period = selectors.default_period(periods)
    wanted = request.GET.get("period", "")
    if wanted.isdigit():
        period = next((p for p in periods if p.pk == int(wanted)), period)
    context = {"periods": periods, "period": period}
    if period is not None:
        years = {p.year for p in periods} & {period.year - 1, period.year}
        rows, matrices = selectors.quarter_rates(years, periods)
        context.update(
            quarter_rows=rows,
            quarter_chart=selectors.quarter_chart(rows),
            compliance=compliance.from_matrix(matrices[period.year], period),
        )
        context["cluster_chart"] = context["compliance"].cluster_chart()
    target_rows = selectors.target_progress()
    this_year = timezone.localdate().year
    context.update(
        target_rows=target_rows,
        target_chart=selectors.target_chart(target_rows) if target_rows else None,
        directive_number=selectors.DIRECTIVE_103,
        pipeline=selectors.nomination_pipeline(),
        campaigns=Campaign.objects.select_related("directive").order_by("-start_date", "name"),
        clusters=Cluster.objects.order_by("-kind", "number"),
        years=list(range(this_year, this_year - 8, -1)),
        this_year=this_year,
        recent=SummaryFile.objects.select_related("requested_by")[:RECENT_FILES],
        Kind=SummaryFile.Kind,
    )
    return render(request, "summaries/dashboard.html", context)


@require_POST
def request_summary(request):
    _overview_required(request)
    form = SummaryRequestForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
        messages.error(request, _("The summary could not be requested: %(errors)s") % {"errors": errors})
        return redirect("summaries:dashboard")
    try:
        summary, created = services.request_summary(
            kind=form.cleaned_data["kind"],
            fmt=form.cleaned_data["format"],
            parameters=form.cleaned_data["parameters"],
            by=request.user,
        )
    except LookupError:
        raise Http404 from None
    if created:
        tasks.build_summary_file.delay_on_commit(summary.pk)
    return redirect(summary)


@require_http_methods(["GET"])
def summary_detail(request, pk):
    summary = get_summary_for_user(request.user, pk)
    return render(request, "summaries/summary_detail.html", {"summary": summary})


@require_http_methods(["GET"])
def summary_status(request, pk):
    """The status block of the waiting page, polled by htmx until the file is ready or failed."""
    summary = get_summary_for_user(request.user, pk)
    return render(request, "summaries/_status.html", {"summary": summary})


@require_http_methods(["GET"])
def summary_download(request, pk):
    summary = get_summary_for_user(request.user, pk)
    if not summary.is_ready or not summary.file:
        raise Http404
    return FileResponse(
        summary.file.open("rb"),
        as_attachment=True,
        filename=summary.download_name,
        content_type=CONTENT_TYPES[summary.format],
    )


@require_POST
def summary_retry(request, pk):
    """Ask again for a failed summary: a new row, built again from the current data."""
    summary = get_summary_for_user(request.user, pk)
    if not summary.is_failed:
        return redirect(summary)
    parameters = {key: value for key, value in summary.parameters.items() if key != "slug"}
    try:
        retried, created = services.request_summary(
            kind=summary.kind, fmt=summary.format, parameters=parameters, by=request.user, language=summary.language
        )
    except LookupError:
        messages.error(request, _("What this summary was about no longer exists."))
        return redirect("summaries:dashboard")
    if created:
        tasks.build_summary_file.delay_on_commit(retried.pk)
    return redirect(retried)
