from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organization
from accounts.permissions import is_ministry_staff, is_unit_officer, overview_required, staff_required
from campaigns.models import Target
from campaigns.selectors import campaigns_for_organization
from emulation_portal.params import int_param, text_param

from . import exports, rates, selectors, services, workflow
from .attachments import CONTENT_TYPES
from .forms import CommentForm, ExcuseForm, LockExceptionForm, MatrixFilterForm, ReportForm
from .models import LockException, Notification, QuarterlyReport, Reminder, ReportingPeriod, ReportSection
from .permissions import (
    acts_for,
    can_edit_report,
    can_review_report,
    get_attachment_for_user,
    get_report_for_user,
)
from .rates import MISSING, NOT_APPLICABLE

REMINDERS_PER_PAGE = 50
# Rendering each cell costs more than fetching it: 50 rows keep the page fast at 1,000 units.
MATRIX_ROWS_PER_PAGE = 50


def _officer_required(request):
    if not is_unit_officer(request.user):
        raise PermissionDenied


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("This action is not possible in the report's current status.")


@require_http_methods(["GET"])
def my_reports(request):
    _officer_required(request)
    organization = SimpleLazyObject(lambda: request.user.organization)

    def pages():
        # Read only when the page's cached part is not reused (a new day or a change).
        now = timezone.now()
        reports = {r.period_id: r for r in selectors.reports_for_organization(organization)}
        open_periods = [
            {"period": p, "report": reports.get(p.pk), "days_left": p.days_left(now)}
            for p in selectors.open_periods(now)
            if selectors.must_report(organization, p)
        ]
        year = timezone.localdate(now).year
        periods = ReportingPeriod.objects.filter(year__in=[year, year - 1], opens_on__lte=timezone.localdate(now))
        return open_periods, [{"period": p, "report": reports.get(p.pk)} for p in periods]

    lists = SimpleLazyObject(lambda: pages())
    return render(
        request,
        "reports/my_reports.html",
        {
            "organization": organization,
            "open_periods": SimpleLazyObject(lambda: lists[0]),
            "history": SimpleLazyObject(lambda: lists[1]),
            # "Days left" and what is open change with the day: part of the cached part's key.
            "today": timezone.localdate().isoformat(),
        },
    )


def _report_campaigns(organization, year):
    campaigns = list(
        campaigns_for_organization(organization, year).prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(target_value__isnull=False))
        )
    )
    return campaigns, {c.pk: services.campaign_targets(c, year) for c in campaigns}


