"""Nominations, council sessions and award decisions: thin views over permissions and services."""

import datetime
from importlib.util import find_spec

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_view_overview, is_ministry_staff
from emulation_portal.forms import ModelMultipleIdField
from emulation_portal.pdf import render_pdf
from emulation_portal.uploads import CONTENT_TYPES

from . import selectors, services, workflow
from .forms import (
    CouncilListForm,
    CouncilSessionForm,
    DecisionForm,
    NominationFilterForm,
    NominationForm,
    OptionalCommentForm,
    ReasonForm,
)
from .models import AwardDecision, Awardee, CouncilSession, Nomination, VoteItem
from .permissions import (
    acts_for,
    can_edit_nomination,
    can_propose_nominations,
    can_read_council,
    can_run_council,
    get_decision_for_user,
    get_file_for_user,
    get_nomination_for_user,
    get_session_for_user,
    officer_actions,
    reviewer_actions,
    reviewer_actor,
)
from .vote_permissions import can_see_vote

PER_PAGE = 25


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("This action is not possible in the nomination's current status.")


# Nominations -----------------------------------------------------------------------------


@require_GET
def nomination_list(request):
    if not (can_read_council(request.user) or can_propose_nominations(request.user)):
        raise PermissionDenied
    user = request.user
    # Built only when the page's cached part is rendered anew: a repeat request runs no query.
    form = SimpleLazyObject(lambda: NominationFilterForm(request.GET or None))

    def page():
        filters = form.cleaned_data if form.is_valid() else {}
        nominations = selectors.search_nominations(
            user,
            q=filters.get("q", ""),
            year=filters.get("year"),
            award_type=filters.get("award_type"),
            status=filters.get("status", ""),
            cluster=filters.get("cluster"),
        )
        return Paginator(nominations, PER_PAGE).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": SimpleLazyObject(page),
        "query": query.urlencode(),
        "filtered": SimpleLazyObject(lambda: any((form.cleaned_data if form.is_valid() else {}).values())),
        "can_create": can_propose_nominations(user),
        "can_run_council": can_run_council(user),
    }
    return render(request, "awards/nomination_list.html", context)


def _save_nomination(request, form, nomination=None):
    try:
        if nomination is None:
            nomination = services.create_nomination(
                by=request.user,
                proposing_organization=request.user.organization,
                files=form.dossier_files(),
                **form.nomination_fields(),
            )
        else:
            services.update_nomination(
                nomination, by=request.user, files=form.dossier_files(), **form.nomination_fields()
            )
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
        if form.dossier_files():
            form.add_error(None, _("Choose the dossier files again: a form that cannot be saved does not keep them."))
        return None
    except workflow.TransitionError as error:
        form.add_error(None, _error_text(error))
        return None
    return nomination


@require_http_methods(["GET", "POST"])
def nomination_create(request):
    if not can_propose_nominations(request.user):
        raise PermissionDenied
    form = NominationForm(request.POST or None, request.FILES or None, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        nomination = _save_nomination(request, form)
        if nomination is not None:
            messages.success(
                request, _("The nomination has been saved as a draft. Submit it when the dossier is complete.")
            )
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": None})


@require_http_methods(["GET", "POST"])
def nomination_edit(request, pk):
    nomination = get_nomination_for_user(request.user, pk, write=True)
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        organization=nomination.proposing_organization,
        nomination=nomination,
    )
    if request.method == "POST" and form.is_valid() and _save_nomination(request, form, nomination) is not None:
        messages.success(request, _("The nomination has been saved."))
        return redirect(nomination)
    context = {"form": form, "nomination": nomination, "files": nomination.files.all()}
    return render(request, "awards/nomination_form.html", context)


def _visible_vote_items(user, nomination):
    """The nomination's open and closed vote items; `can_open` says whether the user may open the vote."""
    items = list(
        nomination.vote_items.select_related("vote__meeting__cluster", "vote__council_session").filter(
            vote__status__in=["open", "closed"]
        )
    )
    for item in items:
        item.can_open = can_see_vote(user, item.vote)
    return items


