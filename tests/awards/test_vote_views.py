"""Pages of conferences and votes, per persona: who sees (404), who acts (403), what the pages show."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from awards import voting
from awards.models import Ballot, Vote, VoterRecord
from clusters.models import ClusterMeeting, MeetingAttendance
from tests.awards.factories import set_chair
from tests.clusters.factories import MembershipFactory
from tests.factories import OrganizationFactory, UserFactory

from .vote_setup import YEAR, all_yes, conference, reload


@pytest.fixture
def conf(unit_a, unit_b, officer_a):
    """unit_a (Gia Lai) chairs; unit_b (Phú Yên) is nominated; all 10 members present; the vote is open."""
    return conference(chair=unit_a, others=[unit_b], chair_user=officer_a)


@pytest.fixture
def stranger_client(db):
    """An officer of a unit outside the cluster."""
    user = UserFactory(username="stranger", organization=OrganizationFactory(), role=Role.OFFICER)
    client = Client()
    client.force_login(user)
    return client


def _member_client(conf, index):
    user = UserFactory(organization=conf.members[index], role=Role.OFFICER)
    client = Client()
    client.force_login(user)
    return client


def test_meeting_detail_per_persona(
    conf, officer_a_client, officer_b_client, staff_client, leadership_client, outsider_client, stranger_client
):
    url = reverse("awards:meeting_detail", args=[conf.meeting.pk])
    page = officer_a_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lưu điểm danh" in text
    assert "10/10" in text.replace(" ", ""), "the quorum line shows 10 present of 10"
    for client in (officer_b_client, staff_client, leadership_client):
        response = client.get(url)
        assert response.status_code == 200
        assert "Lưu điểm danh" not in response.content.decode()
    assert outsider_client.get(url).status_code == 404
    assert stranger_client.get(url).status_code == 404


def test_attendance_by_chair_and_refusals(conf, officer_a_client, officer_b_client, leadership_client, outsider_client):
    url = reverse("awards:meeting_attendance", args=[conf.meeting.pk])
    assert officer_a_client.get(url).status_code == 405
    before = list(MeetingAttendance.objects.values_list("present", "representative"))
    assert officer_b_client.post(url, {}).status_code == 403
    assert leadership_client.post(url, {}).status_code == 403
    assert outsider_client.post(url, {}).status_code == 404
    assert list(MeetingAttendance.objects.values_list("present", "representative")) == before
    data = {f"present_{m.pk}": "on" for m in conf.members[:7]}
    data[f"representative_{conf.members[0].pk}"] = "Nguyễn Văn A"
    response = officer_a_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "7" in response.content.decode()
    assert MeetingAttendance.objects.filter(meeting=conf.meeting, present=True).count() == 7
    assert MeetingAttendance.objects.get(meeting=conf.meeting, organization=conf.members[0]).representative == (
        "Nguyễn Văn A"
    )


def test_meeting_create(unit_a, unit_b, officer_a, officer_a_client, officer_b_client, outsider_client):
    conf = conference(chair=unit_a, others=[unit_b], open_vote=False)
    url = reverse("awards:meeting_create", args=[conf.cluster.pk])
    assert officer_b_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert officer_a_client.get(url).status_code == 200
    refused = officer_a_client.post(url, {"held_on": "06/03/2031", "place": "Gia Lai"})
    assert "không phải Cụm trưởng năm 2031" in refused.content.decode()
    # One year-end conference per cluster and year: a second is refused with a message, not a 500.
    duplicate = officer_a_client.post(url, {"held_on": f"10/12/{YEAR}", "place": "Pleiku"})
    assert duplicate.status_code == 200
    assert ClusterMeeting.objects.filter(cluster=conf.cluster).count() == 1
    for position, member in enumerate(conf.members, start=1):
        MembershipFactory(cluster=conf.cluster, organization=member, year=YEAR + 1, rotation_order=position)
    set_chair(conf.cluster, unit_a, year=YEAR + 1)
    response = officer_a_client.post(
        url, {"held_on": f"05/03/{YEAR + 1}", "place": "Pleiku, Gia Lai", "host": unit_a.pk}
    )
    meeting = ClusterMeeting.objects.get(cluster=conf.cluster, year=YEAR + 1)
    assert response.url == reverse("awards:meeting_detail", args=[meeting.pk])
    assert meeting.results_year == YEAR
    assert meeting.attendances.count() == 10


def test_vote_create_and_open(unit_a, unit_b, officer_a, officer_a_client, officer_b_client):
    conf = conference(chair=unit_a, others=[unit_b], open_vote=False, chair_user=officer_a)
    conf.vote.items.all().delete()
    conf.vote.delete()
    url = reverse("awards:vote_create", args=[conf.meeting.pk])
    data = {"award_type": conf.award_type.pk, "mode": "electronic"}
    assert officer_a_client.get(url).status_code == 405
    assert officer_b_client.post(url, data).status_code == 403
    assert Vote.objects.count() == 0
    response = officer_a_client.post(url, data)
    vote = Vote.objects.get()
    assert response.url == vote.get_absolute_url()
    assert vote.items.count() == 2
    open_url = reverse("awards:vote_open", args=[vote.pk])
    assert officer_b_client.post(open_url).status_code == 403
    assert officer_a_client.get(open_url).status_code == 405
    officer_a_client.post(open_url)
    assert reload(vote).status == Vote.Status.OPEN
    page = officer_a_client.get(vote.get_absolute_url()).content.decode()
    assert "50 %" in page  # the rule, frozen, shown


def test_ballot_page_and_cast(conf, officer_a_client, officer_b_client, leadership_client, stranger_client):
    url = conf.vote.get_absolute_url()
    page = officer_b_client.get(url).content.decode()
    assert "Bỏ phiếu" in page
    assert "không bỏ phiếu cho đề nghị của chính mình" in page
    nominee_item = conf.vote.items.get(nomination__nominee_organization=conf.members[1])
    assert f'name="item_{nominee_item.pk}"' not in page
    ballot_url = reverse("awards:vote_ballot", args=[conf.vote.pk])
    assert officer_b_client.get(ballot_url).status_code == 405
    assert leadership_client.post(ballot_url, {}).status_code == 403
    assert stranger_client.post(ballot_url, {}).status_code == 404
    choices = {f"item_{pk}": c for pk, c in all_yes(conf.vote, conf.members[1]).items()}
    officer_b_client.post(ballot_url, choices)
    assert VoterRecord.objects.filter(vote=conf.vote).count() == 1
    second = officer_b_client.post(ballot_url, choices, follow=True)
    assert "Đơn vị đã bỏ phiếu" in second.content.decode()
    assert VoterRecord.objects.filter(vote=conf.vote).count() == 1
    assert Ballot.objects.filter(vote=conf.vote).count() == 1


def test_progress_partial_shows_who_never_what(
    conf, officer_a_client, officer_b_client, staff_client, leadership_client, outsider_client
):
    voting.cast_ballot(conf.vote, by=None, organization=conf.members[1], choices=all_yes(conf.vote, conf.members[1]))
    url = reverse("awards:vote_progress", args=[conf.vote.pk])
    response = officer_a_client.get(url)
    text = response.content.decode()
    assert 'hx-trigger="every 2s"' in text
    assert ">1</strong> / 10" in text
    assert "Đồng ý" not in text
    assert staff_client.get(url).status_code == 200
    assert leadership_client.get(url).status_code == 200
    assert officer_b_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_close_and_minutes(conf, officer_a, officer_a_client, officer_b_client):
    for org in conf.members:
        voting.cast_ballot(conf.vote, by=None, organization=org, choices=all_yes(conf.vote, org))
    close_url = reverse("awards:vote_close", args=[conf.vote.pk])
    minutes_url = reverse("awards:vote_minutes", args=[conf.vote.pk])
    assert officer_b_client.get(minutes_url).status_code == 404  # not closed yet
    assert officer_a_client.get(close_url).status_code == 405
    assert officer_b_client.post(close_url).status_code == 403
    assert reload(conf.vote).status == Vote.Status.OPEN
    officer_a_client.post(close_url)
    vote = reload(conf.vote)
    assert vote.status == Vote.Status.CLOSED
    page = officer_b_client.get(vote.get_absolute_url()).content.decode()
    assert "Đạt: " in page, "each passed nominee shows how the rule was met"
    response = officer_b_client.get(minutes_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_paper_count_page(unit_a, unit_b, officer_a, officer_a_client, officer_b_client):
    conf = conference(chair=unit_a, others=[unit_b], mode="paper", chair_user=officer_a)
    url = reverse("awards:vote_paper", args=[conf.vote.pk])
    assert officer_b_client.get(url).status_code == 403
    assert officer_a_client.get(url).status_code == 200
    items = list(conf.vote.items.all())
    data = {"ballots_cast": 10, "ballots_invalid": 0}
    for item, (y, n, a) in zip(items, ((8, 1, 1), (3, 7, 0)), strict=True):
        data.update({f"yes_{item.pk}": y, f"no_{item.pk}": n, f"abstain_{item.pk}": a})
    assert officer_a_client.post(url, data).status_code == 302
    assert [i.paper_yes for i in conf.vote.items.all()] == [8, 3]


def _query_counts(unit_a, unit_b, officer_a, officer_a_client, officer_b_client, size, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conf = conference(
        chair=unit_a, others=[unit_b], size=size, nominees=list(range(1, size)), chair_user=officer_a, year=year
    )
    for org in conf.members[2:]:
        voting.cast_ballot(conf.vote, by=None, organization=org, choices=all_yes(conf.vote, org))
    counts = []
    for client, url in (
        (officer_a_client, reverse("awards:vote_progress", args=[conf.vote.pk])),
        (officer_b_client, conf.vote.get_absolute_url()),
        (officer_a_client, conf.vote.get_absolute_url()),
        (officer_a_client, reverse("awards:meeting_detail", args=[conf.meeting.pk])),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_query_counts_do_not_grow_with_the_cluster(unit_a, unit_b, officer_a, officer_a_client, officer_b_client):
    # Progress partial, vote page (member, chair), conference page: 4 members, then 12 members and 11 nominees.
    small = _query_counts(unit_a, unit_b, officer_a, officer_a_client, officer_b_client, 4, 2023)
    large = _query_counts(unit_a, unit_b, officer_a, officer_a_client, officer_b_client, 12, 2024)
    assert small == large
    assert max(large) <= 30


def test_meeting_list_and_cluster_link(conf, officer_b_client, outsider_client):
    url = reverse("awards:meeting_list", args=[conf.cluster.pk])
    assert officer_b_client.get(url).status_code == 200
    assert conf.meeting.held_on.strftime("%d/%m/%Y") in officer_b_client.get(url).content.decode()
    assert outsider_client.get(url).status_code == 404


def test_create_meeting_date(conf):
    assert conf.meeting.held_on == datetime.date(YEAR, 3, 6)


@pytest.fixture
def council_vote(staff_user, leadership_user):
    from awards import workflow
    from tests.awards.factories import CouncilMemberFactory, CouncilSessionFactory, NominationFactory

    session = CouncilSessionFactory()
    CouncilMemberFactory(session=session, user=leadership_user, council_role="Chủ tịch Hội đồng")
    absent = CouncilMemberFactory(session=session, present=False, council_role="Ủy viên")
    nomination = NominationFactory(status=workflow.COUNCIL)
    vote = voting.create_vote(
        body="council",
        award_type=nomination.award_type,
        nominations=[nomination],
        title="Hội đồng xét Cờ thi đua (thử nghiệm)",
        by=staff_user,
        council_session=session,
    )
    return voting.open_vote(vote, by=staff_user), absent


def test_council_member_votes_on_the_same_page(council_vote, leadership_client, officer_a_client, outsider_client):
    vote, _absent = council_vote
    page = leadership_client.get(vote.get_absolute_url()).content.decode()
    assert "Phiếu bầu kín" in page
    assert "90 %" in page
    assert officer_a_client.get(vote.get_absolute_url()).status_code == 404
    assert outsider_client.get(vote.get_absolute_url()).status_code == 404
    item = vote.items.get()
    leadership_client.post(reverse("awards:vote_ballot", args=[vote.pk]), {f"item_{item.pk}": "yes"})
    assert VoterRecord.objects.filter(vote=vote, in_writing=False).count() == 1
    again = leadership_client.post(
        reverse("awards:vote_ballot", args=[vote.pk]), {f"item_{item.pk}": "no"}, follow=True
    )
    assert "Bạn đã bỏ phiếu" in again.content.decode()
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_staff_record_a_written_ballot_for_an_absent_member(council_vote, staff_client, leadership_client):
    vote, absent = council_vote
    url = reverse("awards:vote_written", args=[vote.pk])
    item = vote.items.get()
    data = {"member": absent.pk, f"written-item_{item.pk}": "yes"}
    assert "Phiếu bằng văn bản" in staff_client.get(vote.get_absolute_url()).content.decode()
    assert staff_client.get(url).status_code == 405
    assert leadership_client.post(url, data).status_code == 403
    assert VoterRecord.objects.filter(vote=vote).count() == 0
    staff_client.post(url, data)
    record = VoterRecord.objects.get(vote=vote)
    assert record.in_writing
    assert record.council_member == absent
    assert "Phiếu bằng văn bản" not in staff_client.get(vote.get_absolute_url()).content.decode()


def test_a_cluster_vote_has_no_written_ballots(conf, officer_a_client):
    assert officer_a_client.post(reverse("awards:vote_written", args=[conf.vote.pk]), {}).status_code == 404


def _urls(conf):
    vote, meeting = conf.vote.pk, conf.meeting.pk
    gets = [
        reverse("awards:meeting_list", args=[conf.cluster.pk]),
        reverse("awards:meeting_detail", args=[meeting]),
        reverse("awards:vote_detail", args=[vote]),
        reverse("awards:vote_progress", args=[vote]),
    ]
    posts = [
        reverse("awards:meeting_attendance", args=[meeting]),
        reverse("awards:vote_create", args=[meeting]),
        reverse("awards:vote_open", args=[vote]),
        reverse("awards:vote_close", args=[vote]),
        reverse("awards:vote_paper", args=[vote]),
    ]
    return gets, posts


def test_outsiders_see_nothing(conf, outsider_client, stranger_client):
    gets, posts = _urls(conf)
    before = _state(conf)
    for client in (outsider_client, stranger_client):
        for url in [*gets[1:], reverse("awards:vote_minutes", args=[conf.vote.pk])]:
            assert client.get(url).status_code == 404, url
        for url in [*posts, reverse("awards:vote_ballot", args=[conf.vote.pk])]:
            assert client.post(url, {}).status_code == 404, url
    assert outsider_client.get(gets[0]).status_code == 404
    assert _state(conf) == before


def test_readers_and_members_may_not_run_the_conference(conf, leadership_client, staff_client, officer_b_client):
    _gets, posts = _urls(conf)
    before = _state(conf)
    for client in (leadership_client, staff_client, officer_b_client):
        for url in posts:
            assert client.post(url, {"award_type": conf.award_type.pk, "mode": "paper"}).status_code == 403, url
    assert _state(conf) == before


def _state(conf):
    vote = reload(conf.vote)
    return (
        vote.status,
        Vote.objects.count(),
        VoterRecord.objects.count(),
        Ballot.objects.count(),
        list(MeetingAttendance.objects.order_by("pk").values_list("present", "representative")),
    )


def test_chair_closes_the_conference(conf, officer_a, officer_a_client, officer_b_client):
    url = reverse("awards:meeting_close", args=[conf.meeting.pk])
    assert officer_a_client.get(url).status_code == 405
    assert officer_b_client.post(url).status_code == 403
    officer_a_client.post(url)  # refused: the vote is still open
    assert ClusterMeeting.objects.get(pk=conf.meeting.pk).status == ClusterMeeting.Status.OPEN
    voting.close_vote(conf.vote, by=officer_a)
    officer_a_client.post(url)
    assert ClusterMeeting.objects.get(pk=conf.meeting.pk).status == ClusterMeeting.Status.CLOSED
    page = officer_a_client.get(reverse("awards:meeting_detail", args=[conf.meeting.pk])).content.decode()
    assert "Lưu điểm danh" not in page


@pytest.mark.parametrize("name", ["vote_open", "vote_close", "vote_paper", "vote_written"])
def test_vote_management_refused_to_readers_and_members(
    name, conf, officer_b_client, leadership_client, outsider_client, stranger_client
):
    """Leadership and members see the vote (403 on managing it); outsiders do not see it (404); nothing changes."""
    url = reverse(f"awards:{name}", args=[conf.vote.pk])
    before = (reload(conf.vote).status, VoterRecord.objects.count(), Ballot.objects.count())
    assert leadership_client.post(url, {"member": 1}).status_code == 403
    assert officer_b_client.post(url, {"member": 1}).status_code == 403
    assert outsider_client.post(url).status_code == 404
    assert stranger_client.post(url).status_code == 404
    assert (reload(conf.vote).status, VoterRecord.objects.count(), Ballot.objects.count()) == before


def test_ballot_of_an_absent_member_is_refused_and_writes_nothing(unit_a, unit_b, officer_a):
    """A member unit marked absent at the conference cannot vote through the page."""
    conf = conference(chair=unit_a, others=[unit_b], chair_user=officer_a, present=9)
    absent = conf.members[9]
    client = _member_client(conf, 9)
    data = {f"item_{k}": v for k, v in all_yes(conf.vote, absent).items()}
    response = client.post(reverse("awards:vote_ballot", args=[conf.vote.pk]), data, follow=True)
    assert "không có tên trong danh sách có mặt" in response.content.decode()
    assert VoterRecord.objects.filter(organization=absent).count() == 0
    assert Ballot.objects.count() == 0


def test_members_to_vote_in_writing_are_the_absent_who_have_not_voted(council_vote, staff_user):
    """Only an open council vote lists them; a recorded written ballot takes the member off the list."""
    vote, absent = council_vote
    assert voting.members_to_vote_in_writing(vote) == [absent]
    item = vote.items.get()
    voting.cast_ballot(vote, by=staff_user, choices={item.pk: "yes"}, council_member=absent, in_writing=True)
    assert voting.members_to_vote_in_writing(vote) == []
