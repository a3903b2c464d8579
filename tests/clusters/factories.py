from decimal import Decimal

import factory

from clusters.models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeCriterion
from tests.factories import OrganizationFactory


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    number = factory.Sequence(lambda n: n + 100)
    name = factory.LazyAttribute(lambda c: f"Cụm thi đua số {c.number}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterMembership

    cluster = factory.SubFactory(ClusterFactory)
    organization = factory.SubFactory(OrganizationFactory)
    year = 2024
    rotation_order = factory.Sequence(lambda n: n + 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterTerm

    cluster = factory.SubFactory(ClusterFactory)
    year = 2024
    selection = ClusterTerm.Selection.ROTATION


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    cluster = factory.SubFactory(ClusterFactory)
    year = 2024


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeCriterion

    pledge = factory.SubFactory(PledgeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tiêu chí thử nghiệm {n}")
    max_score = Decimal(10)
