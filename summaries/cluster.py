"""The cluster year summary: term, members, pledge and signatures, ranking, and votes when there are any."""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from clusters import selectors as cluster_selectors
from clusters.models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeSignature, SelfAssessment

from .selectors import awards_model

KIND = "cluster"
TEMPLATE = "summaries/pdf/cluster.html"


@dataclass
class ClusterData:
    cluster: Cluster
    year: int
    term: ClusterTerm | None
    members: list
    pledge: Pledge | None
    criteria: list = field(default_factory=list)
    signatures: list = field(default_factory=list)
    ranking: list = field(default_factory=list)
    votes: list = field(default_factory=list)

    @property
    def unsigned(self):
        signed = {s.organization_id for s in self.signatures}
        return [m for m in self.members if m.organization_id not in signed]


def clean_parameters(parameters):
    cluster = Cluster.objects.filter(pk=int(parameters["cluster"])).first()
    year = int(parameters["year"])
    if cluster is None or not 2000 <= year <= 2100:
        raise LookupError("cluster")
    return {"cluster": cluster.pk, "year": year, "slug": f"tong-hop-cum-{cluster.number}-{year}"}


def title(parameters):
    cluster = Cluster.objects.get(pk=parameters["cluster"])
    return _("%(cluster)s: summary of %(year)s") % {"cluster": cluster, "year": parameters["year"]}


def _votes_queryset(cluster, year):
    """The votes of the cluster's conferences on `year`'s results, or None without the awards models."""
    vote = awards_model("Vote")
    if vote is None:
        return None
    return vote.objects.filter(meeting__cluster=cluster, meeting__results_year=year)


def fingerprint_parts(parameters):
    cluster = Cluster.objects.get(pk=parameters["cluster"])
    year = parameters["year"]
    pledge = Pledge.objects.filter(cluster=cluster, year=year).first()
    votes = _votes_queryset(cluster, year)
    return [
        cluster.pk,
        cluster.name,
        year,
        list(ClusterTerm.objects.filter(cluster=cluster, year=year).values_list()),
        list(
            ClusterMembership.objects.filter(cluster=cluster, year=year).values_list(
                "organization_id", "rotation_order"
            )
        ),
        list(Pledge.objects.filter(pk=getattr(pledge, "pk", None)).values_list()),
        pledge and list(pledge.criteria.values_list()),
        pledge and PledgeSignature.objects.filter(pledge=pledge).aggregate(n=Count("pk"), last=Max("signed_at")),
        pledge
        and SelfAssessment.objects.filter(criterion__pledge=pledge).aggregate(
            n=Count("pk"), last=Max("updated_at"), adjusted=Max("adjusted_at")
        ),
        votes is not None and list(votes.values_list("pk", "status", "closed_at", "items__passed")),
    ]


def load(parameters):
    cluster = Cluster.objects.get(pk=parameters["cluster"])
    year = parameters["year"]
    members = cluster_selectors.members_of(cluster, year)
    term = ClusterTerm.objects.filter(cluster=cluster, year=year).select_related("chair", "vice_chair").first()
    pledge = Pledge.objects.filter(cluster=cluster, year=year).first()
    data = ClusterData(cluster=cluster, year=year, term=term, members=members, pledge=pledge)
    if pledge is not None:
        data.criteria = list(pledge.criteria.order_by("position"))
        data.signatures = cluster_selectors.signatures_of(pledge)
        data.ranking = cluster_selectors.pledge_ranking(pledge, members)
    votes = _votes_queryset(cluster, year)
    if votes is not None:
        for vote in votes.prefetch_related("items__nomination").order_by("created_at", "pk"):
            data.votes.append(
                (
                    vote.title,
                    vote.get_status_display(),
                    [(item.nomination.nominee_name, item.passed) for item in vote.items.all()],
                )
            )
    return data


def context(data, parameters):
    return {"data": data}


def parameter_rows(data, parameters):
    return [(_("Cluster"), str(data.cluster)), (_("Year"), str(data.year)), (_("Members"), str(len(data.members)))]


def sheets(data, parameters):
    term = data.term
    term_rows = [
        (_("Chair"), term.chair.name if term and term.chair else ""),
        (_("Vice-chair"), term.vice_chair.name if term and term.vice_chair else ""),
        (
            _("Recognising decision"),
            f"{term.decision_number} {term.decision_date:%d/%m/%Y}" if term and term.decision_date else "",
        ),
        (
            _("Pledge signed on"),
            f"{data.pledge.signing_date:%d/%m/%Y}" if data.pledge and data.pledge.signing_date else "",
        ),
    ]
    signed = {s.organization_id: s for s in data.signatures}
    member_rows = [
        (
            m.rotation_order,
            m.organization.name,
            f"{signed[m.organization_id].signed_at:%d/%m/%Y}" if m.organization_id in signed else "",
        )
        for m in data.members
    ]
    ranking_rows = [
        (entry.rank, entry.name, float(entry.total) if entry.total is not None else None) for entry in data.ranking
    ]
    return [
        (_("Term"), [_("Item"), _("Value")], term_rows),
        (_("Members"), [_("Rotation order"), _("Organisation"), _("Signed on")], member_rows),
        (_("Ranking"), [_("Rank"), _("Organisation"), _("Total score")], ranking_rows),
        (
            _("Votes"),
            [_("Vote"), _("Status"), _("Nominee"), _("Passed")],
            [
                (title, status, name, "" if passed is None else (_("yes") if passed else _("no")))
                for title, status, items in data.votes
                for name, passed in items
            ],
        ),
    ]
