from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from emulation_portal.vietnamese import sort_key

from . import rotation, selectors, services
from .forms import (
    AdjustmentForm,
    ClusterFilterForm,
    ClusterForm,
    DecisionForm,
    MembershipForm,
    PledgeForm,
    SelfAssessmentForm,
    TermCorrectionForm,
    TermForm,
    YearForm,
    format_criteria,
)
from .models import Cluster, ClusterMembership, ClusterTerm, Pledge
from .permissions import (
    assessment_open,
    can_manage_clusters,
    can_propose_term,
    can_review,
    can_see_ranking,
    can_self_assess,
    can_sign,
    can_use_clusters,
    get_cluster_for_user,
    get_pledge_for_user,
    get_term_for_user,
    is_chair_unit,
    is_member,
)


def _add_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_year(year):
    """404 for a year in the URL that no cluster can have (and that date arithmetic would choke on)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def _default_year():
    """The latest year with recorded membership up to this year, else this year."""
    this_year = timezone.localdate().year
    latest = (
        ClusterMembership.objects.filter(year__lte=this_year).order_by("-year").values_list("year", flat=True).first()
    )
    return latest or this_year


PER_PAGE = 25


@require_GET
def cluster_list(request):
    if not can_use_clusters(request.user):
        raise PermissionDenied
    # Read only when the page's cached part is rendered anew: a repeat request runs no query.
    listing = SimpleLazyObject(lambda: _cluster_listing(request))
    context = {
        "listing": listing,
        "page_obj": SimpleLazyObject(lambda: listing["page_obj"]),
        "query": SimpleLazyObject(lambda: listing["query"]),
        "can_manage": can_manage_clusters(request.user),
        # The default year and the "new year" notice follow today's date: the part is keyed with it.
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "clusters/cluster_list.html", context)


def _cluster_listing(request):
    form = ClusterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or _default_year()
    search, kind = data.get("q", ""), data.get("kind", "")
    clusters = selectors.clusters_with_current_terms(year, search=search, kind=kind)
    page = Paginator(clusters, PER_PAGE).get_page(request.GET.get("page"))
    query = {key: value for key, value in (("year", year), ("q", search), ("kind", kind)) if value}
    return {
        "year": year,
        "search": search,
        "kind": kind,
        "kinds": Cluster.Kind.choices,
        "filtered": bool(search or kind),
        "this_year": timezone.localdate().year,
        "clusters": selectors.attach_current_terms(page.object_list),
        "page_obj": page,
        "query": urlencode(query),
    }


@require_http_methods(["GET", "POST"])
def cluster_create(request):
    if not can_manage_clusters(request.user):
        raise PermissionDenied
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.create_cluster(**form.cleaned_data)
        except ValidationError as error:  # the same cluster created at the same moment
            form.add_error(None, error)
        else:
            messages.success(request, _("The cluster has been created."))
            return redirect(cluster)
    return render(request, "clusters/cluster_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk):
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cluster(cluster=cluster, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cluster has been saved."))
            return redirect(cluster)
    return render(request, "clusters/cluster_form.html", {"form": form, "cluster": cluster})


@require_GET
def cluster_detail(request, pk):
    cluster = get_cluster_for_user(request, pk)
    user = request.user
    today = timezone.localdate()
    can_manage = can_manage_clusters(user)
    # Read only when a cached part of the page is rendered anew (keyed with the date: the
    # default year and what the chair's unit may propose follow it).
    shown = SimpleLazyObject(lambda: _shown_year(request, cluster, today))
    detail = SimpleLazyObject(lambda: _cluster_detail(user, cluster, shown["years"], shown["year"], can_manage))

    def copy():
        # Staff copy last year's members into an empty year: a POST form, outside the cached parts.
        if not can_manage:
            return None
        years, year = shown["years"], shown["year"]
        return {"year": year} if year not in years and (year - 1) in years else None

    context = {
        "cluster": cluster,
        "detail": detail,
        "memberships": SimpleLazyObject(lambda: detail["memberships"]),
        "copy": SimpleLazyObject(copy),
        "today": today,
        "can_manage": can_manage,
    }
    return render(request, "clusters/cluster_detail.html", context)


def _shown_year(request, cluster, today):
    years = selectors.membership_years(cluster)
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return {"years": years, "year": year or (years[0] if years else today.year)}


def _cluster_detail(user, cluster, years, year, can_manage):
    memberships = selectors.members_of(cluster, year)
    terms = selectors.terms_of(cluster)
    pledges = selectors.pledges_of(cluster)
    return {
        "year": year,
        "years": years,
        "memberships": memberships,
        "terms": terms,
        "term": next((t for t in terms if t.year == year), None),
        "pledges": pledges,
        "pledge_years": {p.year for p in pledges},
        # Staff start the next year from the newest one: its page offers the one-step copy.
        "can_start_next": can_manage and bool(years) and year == years[0],
        "can_record_term": bool(memberships) and can_propose_term(user, cluster.pk, year),
        "can_propose_next": (year + 1) in years and can_propose_term(user, cluster.pk, year + 1),
        "can_draft_pledge": is_chair_unit(user, cluster.pk, year) and year not in {p.year for p in pledges},
        "is_member": is_member(user, cluster.pk, year),
    }


@require_http_methods(["GET", "POST"])
def membership_edit(request, pk, year):
    cluster = get_cluster_for_user(request, pk, write=True)
    _check_year(year)
    current = {m.organization_id: m.rotation_order for m in selectors.members_of(cluster, year)}
    organizations = sorted(
        selectors.eligible_members(cluster, year),
        key=lambda o: (current.get(o.pk) is None, current.get(o.pk), sort_key(o.name)),
    )
    form = MembershipForm(request.POST or None, organizations=organizations, initial_orders=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_membership(cluster=cluster, year=year, orders=form.orders())
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The membership for %(year)s has been saved.") % {"year": year})
            return redirect(f"{cluster.get_absolute_url()}?year={year}")
    return render(request, "clusters/membership_form.html", {"cluster": cluster, "year": year, "form": form})


@require_POST
def membership_copy(request, pk, year):
    cluster = get_cluster_for_user(request, pk, write=True)
    _check_year(year)
    try:
        copied, left_out = services.copy_membership(cluster=cluster, year=year)
    except ValidationError as error:
        _add_errors(request, error)
    else:
        messages.success(
            request,
            _("%(count)s members copied from %(previous)s.") % {"count": len(copied), "previous": year - 1},
        )
        for org in left_out:
            if org.valid_until and org.valid_until.year < year:
                successor = org.successor.display_name if org.successor else _("unknown")
                message = _("%(unit)s ended on %(day)s and was left out; successor: %(successor)s.") % {
                    "unit": org.display_name,
                    "day": date_format(org.valid_until, "SHORT_DATE_FORMAT"),
                    "successor": successor,
                }
            else:
                message = _("%(unit)s already belongs to another cluster in %(year)s and was left out.") % {
                    "unit": org.display_name,
                    "year": year,
                }
            messages.warning(request, message)
    return redirect(f"{cluster.get_absolute_url()}?year={year}")


def _proposal(previous, members, previous_members):
    """The rotation helper's proposal, or None when the members cannot form a term."""
    try:
        return rotation.propose_next_term(
            rotation.Term(previous.chair_id, previous.vice_chair_id) if previous else None,
            [m.organization_id for m in members],
            previous_members,
        )
    except rotation.RotationError:
        return None


