"""The awards summary of one achievement year: nominations by award and status, votes, decisions.

Read from the awards app's models when it provides them; with no awards data the summary
says so instead of failing.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import charts
from .selectors import awards_model

KIND = "awards"
TEMPLATE = "summaries/pdf/awards.html"


@dataclass
class VoteLine:
    title: str
    body: str
    status: str
    items: list  # (nominee name, passed: True/False/None)


@dataclass
class AwardsData:
    year: int
    statuses: list = field(default_factory=list)  # [(value, label)]
    rows: list = field(default_factory=list)  # [(award type name, [count per status], total)]
    totals: list = field(default_factory=list)
    votes: list = field(default_factory=list)
    decisions: list = field(default_factory=list)  # [(decision, [awardee])]

    @property
    def award_names(self):
        return [name for name, _values, _total in self.rows]

    @property
    def by_status(self):
        """[(status label, [count per award type], total)]: statuses down, award types across."""
        return [
            (label, [values[index] for _name, values, _total in self.rows], self.totals[index])
            for index, (_value, label) in enumerate(self.statuses)
        ]

    @property
    def nominations(self):
        return sum(self.totals)

    def chart(self):
        if not self.nominations:
            return ""
        shown = [(label, n) for (_value, label), n in zip(self.statuses, self.totals, strict=True) if n]
        top = max(n for _label, n in shown)
        return charts.horizontal_bars(
            [(label, n, str(n)) for label, n in shown],
            title=_("Nominations of %(year)s by status") % {"year": self.year},
            description=_("The same figures are in the table of nominations."),
            maximum=top,
            unit="",
        )


def clean_parameters(parameters):
    year = int(parameters["year"])
    if not 2000 <= year <= 2100:
        raise LookupError("year")
    return {"year": year, "slug": f"tong-hop-khen-thuong-{year}"}


def title(parameters):
    return _("Awards summary, achievements of %(year)s") % {"year": parameters["year"]}


def fingerprint_parts(parameters):
    year = parameters["year"]
    nomination, vote, decision = awards_model("Nomination"), awards_model("Vote"), awards_model("AwardDecision")
    if nomination is None:
        return [year, None]
    return [
        year,
        nomination.objects.filter(year=year).aggregate(n=Count("pk"), last=Max("updated_at")),
        list(nomination.objects.filter(year=year).values_list("status").annotate(n=Count("pk")).order_by("status")),
        vote and list(_votes(vote, year).values_list("pk", "status", "closed_at", "items__passed")),
        decision and list(decision.objects.filter(year=year).values_list("pk", "number", "awardees__pk")),
    ]


def _votes(vote, year):
    from django.db.models import Q

    return vote.objects.filter(Q(meeting__results_year=year) | Q(council_session__year=year))


def load(parameters):
    year = parameters["year"]
    data = AwardsData(year=year)
    nomination = awards_model("Nomination")
    if nomination is None:
        return data
    data.statuses = list(nomination.Status.choices)
    counts = {}
    names = {}
    for row in (
        nomination.objects.filter(year=year)
        .values("award_type", "award_type__name", "award_type__position", "status")
        .annotate(n=Count("pk"))
    ):
        counts[(row["award_type"], row["status"])] = row["n"]
        names[row["award_type"]] = (row["award_type__position"], row["award_type__name"])
    for award_type, (_position, name) in sorted(names.items(), key=lambda item: item[1]):
        values = [counts.get((award_type, value), 0) for value, _label in data.statuses]
        data.rows.append((name, values, sum(values)))
    data.totals = [sum(row[1][i] for row in data.rows) for i in range(len(data.statuses))]
    vote = awards_model("Vote")
    if vote is not None:
        for item in _votes(vote, year).prefetch_related("items__nomination").order_by("created_at", "pk"):
            data.votes.append(
                VoteLine(
                    title=item.title,
                    body=item.get_body_display(),
                    status=item.get_status_display(),
                    items=[(line.nomination.nominee_name, line.passed) for line in item.items.all()],
                )
            )
    decision = awards_model("AwardDecision")
    if decision is not None:
        for item in decision.objects.filter(year=year).prefetch_related("awardees__award_type"):
            data.decisions.append((item, list(item.awardees.all())))
    return data


def context(data, parameters):
    return {"data": data, "chart": data.chart()}


def parameter_rows(data, parameters):
    return [(_("Achievement year"), str(data.year)), (pgettext("count", "Nominations"), str(data.nominations))]


def _outcome(passed):
    if passed is None:
        return _("not counted yet")
    return _("passed") if passed else _("not passed")


def sheets(data, parameters):
    nominations = [(label, *values, total) for label, values, total in data.by_status] if data.rows else []
    if data.rows:
        nominations.append(
            (pgettext("sum of counts", "Total"), *[total for _name, _values, total in data.rows], data.nominations)
        )
    votes = [
        (line.title, line.body, line.status, name, _outcome(passed))
        for line in data.votes
        for name, passed in line.items
    ]
    awardees = [
        (decision.reference, f"{decision.signed_on:%d/%m/%Y}", awardee.name, str(awardee.award_type))
        for decision, people in data.decisions
        for awardee in people
    ]
    return [
        (_("Nominations"), [_("Status"), *data.award_names, pgettext("sum of counts", "Total")], nominations),
        (_("Votes"), [_("Vote"), _("Voting body"), _("Status"), _("Nominee"), _("Outcome")], votes),
        (_("Decisions"), [_("Decision"), _("Date signed"), _("Awardee"), _("Award")], awardees),
    ]
