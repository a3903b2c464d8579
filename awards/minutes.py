"""The minutes of a vote (biên bản họp bình xét) as PDF, recomputed from the stored ballots."""

from clusters.models import ClusterTerm, MeetingAttendance
from emulation_portal.pdf import render_pdf

from . import rules, voting
from .tally import describe_rule


def context(vote):
    """Everything the minutes show: venue, attendance, quorum, the rule, each item's tally, recusals."""
    result = voting.tally_vote(vote)
    outcomes = {o.key: o for o in result.items} if result else {}
    items = list(vote.items.select_related("nomination__nominee_organization", "nomination__proposing_organization"))
    attendance, term = [], None
    if vote.meeting_id:
        attendance = list(MeetingAttendance.objects.filter(meeting_id=vote.meeting_id).select_related("organization"))
        order = {org_id: i for i, org_id in enumerate(voting.meeting_member_ids(vote.meeting))}
        attendance.sort(key=lambda a: order.get(a.organization_id, len(order)))
        term = (
            ClusterTerm.objects.filter(cluster_id=vote.meeting.cluster_id, year=vote.meeting.year)
            .select_related("chair")
            .first()
        )
    rows = []
    for item in items:
        nomination = item.nomination
        recused = [
            org.display_name
            for org in {nomination.nominee_organization, nomination.proposing_organization}
            if org is not None and vote.body == "cluster"
        ]
        rows.append({"item": item, "outcome": outcomes.get(item.pk), "recused": recused})
    return {
        "vote": vote,
        "meeting": vote.meeting,
        "session": vote.council_session,
        "attendance": attendance,
        "term": term,
        "result": result,
        "rows": rows,
        "rule_text": describe_rule(rules.rule_of_vote(vote)) if result else "",
        "ballots": vote.ballots.count() if vote.mode == "electronic" else vote.paper_ballots_cast,
    }


def render(vote):
    """The minutes of `vote` as PDF bytes."""
    return render_pdf("awards/pdf/minutes.html", context(vote))
