import datetime

import pytest

from tests.factories import OrganizationFactory, UserFactory

from .factories import ClusterFactory, CriterionFactory, MembershipFactory, PledgeFactory, TermFactory

YEAR = 2024


@pytest.fixture
def unit_c(db):
    return OrganizationFactory(
        code="so-tttt-dak-lak", name="Sở Thông tin và Truyền thông tỉnh Đắk Lắk", short_name="Sở TTTT Đắk Lắk"
    )


@pytest.fixture
def officer_c(unit_c):
    from accounts.roles import Role

    return UserFactory(username="officer_c", organization=unit_c, role=Role.OFFICER)


@pytest.fixture
def other_officer(db):
    """An officer of a unit that is in no cluster."""
    from accounts.roles import Role

    unit = OrganizationFactory(code="so-tttt-ha-noi", name="Sở Thông tin và Truyền thông thành phố Hà Nội")
    return UserFactory(username="other_officer", organization=unit, role=Role.OFFICER)


@pytest.fixture
def cluster(unit_a, unit_b, unit_c):
    """Cụm 6 with unit_c (1), unit_a (2) and unit_b (3) as members in YEAR."""
    cluster = ClusterFactory(number=6, name="Cụm thi đua số 6")
    for order, unit in enumerate((unit_c, unit_a, unit_b), start=1):
        MembershipFactory(cluster=cluster, organization=unit, year=YEAR, rotation_order=order)
    return cluster


@pytest.fixture
def term(cluster, unit_a, unit_b):
    """unit_a (Gia Lai) chairs and unit_b (Phú Yên) vice-chairs in YEAR."""
    return TermFactory(cluster=cluster, year=YEAR, chair=unit_a, vice_chair=unit_b)


@pytest.fixture
def pledge(term):
    pledge = PledgeFactory(cluster=term.cluster, year=YEAR, assessment_due_on=datetime.date(YEAR, 12, 10))
    for position in (1, 2, 3):
        CriterionFactory(pledge=pledge, position=position)
    return pledge


@pytest.fixture
def officer_c_client_factory(officer_c):
    from django.test import Client

    def _make():
        client = Client()
        client.force_login(officer_c)
        return client

    return _make


@pytest.fixture
def other_officer_client(other_officer):
    from django.test import Client

    client = Client()
    client.force_login(other_officer)
    return client
