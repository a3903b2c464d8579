"""Factories for the awards app, shared by the nominations and voting tests."""

import datetime

import factory

from awards import workflow
from awards.models import AwardDecision, Awardee, AwardType, CouncilMember, CouncilSession, Nomination
from clusters.models import ClusterMembership, ClusterTerm
from tests.clusters.factories import ClusterFactory, MembershipFactory, TermFactory
from tests.factories import OrganizationFactory, UserFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"award-{n}")
    name = factory.Sequence(lambda n: f"Bằng khen thử nghiệm {n}")
    scope = AwardType.Scope.COLLECTIVE
    eligibility = AwardType.Eligibility.NONE
    needs_cluster_vote = True
    needs_council = True
    position = factory.Sequence(lambda n: n)


class FlagAwardTypeFactory(AwardTypeFactory):
    """Cờ thi đua của Bộ: only for a unit that led its cluster (or a 3+ year thematic campaign)."""

    code = "co-thi-dua-bo"
    name = "Cờ thi đua của Bộ"
    eligibility = AwardType.Eligibility.CLUSTER_LEADER
    position = 1


class CertificateAwardTypeFactory(AwardTypeFactory):
    """Bằng khen của Bộ trưởng: no special condition."""

    code = "bang-khen-bo-truong"
    name = "Bằng khen của Bộ trưởng"
    scope = AwardType.Scope.BOTH
    position = 2


class FighterAwardTypeFactory(AwardTypeFactory):
    """Chiến sĩ thi đua cấp Bộ: an individual, 3 consecutive years of CSTĐ cơ sở and an initiative."""

    code = "cstd-cap-bo"
    name = "Chiến sĩ thi đua cấp Bộ"
    scope = AwardType.Scope.INDIVIDUAL
    eligibility = AwardType.Eligibility.CSTD_BO
    needs_cluster_vote = False
    position = 3


class NominationFactory(factory.django.DjangoModelFactory):
    """A collective nomination; pass nominee_organization=None, nominee_person=... for a person."""

    class Meta:
        model = Nomination

    award_type = factory.SubFactory(AwardTypeFactory)
    year = 2024
    proposing_organization = factory.SubFactory(OrganizationFactory)
    nominee_organization = factory.LazyAttribute(lambda n: n.proposing_organization)
    nominee_person = ""
    nominee_name = factory.LazyAttribute(
        lambda n: n.nominee_person or (n.nominee_organization.name if n.nominee_organization else "")
    )
    achievements = "Hoàn thành xuất sắc nhiệm vụ năm (thử nghiệm)."
    status = workflow.DRAFT


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSession

    year = 2024
    held_on = datetime.date(2025, 1, 15)
    title = factory.Sequence(lambda n: f"Phiên họp Hội đồng Thi đua - Khen thưởng thử nghiệm {n}")
    place = "Hà Nội"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    session = factory.SubFactory(CouncilSessionFactory)
    user = factory.SubFactory(UserFactory)
    council_role = "Ủy viên"
    present = True


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecision

    number = factory.Sequence(lambda n: f"{n + 1}")
    symbol = "QĐ-BTTTT"
    signed_on = datetime.date(2025, 1, 20)
    signer = "Nguyễn Văn Thử"
    signer_title = "Bộ trưởng"
    title = factory.Sequence(lambda n: f"Về việc tặng thưởng danh hiệu thi đua năm 2024 (thử nghiệm {n})")
    year = 2024


class AwardeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Awardee

    decision = factory.SubFactory(AwardDecisionFactory)
    nomination = None
    award_type = factory.SubFactory(AwardTypeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    person = ""
    name = factory.LazyAttribute(lambda a: a.person or a.organization.name)


def cluster_with_members(*, year=2024, size=3, organizations=None, cluster=None, chair=None, vice_chair=None):
    """A cluster whose members in `year` are `organizations` (or `size` new units), with a term.

    The chair is `chair` or the first member, the vice-chair `vice_chair` or the second.
    Returns (cluster, members list, term).
    """
    cluster = cluster or ClusterFactory()
    members = list(organizations) if organizations is not None else [OrganizationFactory() for _ in range(size)]
    for position, organization in enumerate(members, start=1):
        MembershipFactory(cluster=cluster, organization=organization, year=year, rotation_order=position)
    term = None
    if members:
        chair = chair or members[0]
        if vice_chair is None and len(members) > 1:
            vice_chair = next(m for m in members if m != chair)
        term = TermFactory(cluster=cluster, year=year, chair=chair, vice_chair=vice_chair)
    return cluster, members, term


def add_member(cluster, organization, *, year=2024):
    """Make `organization` a member of `cluster` in `year`."""
    last = ClusterMembership.objects.filter(cluster=cluster, year=year).order_by("-rotation_order").first()
    return MembershipFactory(
        cluster=cluster, organization=organization, year=year, rotation_order=(last.rotation_order + 1) if last else 1
    )


def set_chair(cluster, organization, *, year=2024, vice_chair=None):
    """Record `organization` as the chair of `cluster` in `year` (creating or updating the term)."""
    term, _ = ClusterTerm.objects.update_or_create(
        cluster=cluster,
        year=year,
        defaults={"chair": organization, "vice_chair": vice_chair, "selection": ClusterTerm.Selection.ROTATION},
    )
    return term