@require_http_methods(["GET", "POST"])
def term_edit(request, pk, year):
    cluster = get_cluster_for_user(request, pk)
    _check_year(year)
    if not can_propose_term(request.user, cluster.pk, year):
        raise PermissionDenied
    members = selectors.members_of(cluster, year)
    if not members:
        messages.error(request, _("Ministry staff must first set the members for %(year)s.") % {"year": year})
        return redirect(f"{cluster.get_absolute_url()}?year={year - 1}")
    existing = ClusterTerm.objects.filter(cluster=cluster, year=year).first()
    if existing and existing.is_recognised:
        if not can_manage_clusters(request.user):
            raise PermissionDenied
        messages.info(request, _("This term is final: it can only be changed through a correction."))
        return redirect("clusters:term_correct", pk=existing.pk)
    previous = ClusterTerm.objects.filter(cluster=cluster, year=year - 1).first()
    previous_members = [m.organization_id for m in selectors.members_of(cluster, year - 1)]
    proposal = _proposal(previous, members, previous_members)
    initial = {"selection": ClusterTerm.Selection.ROTATION}
    if proposal:
        initial.update(chair=proposal.chair, vice_chair=proposal.vice_chair)
    form = TermForm(request.POST or None, instance=existing, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_term(cluster=cluster, year=year, replace=can_manage_clusters(request.user), **data)
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The term for %(year)s has been recorded.") % {"year": year})
            return redirect(f"{cluster.get_absolute_url()}?year={year}")
    names = {m.organization_id: m.organization for m in members}
    context = {
        "cluster": cluster,
        "year": year,
        "form": form,
        "previous": previous,
        "proposal": proposal,
        "proposal_chair": names.get(proposal.chair) if proposal else None,
        "proposal_vice_chair": names.get(proposal.vice_chair) if proposal else None,
        "existing": existing,
    }
    return render(request, "clusters/term_form.html", context)


@require_http_methods(["GET", "POST"])
def term_decision(request, pk):
    term = get_term_for_user(request, pk, write=True)
    if term.is_recognised:
        messages.info(request, _("This term is final: it can only be changed through a correction."))
        return redirect("clusters:term_correct", pk=term.pk)
    initial = {"number": term.decision_number, "date": term.decision_date}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(term=term, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The recognising decision has been recorded."))
            return redirect(f"{term.cluster.get_absolute_url()}?year={term.year}")
    return render(request, "clusters/decision_form.html", {"term": term, "form": form})


@require_http_methods(["GET", "POST"])
def term_correct(request, pk):
    term = get_term_for_user(request, pk, write=True)
    if not term.is_recognised:
        messages.info(request, _("This term is not final yet: change it through the term form."))
        return redirect("clusters:term_edit", pk=term.cluster_id, year=term.year)
    members = selectors.members_of(term.cluster, term.year)
    form = TermCorrectionForm(request.POST or None, instance=term, members=members)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CORRECTABLE}
        term.refresh_from_db()  # the form applied the new values to the instance; the service compares
        try:
            services.correct_term(term=term, by=request.user, reason=form.cleaned_data["reason"], **values)
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The correction has been recorded."))
            return redirect(f"{term.cluster.get_absolute_url()}?year={term.year}")
    context = {
        "term": term,
        "form": form,
        "corrections": term.corrections.select_related("by"),
    }
    return render(request, "clusters/term_correct.html", context)


@require_http_methods(["GET", "POST"])
def pledge_create(request, pk, year):
    cluster = get_cluster_for_user(request, pk)
    _check_year(year)
    if not is_chair_unit(request.user, cluster.pk, year):
        raise PermissionDenied
    if Pledge.objects.filter(cluster=cluster, year=year).exists():
        return redirect(Pledge.objects.get(cluster=cluster, year=year))
    previous = selectors.latest_pledge_before(cluster, year)
    initial = {"criteria": format_criteria(previous.criteria.all())} if previous else {}
    form = PledgeForm(request.POST or None, initial=initial, with_deadline=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge = services.draft_pledge(cluster=cluster, year=year, by=request.user, **data)
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The pledge for %(year)s has been drafted.") % {"year": year})
            return redirect(pledge)
    context = {"cluster": cluster, "year": year, "form": form, "previous": previous}
    return render(request, "clusters/pledge_form.html", context)


@require_http_methods(["GET", "POST"])
def pledge_edit(request, pk):
    pledge = get_pledge_for_user(request, pk, write=True)
    criteria = list(pledge.criteria.all())
    initial = {
        "signing_date": pledge.signing_date,
        "signing_place": pledge.signing_place,
        "criteria": format_criteria(criteria),
        "assessment_due_on": pledge.assessment_due_on,
        "note": pledge.note,
    }
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pledge(pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The pledge has been saved."))
            return redirect(pledge)
    context = {"cluster": pledge.cluster, "year": pledge.year, "form": form, "pledge": pledge}
    return render(request, "clusters/pledge_form.html", context)


@require_GET
def pledge_detail(request, pk):
    pledge = get_pledge_for_user(request, pk)
    user = request.user
    memberships = selectors.members_of(pledge.cluster, pledge.year)
    signatures = selectors.signatures_of(pledge)
    signed_ids = {s.organization_id for s in signatures}
    is_chair = is_chair_unit(user, pledge.cluster_id, pledge.year)
    own = {}
    if is_member(user, pledge.cluster_id, pledge.year):
        own = selectors.assessments_by_org(pledge).get(user.organization_id, {})
    criteria = list(pledge.criteria.all())
    show_ranking = can_see_ranking(user, pledge)
    context = {
        "pledge": pledge,
        "cluster": pledge.cluster,
        "criteria": criteria,
        "criteria_rows": [(c, own.get(c.pk)) for c in criteria],
        "signatures": signatures,
        "unsigned": [m for m in memberships if m.organization_id not in signed_ids],
        "member_count": len(memberships),
        "can_sign": can_sign(user, pledge, signed_ids),
        "is_chair": is_chair,
        "is_member": is_member(user, pledge.cluster_id, pledge.year),
        "own_scores": bool(own),
        "can_self_assess": can_self_assess(user, pledge),
        "assessment_open": assessment_open(pledge),
        "ranking": selectors.pledge_ranking(pledge, memberships) if show_ranking else None,
        "can_publish": is_chair and not pledge.ranking_published_at,
        "review_chair_term": _term_if_vice_chair_reviews(user, pledge),
    }
    return render(request, "clusters/pledge_detail.html", context)


def _term_if_vice_chair_reviews(user, pledge):
    """The pledge year's term when `user`'s unit is its vice-chair and may still review the chair's scores."""
    if pledge.ranking_published_at or not is_member(user, pledge.cluster_id, pledge.year):
        return None
    term = ClusterTerm.objects.filter(cluster_id=pledge.cluster_id, year=pledge.year).select_related("chair").first()
    if term and term.vice_chair_id == user.organization_id:
        return term
    return None


@require_POST
def pledge_sign(request, pk):
    pledge = get_pledge_for_user(request, pk)
    if not is_member(request.user, pledge.cluster_id, pledge.year):
        raise PermissionDenied
    try:
        services.sign_pledge(pledge=pledge, organization=request.user.organization, by=request.user)
    except ValidationError as error:
        _add_errors(request, error)
    else:
        messages.success(request, _("Your unit has signed the pledge."))
    return redirect(pledge)


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    pledge = get_pledge_for_user(request, pk)
    if not is_member(request.user, pledge.cluster_id, pledge.year):
        raise PermissionDenied
    if not can_self_assess(request.user, pledge):
        messages.error(request, _("Self-assessment is closed for this pledge."))
        return redirect(pledge)
    organization = request.user.organization
    existing = selectors.assessments_by_org(pledge).get(organization.pk, {})
    criteria = list(pledge.criteria.all())
    form = SelfAssessmentForm(request.POST or None, criteria=criteria, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_self_assessment(
                pledge=pledge, organization=organization, scores=form.scores(), by=request.user
            )
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("Your self-assessment has been saved."))
            return redirect(pledge)
    context = {"pledge": pledge, "cluster": pledge.cluster, "form": form, "organization": organization}
    return render(request, "clusters/assessment_form.html", context)


@require_GET
def assessment_overview(request, pk):
    pledge = get_pledge_for_user(request, pk, write=True)
    memberships = selectors.members_of(pledge.cluster, pledge.year)
    by_org = selectors.assessments_by_org(pledge)
    criteria = list(pledge.criteria.all())
    term = ClusterTerm.objects.filter(cluster_id=pledge.cluster_id, year=pledge.year).first()
    rows = [
        {
            "membership": m,
            "cells": [by_org.get(m.organization_id, {}).get(c.pk) for c in criteria],
            "can_review": not pledge.ranking_published_at and can_review(request.user, term, m.organization_id),
        }
        for m in memberships
    ]
    context = {
        "pledge": pledge,
        "cluster": pledge.cluster,
        "criteria": criteria,
        "rows": rows,
        "ranking": selectors.pledge_ranking(pledge, memberships),
    }
    return render(request, "clusters/assessment_overview.html", context)


@require_http_methods(["GET", "POST"])
def assessment_review(request, pk, org_pk):
    pledge = get_pledge_for_user(request, pk)
    term = ClusterTerm.objects.filter(cluster_id=pledge.cluster_id, year=pledge.year).first()
    # The chair's unit reviews the others; the vice-chair's unit reviews the chair's own scores.
    if not can_review(request.user, term, org_pk):
        raise PermissionDenied
    membership = get_object_or_404(
        ClusterMembership.objects.select_related("organization"),
        cluster=pledge.cluster,
        year=pledge.year,
        organization_id=org_pk,
    )
    is_chair = is_chair_unit(request.user, pledge.cluster_id, pledge.year)
    done = redirect("clusters:assessment_overview", pk=pledge.pk) if is_chair else redirect(pledge)
    if pledge.ranking_published_at:
        messages.error(request, _("The ranking is published; scores can no longer be adjusted."))
        return done
    criteria = list(pledge.criteria.all())
    assessments = selectors.assessments_by_org(pledge).get(org_pk, {})
    form = AdjustmentForm(request.POST or None, criteria=criteria, assessments=assessments)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_scores(
                pledge=pledge, assessments=assessments, adjustments=form.adjustments(), by=request.user
            )
        except ValidationError as error:
            _add_errors(request, error)
        else:
            messages.success(request, _("The review has been saved."))
            return done
    context = {
        "pledge": pledge,
        "cluster": pledge.cluster,
        "form": form,
        "membership": membership,
        "is_chair": is_chair,
        "reviews_chair": term.chair_id == membership.organization_id,
    }
    return render(request, "clusters/assessment_review.html", context)


@require_POST
def ranking_publish(request, pk):
    pledge = get_pledge_for_user(request, pk, write=True)
    try:
        services.publish_ranking(pledge=pledge)
    except ValidationError as error:
        _add_errors(request, error)
    else:
        messages.success(request, _("The ranking has been published to the cluster."))
    return redirect(pledge)
