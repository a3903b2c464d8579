"""Reads for awards: the facts eligibility needs, filtered lists, council lists and awardees."""

from django.db.models import Count, Q

from campaigns.models import Campaign
from clusters.models import ClusterMembership, ClusterTerm, Pledge
from clusters.selectors import pledge_ranking
from emulation_portal.vietnamese import fold

from . import eligibility, workflow
from .models import Awardee, AwardType, Nomination, Vote, VoteItem
from .permissions import nominations_visible_to


def cluster_of(organization, year):
    """The cluster `organization` belongs to in `year`, or None."""
    if organization is None:
        return None
    membership = (
        ClusterMembership.objects.filter(organization=organization, year=year).select_related("cluster").first()
    )
    return membership.cluster if membership else None


def _first_in_ranking(organization, year):
    names = []
    for pledge in Pledge.objects.filter(
        year=year,
        ranking_published_at__isnull=False,
        cluster__memberships__organization=organization,
        cluster__memberships__year=year,
    ).select_related("cluster"):
        memberships = ClusterMembership.objects.filter(cluster=pledge.cluster, year=year).select_related("organization")
        entries = pledge_ranking(pledge, memberships)
        if any(e.key == organization.pk and e.rank == 1 for e in entries):
            names.append(pledge.cluster.name)
    return tuple(names)


def _led_thematic(organization, year):
    campaigns = Campaign.objects.filter(
        kind=Campaign.Kind.THEMATIC, lead_organization=organization, end_date__year=year
    ).only("name", "start_date", "end_date")
    return tuple(c.name for c in campaigns if c.end_date.year - c.start_date.year + 1 >= eligibility.THEMATIC_MIN_YEARS)


def live_nomination_for_same_achievement(
    *, year, campaign, nominee_organization=None, nominee_person="", proposing_organization=None, exclude_pk=None
):
    """Another live nomination for the same achievement (nominee, year, campaign), or None."""
    others = Nomination.objects.filter(year=year, campaign=campaign, status__in=sorted(workflow.ACTIVE))
    if nominee_organization is not None:
        others = others.filter(nominee_organization=nominee_organization)
    else:
        others = others.filter(
            nominee_organization__isnull=True,
            nominee_person__iexact=(nominee_person or "").strip(),
            proposing_organization=proposing_organization,
        )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    return others.select_related("award_type").first()


def eligibility_facts(
    *,
    year,
    nominee_organization=None,
    nominee_person="",
    proposing_organization=None,
    campaign=None,
    led_cluster=None,
    grassroots_fighter_years="",
    initiative="",
    exclude_pk=None,
):
    """Gather what awards.eligibility needs to decide about this nominee and year."""
    other = live_nomination_for_same_achievement(
        year=year,
        campaign=campaign,
        nominee_organization=nominee_organization,
        nominee_person=nominee_person,
        proposing_organization=proposing_organization,
        exclude_pk=exclude_pk,
    )
    chaired = first = thematic = ()
    if nominee_organization is not None:
        terms = ClusterTerm.objects.filter(chair=nominee_organization, year=year).select_related("cluster")
        if led_cluster is not None:
            terms = terms.filter(cluster=led_cluster)
        chaired = tuple(t.cluster.name for t in terms)
        first = _first_in_ranking(nominee_organization, year)
        thematic = _led_thematic(nominee_organization, year)
    return eligibility.Facts(
        year=year,
        is_collective=nominee_organization is not None,
        chaired_clusters=chaired,
        first_in_ranking=first,
        led_thematic_campaigns=thematic,
        grassroots_years=eligibility.parse_years(grassroots_fighter_years),
        initiative=initiative or "",
        other_live_nomination=str(other) if other else "",
    )


def search_nominations(user, *, q="", year=None, award_type=None, status="", cluster=None):
    """The nominations `user` may see, filtered, with what the list shows."""
    nominations = nominations_visible_to(user)
    if q:
        folded = fold(q)
        nominations = nominations.filter(
            Q(nominee_name__icontains=q)
            | Q(nominee_person__icontains=q)
            | Q(nominee_organization__search_text__contains=folded)
            | Q(proposing_organization__search_text__contains=folded)
        )
    if year:
        nominations = nominations.filter(year=year)
    if award_type:
        nominations = nominations.filter(award_type=award_type)
    if status:
        nominations = nominations.filter(status=status)
    if cluster:
        nominations = nominations.filter(cluster=cluster)
    return nominations.select_related("award_type", "proposing_organization", "cluster").order_by(
        "-year", "award_type__position", "nominee_name", "pk"
    )


def status_counts(nominations):
    """{status: count} over `nominations`."""
    return dict(nominations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def council_candidates(year):
    """Nominations proposed to the ministry for `year`: what staff may put before the council."""
    return (
        Nomination.objects.filter(year=year, status=workflow.PROPOSED)
        .select_related("award_type", "proposing_organization", "cluster")
        .order_by("award_type__position", "nominee_name")
    )


def council_list(session):
    """The nominations before the council of `session`'s year, and those it already decided."""
    return (
        Nomination.objects.filter(
            year=session.year, status__in=[workflow.COUNCIL, workflow.APPROVED, workflow.REJECTED]
        )
        .filter(
            Q(status=workflow.COUNCIL)
            | Q(vote_items__vote__council_session=session)
            | Q(awardee__decision__council_session=session)
        )
        .distinct()
        .select_related("award_type", "proposing_organization", "cluster")
        .order_by("award_type__position", "nominee_name")
    )


def council_votes(session):
    """The council votes of `session`, newest first."""
    return Vote.objects.filter(council_session=session).select_related("award_type")


def passed_by_council(session):
    """{nomination id: True/False/None} from the closed council votes of `session`."""
    result = {}
    for item in VoteItem.objects.filter(vote__council_session=session, vote__status=Vote.Status.CLOSED):
        result[item.nomination_id] = item.passed
    return result


def decision_candidates(session):
    """(may be awarded, must be rejected) for a decision after `session`.

    Awardable: before the council and passed by a closed council vote, or proposed to the
    ministry for an award type that needs no council. The rest before the council of the
    year are rejected by the decision.
    """
    outcomes = passed_by_council(session) if session else {}
    year_filter = {"year": session.year} if session else {}
    before_council = list(
        Nomination.objects.filter(status=workflow.COUNCIL, **year_filter).select_related("award_type")
    )
    awardable = [n for n in before_council if outcomes.get(n.pk) is True]
    awardable += list(
        Nomination.objects.filter(
            status=workflow.PROPOSED, award_type__needs_council=False, **year_filter
        ).select_related("award_type")
    )
    rejectable = [n for n in before_council if outcomes.get(n.pk) is not True]
    return awardable, rejectable


def awardees_of(organization):
    """The awards `organization` received, newest decision first."""
    return (
        Awardee.objects.filter(Q(organization=organization) | Q(nomination__proposing_organization=organization))
        .select_related("decision", "award_type")
        .order_by("-decision__signed_on", "position")
    )


def active_award_types():
    return AwardType.objects.filter(is_active=True)
