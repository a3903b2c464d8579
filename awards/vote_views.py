"""Pages of cluster conferences and votes: attendance, agenda, ballots, live progress, outcome, minutes."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusters.models import ClusterMeeting, ClusterTerm, MeetingAttendance, Pledge
from clusters.permissions import can_propose_term, is_chair_unit
from emulation_portal.vietnamese import sort_key

from . import minutes, rules, voting, workflow
from .models import Nomination, Vote, VoterRecord
from .tally import describe_rule
from .vote_forms import BallotForm, MeetingForm, PaperTallyForm, VoteCreateForm, attendance_rows
from .vote_permissions import (
    can_manage_vote,
    can_run_meeting,
    can_watch_progress,
    chairs_cluster_somewhen,
    get_cluster_for_meetings,
    get_meeting_for_user,
    get_vote_for_user,
    voter_of,
)


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_GET
def meeting_list(request, cluster_pk):
    cluster = get_cluster_for_meetings(request, cluster_pk)
    meetings = ClusterMeeting.objects.filter(cluster=cluster).select_related("host").order_by("-held_on")
    context = {"cluster": cluster, "meetings": meetings, "can_create": chairs_cluster_somewhen(request.user, cluster)}
    return render(request, "awards/meeting_list.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request, cluster_pk):
    cluster = get_cluster_for_meetings(request, cluster_pk)
    if not chairs_cluster_somewhen(request.user, cluster):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None, cluster=cluster, chair_check=lambda year: is_chair_unit(request.user, cluster.pk, year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = voting.create_meeting(cluster=cluster, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The conference has been created; mark who attends."))
            return redirect("awards:meeting_detail", meeting.pk)
    return render(request, "awards/meeting_form.html", {"cluster": cluster, "form": form})


def _agenda(meeting, member_ids):
    """Submitted nominations of the cluster's members for the results year, grouped by award type."""
    nominations = (
        Nomination.objects.filter(
            year=meeting.results_year, status=workflow.SUBMITTED, nominee_organization_id__in=member_ids
        )
        .exclude(vote_items__vote__status__in=[Vote.Status.DRAFT, Vote.Status.OPEN])
        .select_related("award_type", "proposing_organization")
        .order_by("award_type__position", "award_type__name", "nominee_name")
    )
    return [(award_type, list(group)) for award_type, group in groupby(nominations, key=lambda n: n.award_type)]


def _meeting_context(request, meeting):
    attendance = list(
        MeetingAttendance.objects.filter(meeting=meeting).select_related("organization").order_by("organization__name")
    )
    member_ids = voting.meeting_member_ids(meeting)
    order = {org_id: i for i, org_id in enumerate(member_ids)}
    attendance.sort(key=lambda a: order.get(a.organization_id, len(order)))
    return {
        "meeting": meeting,
        "attendance": attendance,
        "quorum": voting.meeting_quorum(meeting),
        "can_run": can_run_meeting(request.user, meeting),
        "is_open": meeting.status != ClusterMeeting.Status.CLOSED,
    }


@require_GET
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request, pk)
    context = _meeting_context(request, meeting)
    member_ids = voting.meeting_member_ids(meeting)
    context.update(
        {
            "agenda": _agenda(meeting, member_ids),
            "votes": meeting.votes.select_related("award_type").order_by("created_at"),
            "modes": Vote.Mode.choices,
            "rule_text": describe_rule(rules.rule_for("cluster")),
            "pledge": Pledge.objects.filter(cluster=meeting.cluster, year=meeting.year).first(),
            "term": ClusterTerm.objects.filter(cluster=meeting.cluster, year=meeting.year)
            .select_related("chair", "vice_chair")
            .first(),
            "next_year": meeting.year + 1,
            # The agenda's other items link only where the user may act (otherwise plain text, no 403).
            "can_propose_term": can_propose_term(request.user, meeting.cluster_id, meeting.year + 1),
            "can_draft_pledge": is_chair_unit(request.user, meeting.cluster_id, meeting.year),
        }
    )
    return render(request, "awards/meeting_detail.html", context)


