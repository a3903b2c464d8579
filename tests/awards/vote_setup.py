"""A cluster conference ready to vote, for the voting tests (plain helpers, no fixtures)."""

import datetime
from dataclasses import dataclass, field

from awards import voting, workflow
from awards.models import Vote
from tests.awards.factories import AwardTypeFactory, NominationFactory, cluster_with_members
from tests.factories import OrganizationFactory

YEAR = 2024


@dataclass
class Conference:
    cluster: object
    members: list
    meeting: object
    award_type: object
    nominations: list = field(default_factory=list)
    vote: object = None


def conference(
    *,
    chair,
    others=(),
    size=10,
    present=None,
    chair_user=None,
    open_vote=True,
    mode="electronic",
    nominees=None,
    year=YEAR,
):
    """Cụm-like cluster of `size` members (chair first, then `others`), a conference in YEAR, a vote.

    `present`: how many members attend (default all). `nominees`: member indexes nominated
    (default the 2nd and 3rd member), each for the same award type, submitted.
    """
    members = [chair, *others]
    members += [OrganizationFactory() for _ in range(size - len(members))]
    cluster, members, _term = cluster_with_members(year=year, organizations=members, chair=chair)
    meeting = voting.create_meeting(
        cluster=cluster, held_on=datetime.date(year, 3, 6), place="Đắk Lắk", host=members[0], by=chair_user
    )
    count = size if present is None else present
    voting.set_attendance(
        meeting,
        rows={org.pk: (i < count, f"Đại diện {i + 1}", "Giám đốc") for i, org in enumerate(members)},
        by=chair_user,
    )
    award_type = AwardTypeFactory(name="Bằng khen của Bộ trưởng (thử nghiệm)")
    nominations = [
        NominationFactory(
            award_type=award_type,
            year=year - 1,
            proposing_organization=members[i],
            nominee_organization=members[i],
            cluster=cluster,
            status=workflow.SUBMITTED,
        )
        for i in (nominees if nominees is not None else (1, 2))
    ]
    result = Conference(cluster, members, meeting, award_type, nominations)
    result.vote = voting.create_vote(
        body="cluster",
        award_type=award_type,
        nominations=nominations,
        title="Bình xét Bằng khen của Bộ trưởng năm 2023",
        by=chair_user,
        meeting=meeting,
        mode=mode,
    )
    if open_vote:
        result.vote = voting.open_vote(result.vote, by=chair_user)
    return result


def all_yes(vote, organization, choice="yes"):
    """Choices for every item `organization` may vote on."""
    recused = voting.recused_item_ids(vote, organization.pk)
    return {item.pk: choice for item in vote.items.all() if item.pk not in recused}


def reload(vote):
    return Vote.objects.get(pk=vote.pk)
