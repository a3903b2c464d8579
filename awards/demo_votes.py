"""Demo conferences and votes (written by the voting team). Idempotent; runs after demo_nominations.

- Cụm 6's conference of 06/3/2020 in Đắk Lắk (seed 003), reviewing 2019: the members
  agreed to propose the Cờ thi đua for Đắk Lắk and Phú Yên and the Bằng khen for Gia Lai
  and Lâm Đồng. The source gives only that outcome: the attendance and the ballots here
  are illustrative, labelled "(minh họa)", chosen so that the recorded outcome results.
- Illustrative: Cụm 6's mid-year conference of 20/6/2025 in Gia Lai (chair in the 2025
  term), before the 1/7/2025 merger while every member still existed, with one OPEN vote on
  the 2025 Bằng khen proposals of Gia Lai and Phú Yên: `gialai` and `phuyen` can vote;
  three other members have voted already.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.demo import department_code
from accounts.models import Organization
from clusters.models import Cluster, ClusterMeeting

from . import voting, workflow
from .models import AwardType, Nomination, Vote

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
ILLUSTRATIVE_NOTE = (
    "(minh họa) Ngày, địa điểm và kết quả đề nghị theo tin ngày 12/3/2020; thành phần tham dự và "
    "các phiếu bầu là dữ liệu minh họa, không phải số liệu thực tế."
)
ILLUSTRATIVE_2025 = "(minh họa) Hội nghị sơ kết minh họa, không phải sự kiện thực tế."


def _org(province):
    return Organization.objects.get(code=department_code(province))


def _nominations(year, code, provinces):
    award_type = AwardType.objects.filter(code=code).first()
    if award_type is None:
        return None, []
    found = [
        Nomination.objects.filter(award_type=award_type, year=year, nominee_organization=_org(p)).first()
        for p in provinces
    ]
    return award_type, [n for n in found if n is not None]


def _meeting(cluster, *, held_on, kind, place, host, results_year, present, note, representatives=None):
    meeting = ClusterMeeting.objects.filter(cluster=cluster, year=held_on.year, kind=kind).first()
    if meeting is None:
        meeting = voting.create_meeting(
            cluster=cluster,
            held_on=held_on,
            place=place,
            host=host,
            results_year=results_year,
            kind=kind,
            by=None,
            is_illustrative=True,
        )
        meeting.note = note
        meeting.save(update_fields=["note"])
        member_ids = voting.meeting_member_ids(meeting)
        rows = {
            org_id: (org_id in present, (representatives or {}).get(org_id, "(minh họa) Đại diện Sở"), "")
            for org_id in member_ids
        }
        voting.set_attendance(meeting, rows=rows, by=None)
    return meeting


def _vote(meeting, award_type, nominations, *, title, opened_at):
    vote = Vote.objects.filter(meeting=meeting, award_type=award_type).first()
    if vote is not None:
        return vote, False
    if not nominations or any(n.status != workflow.SUBMITTED for n in nominations):
        return None, False
    vote = voting.create_vote(
        body="cluster",
        award_type=award_type,
        nominations=nominations,
        title=title,
        by=None,
        meeting=meeting,
        is_illustrative=True,
    )
    return voting.open_vote(vote, by=None, now=opened_at), True


def _cast_all(vote, voters, choice_for):
    """Illustrative ballots: each voter says `choice_for(voter, item)` on every item it may vote on."""
    items = list(vote.items.select_related("nomination"))
    for organization in voters:
        recused = voting.recused_item_ids(vote, organization.pk)
        choices = {item.pk: choice_for(organization, item) for item in items if item.pk not in recused}
        voting.cast_ballot(vote, by=None, organization=organization, choices=choices)


def seed(stdout=None):
    """Seed Cụm 6's 2020 conference with its (illustrative) ballots, and an open 2025 vote."""
    cum6 = Cluster.objects.filter(kind=Cluster.Kind.CLUSTER, number=6).first()
    if cum6 is None:
        return
    if not AwardType.objects.filter(code="co-thi-dua-bo").exists():
        from . import demo_nominations

        demo_nominations.seed(stdout)
    with transaction.atomic():
        _seed_2020(cum6)
        _seed_2025(cum6)
    if stdout:
        stdout.write(
            f"  awards: {ClusterMeeting.objects.count()} conferences, {Vote.objects.count()} votes "
            f"({Vote.objects.filter(status=Vote.Status.OPEN).count()} open)"
        )


def _seed_2020(cum6):
    held_on = datetime.date(2020, 3, 6)
    members = voting.meeting_member_ids(ClusterMeeting(cluster=cum6, year=2020))
    meeting = _meeting(
        cum6,
        held_on=held_on,
        kind=ClusterMeeting.Kind.YEAR_END,
        place="tỉnh Đắk Lắk",
        host=_org("Đắk Lắk"),
        results_year=2019,
        present=set(members),
        note=ILLUSTRATIVE_NOTE,
    )
    at = datetime.datetime(2020, 3, 6, 10, 0, tzinfo=ICT)
    present = list(Organization.objects.filter(pk__in=members))
    for code, provinces, title in (
        ("co-thi-dua-bo", ("Đắk Lắk", "Phú Yên"), "Bình xét đề nghị Cờ thi đua của Bộ năm 2019"),
        ("bang-khen-bo-truong", ("Gia Lai", "Lâm Đồng"), "Bình xét đề nghị Bằng khen của Bộ trưởng năm 2019"),
    ):
        award_type, nominations = _nominations(2019, code, provinces)
        vote, created = _vote(meeting, award_type, nominations, title=title, opened_at=at)
        if not created:
            continue
        # The source says the members agreed: every ballot says yes; the nominees are recused.
        _cast_all(vote, present, lambda organization, item: "yes")
        voting.close_vote(vote, by=None, now=at + datetime.timedelta(minutes=30))
    if meeting.status != ClusterMeeting.Status.CLOSED:
        meeting.status = ClusterMeeting.Status.CLOSED
        meeting.opened_at = meeting.opened_at or at
        meeting.closed_at = at + datetime.timedelta(hours=3)
        meeting.save(update_fields=["status", "opened_at", "closed_at"])


def _seed_2025(cum6):
    held_on = datetime.date(2025, 6, 20)
    members = voting.meeting_member_ids(ClusterMeeting(cluster=cum6, year=2025))
    absent = {_org("Khánh Hòa").pk, _org("Đắk Nông").pk}
    meeting = _meeting(
        cum6,
        held_on=held_on,
        kind=ClusterMeeting.Kind.MID_TERM,
        place="tỉnh Gia Lai",
        host=_org("Gia Lai"),
        results_year=2025,
        present=set(members) - absent,
        note=ILLUSTRATIVE_2025,
    )
    award_type, nominations = _nominations(2025, "bang-khen-bo-truong", ("Gia Lai", "Phú Yên"))
    vote, created = _vote(
        meeting,
        award_type,
        nominations,
        title="Bình xét đề nghị Bằng khen của Bộ trưởng năm 2025 (minh họa)",
        opened_at=datetime.datetime(2025, 6, 20, 9, 30, tzinfo=ICT),
    )
    if created:
        early = list(
            Organization.objects.filter(code__in=[department_code(p) for p in ("Đắk Lắk", "Lâm Đồng", "Kon Tum")])
        )
        _cast_all(vote, early, lambda organization, item: "yes")