@require_POST
def meeting_attendance(request, pk):
    meeting = get_meeting_for_user(request, pk, write=True)
    rows = attendance_rows(request.POST, voting.meeting_member_ids(meeting))
    try:
        voting.set_attendance(meeting, rows=rows, by=request.user)
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(" ".join(error.messages), status=400)
        _errors(request, error)
        return redirect("awards:meeting_detail", meeting.pk)
    if request.headers.get("HX-Request"):
        return render(request, "awards/_meeting_quorum.html", {**_meeting_context(request, meeting), "saved": True})
    messages.success(request, _("The attendance has been saved."))
    return redirect("awards:meeting_detail", meeting.pk)


@require_POST
def meeting_close(request, pk):
    meeting = get_meeting_for_user(request, pk, write=True)
    try:
        voting.close_meeting(meeting, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The conference is closed."))
    return redirect("awards:meeting_detail", meeting.pk)


@require_POST
def vote_create(request, pk):
    meeting = get_meeting_for_user(request, pk, write=True)
    form = VoteCreateForm(request.POST)
    if not form.is_valid():
        raise Http404
    agenda = dict(_agenda(meeting, voting.meeting_member_ids(meeting)))
    award_type = next((t for t in agenda if t.pk == form.cleaned_data["award_type"]), None)
    if award_type is None:
        messages.error(request, _("There is no submitted nomination of this award to vote on."))
        return redirect("awards:meeting_detail", meeting.pk)
    try:
        vote = voting.create_vote(
            body="cluster",
            award_type=award_type,
            nominations=agenda[award_type],
            title=_("Vote on the %(award)s for the results of %(year)s")
            % {"award": award_type.name, "year": meeting.results_year},
            by=request.user,
            meeting=meeting,
            mode=form.cleaned_data["mode"],
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("awards:meeting_detail", meeting.pk)
    messages.success(request, _("The vote has been prepared. Open it when the conference is ready."))
    return redirect(vote)


def _vote_items(vote):
    return list(vote.items.select_related("nomination__nominee_organization", "nomination__proposing_organization"))


@require_GET
def vote_detail(request, pk):
    vote = get_vote_for_user(request, pk)
    items = _vote_items(vote)
    voter = voter_of(request.user, vote)
    organization = voter.get("organization") if voter else None
    recused = voting.recused_item_ids(vote, organization.pk) if organization else set()
    refusal = voting.voter_refusal(vote, **voter) if voter else None
    already = voter is not None and VoterRecord.objects.filter(vote=vote, **voter).exists()
    form = None
    if voter and refusal is None:
        form = BallotForm(items=items, recused_ids=recused)
    result = voting.tally_vote(vote) if vote.status == Vote.Status.CLOSED else None
    outcomes = {o.key: o for o in result.items} if result else {}
    rule = rules.rule_of_vote(vote) or rules.rule_for(vote.body, vote.award_type)
    written = None
    if can_manage_vote(request.user, vote):
        absent = voting.members_to_vote_in_writing(vote)
        if absent:
            written = {"members": absent, "form": BallotForm(items=items, recused_ids=set(), prefix="written")}
    context = {
        "written": written,
        "vote": vote,
        "items": [(item, item.pk in recused, outcomes.get(item.pk)) for item in items],
        "rule_text": describe_rule(rule),
        "rule_frozen": vote.status != Vote.Status.DRAFT,
        "form": form,
        "is_voter": voter is not None,
        "already_voted": already,
        "refusal": refusal if voter and not already else None,
        "can_manage": can_manage_vote(request.user, vote),
        "can_watch": can_watch_progress(request.user, vote),
        "result": result,
        "progress_context": _progress_context(vote)
        if vote.status != Vote.Status.DRAFT and can_watch_progress(request.user, vote)
        else None,
    }
    return render(request, "awards/vote_detail.html", context)


@require_GET
def vote_progress(request, pk):
    vote = get_vote_for_user(request, pk)
    if not can_watch_progress(request.user, vote):
        raise PermissionDenied
    return render(request, "awards/_vote_progress.html", {"vote": vote, **_progress_context(vote)})


def _progress_context(vote):
    progress = voting.voting_progress(vote)
    if vote.body == "cluster":
        attendance = MeetingAttendance.objects.filter(meeting_id=vote.meeting_id, present=True).select_related(
            "organization"
        )
        voters = sorted(
            ((a.organization.display_name, a.organization_id in progress["voted_ids"]) for a in attendance),
            key=lambda row: sort_key(row[0]),
        )
    else:
        members = vote.council_session.members.select_related("user")
        voters = [(m.user.get_full_name() or m.user.username, m.pk in progress["voted_ids"]) for m in members]
    return {"progress": progress, "voters": voters, "checked_at": timezone.localtime()}


def _run_vote_step(request, pk, step, success):
    """Open or close the vote `pk` for the user who runs it (403 otherwise), then back to its page."""
    vote = get_vote_for_user(request, pk, manage=True)
    try:
        step(vote, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, success)
    return redirect(vote)


@require_POST
def vote_open(request, pk):
    return _run_vote_step(
        request, pk, voting.open_vote, _("The vote is open: the members present can cast their ballots.")
    )


@require_POST
def vote_close(request, pk):
    return _run_vote_step(request, pk, voting.close_vote, _("The vote is closed and counted from the stored ballots."))


@require_POST
def vote_ballot(request, pk):
    vote = get_vote_for_user(request, pk)
    voter = voter_of(request.user, vote)
    if voter is None:
        raise PermissionDenied
    organization = voter.get("organization")
    recused = voting.recused_item_ids(vote, organization.pk) if organization else set()
    form = BallotForm(request.POST, items=_vote_items(vote), recused_ids=recused)
    if not form.is_valid():
        messages.error(request, _("Mark a choice for every nomination on the ballot."))
        return redirect(vote)
    try:
        voting.cast_ballot(vote, by=request.user, choices=form.choices(), **voter)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your secret ballot has been recorded. Thank you."))
    return redirect(vote)


@require_POST
def vote_written(request, pk):
    """Staff record the written ballot of a council member who is absent from the session."""
    vote = get_vote_for_user(request, pk, manage=True)
    if vote.body != "council":
        raise Http404
    member = vote.council_session.members.filter(pk=request.POST.get("member") or 0, present=False).first()
    form = BallotForm(request.POST, items=_vote_items(vote), recused_ids=set(), prefix="written")
    if member is None or not form.is_valid():
        messages.error(request, _("Choose the absent member and mark a choice for every nomination."))
        return redirect(vote)
    try:
        voting.cast_ballot(vote, by=request.user, choices=form.choices(), council_member=member, in_writing=True)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The written ballot has been recorded."))
    return redirect(vote)


@require_http_methods(["GET", "POST"])
def vote_paper(request, pk):
    vote = get_vote_for_user(request, pk, manage=True)
    if vote.mode != Vote.Mode.PAPER or vote.status != Vote.Status.OPEN:
        messages.error(request, _("The paper count is entered while a paper vote is open."))
        return redirect(vote)
    initial = {"ballots_cast": vote.paper_ballots_cast, "ballots_invalid": vote.paper_ballots_invalid or 0}
    form = PaperTallyForm(request.POST or None, items=_vote_items(vote), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            voting.record_paper_tally(
                vote,
                by=request.user,
                ballots_cast=form.cleaned_data["ballots_cast"],
                ballots_invalid=form.cleaned_data["ballots_invalid"],
                counts=form.counts(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The paper count has been saved."))
            return redirect(vote)
    return render(request, "awards/vote_paper.html", {"vote": vote, "form": form})


@require_GET
def vote_minutes(request, pk):
    vote = get_vote_for_user(request, pk)
    if vote.status != Vote.Status.CLOSED:
        raise Http404
    response = HttpResponse(minutes.render(vote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-binh-xet-{vote.pk}.pdf"'
    return response
