import pytest
from django.core.management import call_command
from django.core.serializers import serialize

from clusters.models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeSignature, SelfAssessment

pytestmark = pytest.mark.django_db

MODELS = (Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeSignature, SelfAssessment)


def _snapshot():
    return [serialize("json", model.objects.order_by("pk")) for model in MODELS]


def test_demo_has_the_eight_clusters_and_known_terms():
    call_command("seed_demo")
    assert Cluster.objects.count() == 8
    assert ClusterMembership.objects.filter(year=2019).count() == 63
    term = ClusterTerm.objects.get(cluster__number=6, year=2020)
    assert (term.chair.short_name, term.vice_chair.short_name) == ("Sở TTTT Gia Lai", "Sở TTTT Phú Yên")
    assert str(term.conference_date) == "2020-03-06"
    chairs = dict(ClusterTerm.objects.filter(cluster__number=1).values_list("year", "chair__short_name"))
    assert chairs == {2022: "Sở TTTT Cần Thơ", 2023: "Sở TTTT Hải Phòng"}
    pledge = Pledge.objects.get(cluster__number=6, year=2020)
    assert pledge.criteria.count() == 9
    # Signed on paper at the 2020 conference (seed 003): recorded without anyone clicking.
    paper = list(pledge.signatures.all())
    assert {s.organization.province for s in paper} == {"Gia Lai", "Phú Yên", "Đắk Lắk", "Lâm Đồng"}
    assert all(s.signed_by is None and "Ký trên giấy" in s.note for s in paper)


def test_demo_marks_illustrative_data_and_merged_units():
    call_command("seed_demo")
    for term in ClusterTerm.objects.filter(year__gte=2024):
        assert "minh họa" in term.note
    assert "minh họa" in Pledge.objects.get(year=2024).note
    assert all(s.note == "minh họa" for s in PledgeSignature.objects.exclude(pledge__year=2020))
    phu_yen = ClusterMembership.objects.get(year=2025, organization__code="so-tttt-phu-yen").organization
    assert (str(phu_yen.valid_until), phu_yen.successor.code) == ("2025-06-30", "so-tttt-dak-lak")
    assert not ClusterMembership.objects.filter(year__gt=2025).exists()


def test_demo_twice_changes_nothing():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