@require_http_methods(["GET", "POST"])
def report_edit(request, period_pk):
    _officer_required(request)
    organization = request.user.organization
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    if not selectors.must_report(organization, period):
        raise PermissionDenied(_("Your unit does not report for this period."))
    report = (
        QuarterlyReport.objects.filter(organization=organization, period=period)
        .prefetch_related("sections__figures", "attachments")
        .first()
    )
    closed = report is not None and not report.is_editable_status
    if closed and request.method == "GET":
        messages.info(request, _("This report has already been submitted; it can no longer be changed."))
        return redirect(report)
    now = timezone.now()
    if timezone.localdate(now) < period.opens_on:
        raise Http404  # a future period has no form yet
    is_open = selectors.submission_open(organization, period, now)
    if not is_open and request.method == "GET":
        raise PermissionDenied(_("This reporting period is locked."))
    campaigns, targets = _report_campaigns(organization, period.year)
    submit = "submit" in request.POST
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        campaigns=campaigns,
        targets_by_campaign=targets,
        report=report,
        year=period.year,
        submitting=submit,
    )
    conflict = None
    if closed:
        # Submitted or settled from another session while this one was typing: nothing is
        # saved, but the text stays on screen beside the stored one instead of being lost.
        # The conflict box says so once (no message on top of it).
        conflict = report
        form.show_conflict(report)
        is_open = False
    elif not is_open:
        # Locked while the officer was typing: show the text back rather than lose it.
        messages.error(request, _("This reporting period is locked: the report can no longer be changed."))
    elif request.method == "POST" and form.is_valid():
        try:
            report = services.save_report(
                organization=organization,
                period=period,
                by=request.user,
                summary=form.cleaned_data["summary"],
                proposals=form.cleaned_data["proposals"],
                difficulties=form.cleaned_data["difficulties"],
                sections=form.sections_data(),
                attachments=[form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else [],
                submit=submit,
                version=form.cleaned_data["version"],
            )
        except services.ReportConflict as error:
            # Nothing was saved: show the stored text beside the user's own so they can merge.
            # The conflict box above the form explains it; a message on top would say it twice.
            conflict = QuarterlyReport.objects.prefetch_related("sections", "history__by").get(pk=error.report.pk)
            form.show_conflict(conflict)
        except (ValidationError, workflow.TransitionError) as error:
            messages.error(request, _error_text(error))
        else:
            if submit:
                if report.is_late:
                    messages.warning(
                        request, _("Your report has been submitted after the deadline: it is marked late.")
                    )
                else:
                    messages.success(request, _("Your report has been submitted on time. Thank you."))
                return redirect(report)
            messages.success(request, _("The draft has been saved."))
            return redirect("reports:report_edit", period_pk=period.pk)
    return render(
        request,
        "reports/report_form.html",
        {
            "form": form,
            "period": period,
            "report": report,
            "organization": organization,
            "days_left": period.days_left(now),
            "is_open": is_open,
            "conflict": conflict,
            "closed": closed,
        },
        status=409 if conflict else 200 if is_open else 403,
    )


@require_http_methods(["GET"])
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    sections = ReportSection.objects.filter(report=report).prefetch_related("figures")
    open_ = selectors.submission_open(report.organization, report.period)
    context = {
        "report": report,
        "period": report.period,
        "sections": sections,
        "attachments": report.attachments.all(),
        "history": report.history.select_related("by"),
        "can_edit": can_edit_report(request.user, report, submission_open=open_),
        "can_review": can_review_report(request.user, report)
        and workflow.ACCEPT in workflow.allowed_actions(report.status, workflow.STAFF),
        "return_form": CommentForm(required=True, prefix="return", initial={"version": report.version}),
        "accept_form": CommentForm(prefix="accept", initial={"version": report.version}),
        "is_overview": not acts_for(request.user, report.organization_id),
    }
    return render(request, "reports/report_detail.html", context)


def _review(request, pk, service, form_kwargs, success):
    report = get_report_for_user(request.user, pk)
    form = CommentForm(request.POST, **form_kwargs)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(report)
    try:
        service(
            report=report, by=request.user, comment=form.cleaned_data["comment"], version=form.cleaned_data["version"]
        )
    except (ValidationError, workflow.TransitionError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(report)


@require_POST
@staff_required
def report_return(request, pk):
    return _review(
        request,
        pk,
        services.return_report,
        {"required": True, "prefix": "return"},
        _("The report has been returned to the unit."),
    )


@require_POST
@staff_required
def report_accept(request, pk):
    return _review(request, pk, services.accept_report, {"prefix": "accept"}, _("The report has been accepted."))


def _period_and_unit(period_pk, organization_pk):
    return get_object_or_404(ReportingPeriod, pk=period_pk), get_object_or_404(Organization, pk=organization_pk)


@require_http_methods(["GET"])
@overview_required
def unit_period(request, period_pk, organization_pk):
    period, organization = _period_and_unit(period_pk, organization_pk)
    report = QuarterlyReport.objects.filter(organization=organization, period=period).first()
    state = selectors.cell_state(report, selectors.must_report(organization, period))
    context = {
        "period": period,
        "organization": organization,
        "report": report,
        "state": state,
        "cell": {"state": state, "not_due": timezone.now() < period.due_at},
        "reminders": selectors.recent_reminders(period=period, organization=organization),
        "exception": LockException.objects.filter(organization=organization, period=period).first(),
        "is_staff": is_ministry_staff(request.user),
        "can_excuse": state != rates.NOT_APPLICABLE
        and workflow.EXCUSE in workflow.allowed_actions(report.status if report else None, workflow.STAFF),
        "can_remind": services.manual_reminder_refusal(organization, period) is None,
        # Both forms have a "reason": distinct ids keep each label tied to its own field.
        "excuse_form": ExcuseForm(auto_id="excuse_%s"),
        "exception_form": LockExceptionForm(auto_id="exception_%s"),
        "locked": period.is_locked(),
    }
    return render(request, "reports/unit_period.html", context)


@require_POST
@staff_required
def excuse(request, period_pk, organization_pk):
    period, organization = _period_and_unit(period_pk, organization_pk)
    form = ExcuseForm(request.POST)
    if form.is_valid():
        try:
            services.excuse_unit(
                organization=organization, period=period, by=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, workflow.TransitionError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The unit has been excused for this period."))
    else:
        messages.error(request, _("A reason is required."))
    return redirect("reports:unit_period", period_pk=period.pk, organization_pk=organization.pk)


@require_POST
@staff_required
def excuse_revoke(request, period_pk, organization_pk):
    period, organization = _period_and_unit(period_pk, organization_pk)
    try:
        services.revoke_excuse(organization=organization, period=period, by=request.user)
    except (ValidationError, workflow.TransitionError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The excuse has been revoked: the unit has to report for this period."))
    return redirect("reports:unit_period", period_pk=period.pk, organization_pk=organization.pk)


@require_POST
@staff_required
def grant_exception(request, period_pk, organization_pk):
    period, organization = _period_and_unit(period_pk, organization_pk)
    form = LockExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.grant_lock_exception(
                organization=organization,
                period=period,
                by=request.user,
                reason=form.cleaned_data["reason"],
                until=form.until_instant(),
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The unit may submit until the chosen day."))
    else:
        messages.error(request, _("Give a reason and a day that is not in the past."))
    return redirect("reports:unit_period", period_pk=period.pk, organization_pk=organization.pk)


@require_POST
@staff_required
def remind(request, period_pk, organization_pk):
    period, organization = _period_and_unit(period_pk, organization_pk)
    try:
        services.remind_unit_by_hand(organization=organization, period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("A reminder is being sent to the unit."))
    return redirect("reports:unit_period", period_pk=period.pk, organization_pk=organization.pk)


def _matrix_from_request(request):
    """The filter form, the year shown and the selector's filters from the query string."""
    years = list(ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())
    current = timezone.localdate().year
    default_year = current if current in years else (years[0] if years else current)
    # The year shown is the one selected in its list, also when the address names none.
    data = request.GET.copy()
    data.setdefault("year", str(default_year))
    form = MatrixFilterForm(data, years=years or [current])
    # The clusters as a plain list: the field's own choices would read them through a
    # server-side cursor, which costs PostgreSQL more than the whole small table.
    cluster_field = form.fields["cluster"]
    cluster_field.choices = [("", cluster_field.empty_label)] + [
        (cluster.pk, cluster_field.label_from_instance(cluster)) for cluster in cluster_field.queryset
    ]
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or default_year
    return (
        form,
        year,
        {
            "kind": filters.get("kind", ""),
            "cluster": filters.get("cluster"),
            "province": filters.get("province", ""),
            "search": filters.get("q", ""),
            "status": filters.get("status", ""),
            "quarter": filters.get("quarter"),
        },
    )


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """What one cell of the matrix page shows, worked out before rendering."""

    badge: str  # the cell fragment (reports/_cell.html), already rendered
    link: str = ""  # the unit's page for the period; empty when the unit had nothing to report
    submitted: str = ""  # first submission, dd/mm/YYYY
    reminders: int = 0

    def html(self):
        """The cell's <td>: the badge (rendered from a template) and plain digits, nothing typed in."""
        if not self.link:
            return f'<td class="text-center">{self.badge}</td>'
        submitted = f'<div class="small">{self.submitted}</div>' if self.submitted else ""
        reminders = (
            f'<div class="small text-body-secondary"><i class="bi bi-envelope" aria-hidden="true"></i> '
            f"{self.reminders}</div>"
            if self.reminders
            else ""
        )
        return (
            f'<td class="text-center"><a class="text-decoration-none" href="{self.link}">{self.badge}</a>'
            f"{submitted}{reminders}</td>"
        )


def _matrix_cells(rows):
    """[(row, [MatrixCell, ...], the row's cells as HTML), ...] for the rows of a matrix page.

    reports/_cell.html is rendered once per distinct look (state, not yet due, review
    status), not once per cell, and every link comes from one reverse(); the cells are
    then joined here, so the page renders one value per row instead of a loop per cell.
    """
    marker = 987654321
    pattern = escape(reverse("reports:unit_period", args=[marker, marker + 1]))
    prefix, rest = pattern.split(str(marker), 1)
    middle, suffix = rest.split(str(marker + 1), 1)
    badges = {}
    lines = []
    for row in rows:
        unit = row.organization.pk
        cells = []
        for cell in row.cells:
            key = (cell.state, cell.not_due, cell.report.status if cell.report is not None else None)
            badge = badges.get(key)
            if badge is None:
                badge = badges[key] = render_to_string("reports/_cell.html", {"cell": cell})
            if cell.state == NOT_APPLICABLE:
                cells.append(MatrixCell(badge))
                continue
            submitted = cell.report.first_submitted_at if cell.report is not None else None
            cells.append(
                MatrixCell(
                    badge,
                    f"{prefix}{cell.period.pk}{middle}{unit}{suffix}",
                    f"{timezone.localtime(submitted):%d/%m/%Y}" if submitted else "",
                    int(cell.reminders),
                )
            )
        # Safe: template output, a reversed URL (escaped) and numbers only.
        lines.append((row, cells, mark_safe("".join(cell.html() for cell in cells))))  # noqa: S308
    return lines


class _MatrixPage:
    """The matrix page's costly context, worked out on first use (a cache miss) only."""

    def __init__(self, request):
        self.form, year, filters = _matrix_from_request(request)
        # Rates and exports cover every filtered unit; only the rows shown are fetched.
        self.matrix, self.page_obj = selectors.matrix_page(
            year, page=request.GET.get("page"), per_page=MATRIX_ROWS_PER_PAGE, **filters
        )
        self.lines = _matrix_cells(self.page_obj.object_list)
        self.columns = list(zip(self.matrix.periods, self.matrix.rates, strict=True))


@require_http_methods(["GET"])
@overview_required
def matrix(request):
    # Nothing is read here: the template's cached part reads these only when it is rendered.
    built = SimpleLazyObject(lambda: _MatrixPage(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/matrix.html",
        {
            "form": SimpleLazyObject(lambda: built.form),
            "matrix": SimpleLazyObject(lambda: built.matrix),
            "page_obj": SimpleLazyObject(lambda: built.page_obj),
            "lines": SimpleLazyObject(lambda: built.lines),
            "columns": SimpleLazyObject(lambda: built.columns),
            "query": query.urlencode(),
            "missing": MISSING,
            # Deadlines fall at midnight (Vietnam time): a new day may turn "not yet due" into "missing".
            "today": timezone.localdate().isoformat(),
            # Outside the cached part: the task's health changes without a write to a portal table.
            "heartbeat": SimpleLazyObject(
                lambda: services.TaskHeartbeat.objects.filter(name=services.REMINDER_TASK).first()
            ),
            "is_staff": is_ministry_staff(request.user),
        },
    )


def _in_language(chunks, language):
    # A streamed body is produced after the view returns: keep the request's language.
    with translation.override(language):
        yield from chunks


@require_http_methods(["GET"])
@overview_required
def matrix_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, year, filters = _matrix_from_request(request)
    if fmt == "xlsx":
        return _matrix_xlsx(request, year, filters)
    data = selectors.export_matrix(year, **filters)  # rows come a chunk of units at a time
    # Streamed: the rows are written while they are read, in the language of the request.
    response = StreamingHttpResponse(
        _in_language(exports.iter_csv(data), translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-quy-{data.year}.{fmt}"'
    return response


def _matrix_xlsx(request, year, filters):
    """The XLSX is built in the background by the summaries app, then downloaded from its waiting page.

    openpyxl writes a workbook whole (it cannot be streamed) and takes about a second at
    1,000 units; an unchanged table is not built again.
    """
    from summaries import services as summary_services
    from summaries import tasks as summary_tasks
    from summaries.models import SummaryFile

    cluster = filters["cluster"]
    summary, created = summary_services.request_summary(
        kind=SummaryFile.Kind.MATRIX,
        fmt=SummaryFile.Format.XLSX,
        parameters={**filters, "year": year, "cluster": cluster.pk if cluster is not None else None},
        by=request.user,
    )
    if created:
        summary_tasks.build_summary_file.delay_on_commit(summary.pk)
    return redirect(summary)


@require_http_methods(["GET"])
@staff_required
def reminder_log(request):
    period_pk = int_param(request, "period")
    outcome = request.GET.get("outcome", "")
    if outcome not in Reminder.Outcome.values:
        outcome = ""
    search = text_param(request, "q")

    def page():
        # Built, counted and fetched only when the page's cached part is not reused.
        reminders = selectors.recent_reminders()
        if period_pk:
            reminders = reminders.filter(period_id=period_pk)
        if outcome:
            reminders = reminders.filter(outcome=outcome)
        if search:
            reminders = reminders.filter(
                Q(organization__name__icontains=search) | Q(organization__short_name__icontains=search)
            )
        return Paginator(reminders, REMINDERS_PER_PAGE).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/reminder_log.html",
        {
            "page_obj": SimpleLazyObject(page),
            "query": query.urlencode(),
            "periods": ReportingPeriod.objects.all(),
            "selected_period": str(period_pk or ""),
            "outcomes": Reminder.Outcome.choices,
            "selected_outcome": outcome,
            "search": search,
            "heartbeat": SimpleLazyObject(
                lambda: services.TaskHeartbeat.objects.filter(name=services.REMINDER_TASK).first()
            ),
        },
    )


@require_http_methods(["GET"])
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    extension = "." + attachment.file.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    report = get_report_for_user(request.user, attachment.report_id, write=True)
    try:
        services.delete_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, pgettext("report", "The file has been removed."))
    return redirect("reports:report_edit", period_pk=report.period_id)


@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    if not acts_for(request.user, notification.organization_id):
        raise Http404
    services.mark_notification_read(notification=notification)
    return redirect(notification.link or "reports:my_reports")


REVIEW_QUEUE_PER_PAGE = 50
REVIEW_QUEUE_STATUSES = (workflow.SUBMITTED, workflow.RETURNED, workflow.ACCEPTED)


@require_http_methods(["GET"])
@staff_required
def review_queue(request):
    """Reports waiting for the Ministry's review, oldest submission first."""
    status = request.GET.get("status", workflow.SUBMITTED)
    if status not in REVIEW_QUEUE_STATUSES:
        status = workflow.SUBMITTED
    reports = (
        QuarterlyReport.objects.filter(status=status)
        .select_related("period")
        .only("pk", "organization_name", "status", "first_submitted_at", "submitted_at", "period")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(reports, REVIEW_QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    labels = dict(QuarterlyReport.Status.choices)
    return render(
        request,
        "reports/review_queue.html",
        {
            "page_obj": page,
            "query": f"status={status}",
            "status": status,
            "statuses": [(value, labels[value]) for value in REVIEW_QUEUE_STATUSES],
        },
    )