@require_GET
def nomination_detail(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    actions = officer_actions(request.user, nomination)
    review = reviewer_actions(request.user, nomination)
    context = {
        "nomination": nomination,
        "files": nomination.files.all(),
        "history": nomination.history.select_related("by"),
        "votes": _visible_vote_items(request.user, nomination),
        "awardee": Awardee.objects.filter(nomination=nomination).select_related("decision").first(),
        "can_edit": can_edit_nomination(request.user, nomination),
        "can_submit": workflow.SUBMIT in actions,
        "can_withdraw": workflow.WITHDRAW in actions,
        "can_return": workflow.RETURN in review,
        "can_propose": workflow.PROPOSE in review
        and not (nomination.status == workflow.SUBMITTED and nomination.award_type.needs_cluster_vote),
        "return_form": ReasonForm(auto_id="return_%s"),
        "withdraw_form": OptionalCommentForm(auto_id="withdraw_%s"),
        "is_own": acts_for(request.user, nomination.proposing_organization_id),
        # The organisation page and the decisions are for staff and leadership: others get plain text.
        "can_view_organisations": can_view_overview(request.user),
        "can_read_decisions": can_read_council(request.user),
    }
    return render(request, "awards/nomination_detail.html", context)


def _act(request, nomination, call, success):
    try:
        call()
    except (ValidationError, workflow.TransitionError, ValueError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(nomination)


@require_POST
def nomination_submit(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    if workflow.SUBMIT not in officer_actions(request.user, nomination):
        raise PermissionDenied
    return _act(
        request,
        nomination,
        lambda: services.submit_nomination(nomination, by=request.user),
        _("The nomination has been submitted for deliberation."),
    )


@require_POST
def nomination_withdraw(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    if workflow.WITHDRAW not in officer_actions(request.user, nomination):
        raise PermissionDenied
    form = OptionalCommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(
        request,
        nomination,
        lambda: services.withdraw_nomination(nomination, by=request.user, comment=comment),
        _("The nomination has been withdrawn."),
    )


@require_POST
def nomination_return(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    if workflow.RETURN not in reviewer_actions(request.user, nomination):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the nomination."))
        return redirect(nomination)
    return _act(
        request,
        nomination,
        lambda: services.return_nomination(
            nomination,
            by=request.user,
            actor=reviewer_actor(request.user, nomination),
            comment=form.cleaned_data["comment"],
        ),
        _("The nomination has been returned to the unit."),
    )


@require_POST
def nomination_propose(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    if workflow.PROPOSE not in reviewer_actions(request.user, nomination):
        raise PermissionDenied
    return _act(
        request,
        nomination,
        lambda: services.propose_nomination(
            nomination, by=request.user, actor=reviewer_actor(request.user, nomination)
        ),
        _("The nomination has been proposed to the ministry."),
    )


@require_GET
def file_download(request, pk):
    dossier_file = get_file_for_user(request.user, pk)
    extension = "." + dossier_file.file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = dossier_file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=dossier_file.original_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@require_POST
def file_delete(request, pk):
    dossier_file = get_file_for_user(request.user, pk)
    nomination = get_nomination_for_user(request.user, dossier_file.nomination_id, write=True)
    try:
        services.remove_nomination_file(dossier_file, by=request.user)
    except workflow.TransitionError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("awards:nomination_edit", pk=nomination.pk)


# Council ---------------------------------------------------------------------------------


@require_GET
def council_list(request):
    if not can_read_council(request.user):
        raise Http404
    sessions = CouncilSession.objects.order_by("-held_on", "-pk")
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_run_council": can_run_council(request.user)}
    return render(request, "awards/council_list.html", context)


@require_http_methods(["GET", "POST"])
def council_create(request):
    if not can_read_council(request.user):
        raise Http404
    if not can_run_council(request.user):
        raise PermissionDenied
    form = CouncilSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_council_session(
                by=request.user,
                year=data["year"],
                held_on=data["held_on"],
                title=data["title"],
                place=data["place"],
                members=data["members"],
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("The council session has been created."))
            return redirect("awards:council_detail", pk=session.pk)
    return render(request, "awards/council_form.html", {"form": form})


def _council_context(request, session, list_form=None):
    staff = can_run_council(request.user)
    candidates = selectors.council_candidates(session.year)
    outcomes = selectors.passed_by_council(session)
    on_vote = set(VoteItem.objects.filter(vote__council_session=session).values_list("nomination_id", flat=True))
    nominations = [{"nomination": n, "passed": outcomes.get(n.pk)} for n in selectors.council_list(session)]
    return {
        "session": session,
        "members": session.members.select_related("user"),
        "nominations": nominations,
        "candidates": candidates,
        "list_form": list_form or CouncilListForm(candidates=candidates),
        "votes": selectors.council_votes(session),
        "decisions": session.decisions.all(),
        "can_run_council": staff,
        "can_vote": staff and _voting_available(),
        "award_types_before_council": sorted(
            {
                n["nomination"].award_type
                for n in nominations
                if n["nomination"].status == workflow.COUNCIL and n["nomination"].pk not in on_vote
            },
            key=lambda t: t.position,
        ),
    }


def _voting_available():
    # The council vote uses the voting team's services, which may not be installed yet.
    return find_spec("awards.voting") is not None


@require_GET
def council_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(request, "awards/council_detail.html", _council_context(request, session))


@require_POST
def council_assemble(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    candidates = selectors.council_candidates(session.year)
    form = CouncilListForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, _("Choose at least one proposal."))
        return render(request, "awards/council_detail.html", _council_context(request, session, form), status=400)
    try:
        services.assemble_council_list(session, by=request.user, nominations=form.cleaned_data["nominations"])
    except (ValidationError, workflow.TransitionError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The proposals are now before the council."))
    return redirect("awards:council_detail", pk=session.pk)


@require_POST
def council_vote_create(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    if not _voting_available():
        raise Http404
    from . import voting

    award_type_id = request.POST.get("award_type", "")
    nominations = list(
        Nomination.objects.filter(year=session.year, status=workflow.COUNCIL, award_type_id=award_type_id).exclude(
            vote_items__vote__council_session=session
        )
        if award_type_id.isdigit() and award_type_id.isascii() and int(award_type_id) <= ModelMultipleIdField.MAX_ID
        else []
    )
    if not nominations:
        messages.error(request, _("No nomination of this award is waiting for a council vote."))
        return redirect("awards:council_detail", pk=session.pk)
    award_type = nominations[0].award_type
    try:
        vote = voting.create_vote(
            body="council",
            award_type=award_type,
            nominations=nominations,
            title=_("Council vote: %(award)s %(year)s") % {"award": award_type.name, "year": session.year},
            by=request.user,
            council_session=session,
        )
    except (ValidationError, workflow.TransitionError) as error:
        messages.error(request, _error_text(error))
        return redirect("awards:council_detail", pk=session.pk)
    messages.success(request, _("The council vote has been prepared."))
    return redirect(vote)


# Decisions -------------------------------------------------------------------------------


@require_GET
def decision_list(request):
    if not can_read_council(request.user):
        raise Http404
    decisions = AwardDecision.objects.select_related("council_session").order_by("-signed_on", "-pk")
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "awards/decision_list.html", {"page_obj": page, "can_run_council": can_run_council(request.user)}
    )


@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    awardable, rejectable = selectors.decision_candidates(session)
    form = DecisionForm(request.POST or None, awardable=awardable, rejectable=rejectable, year=session.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_decision(
                by=request.user,
                number=data["number"],
                symbol=data["symbol"],
                signed_on=data["signed_on"],
                signer=data["signer"],
                signer_title=data["signer_title"],
                title=data["title"],
                year=session.year,
                council_session=session,
                awarded=list(data["awarded"]),
                rejected=form.rejected(),
                reject_reason=data["reject_reason"],
            )
        except (ValidationError, workflow.TransitionError, ValueError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(decision)
    context = {"form": form, "session": session, "awardable": awardable, "rejectable": rejectable}
    return render(request, "awards/decision_form.html", context)


MERGER_DATE = datetime.date(2025, 3, 1)  # Nghị quyết 176/2025/QH15: Bộ TTTT merges into Bộ KH&CN


def _decision_context(decision):
    if decision.signed_on < MERGER_DATE:
        issuer = _("Ministry of Information and Communications")
    else:
        issuer = _("Ministry of Science and Technology")
    return {
        "issuer": issuer,
        "decision": decision,
        "awardees": decision.awardees.select_related("award_type", "organization", "nomination"),
        "rejected": Nomination.objects.filter(
            status=workflow.REJECTED, history__comment__startswith=f"{decision.reference}:"
        ).distinct(),
    }


@require_GET
def decision_detail(request, pk):
    decision = get_decision_for_user(request.user, pk)
    return render(
        request,
        "awards/decision_detail.html",
        {
            **_decision_context(decision),
            "is_staff": is_ministry_staff(request.user),
            "can_view_organisations": can_view_overview(request.user),
        },
    )


@require_GET
def decision_pdf(request, pk):
    decision = get_decision_for_user(request.user, pk)
    pdf = render_pdf("awards/pdf/decision.html", _decision_context(decision), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"quyet-dinh-{decision.number}-{decision.symbol}.pdf".replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
