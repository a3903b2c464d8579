import pytest
from django.core.management import call_command
from django.core.serializers import serialize

from accounts.demo import DEMO_PASSWORD, PROVINCES_BY_CLUSTER
from accounts.models import Organization, User
from accounts.permissions import is_leadership, is_ministry_staff, is_unit_officer

pytestmark = pytest.mark.django_db


def _snapshot():
    return serialize("json", Organization.objects.order_by("pk")), serialize("json", User.objects.order_by("pk"))


def test_seed_loads_63_provincial_departments_and_demo_users():
    call_command("seed_demo", stdout=None)
    provincial = Organization.objects.filter(kind=Organization.Kind.PROVINCIAL_DEPARTMENT)
    assert provincial.count() == 63 == sum(len(p) for p in PROVINCES_BY_CLUSTER.values())
    assert provincial.filter(short_name="Sở TTTT Đắk Lắk", code="so-tttt-dak-lak").exists()
    assert (
        Organization.objects.get(code="so-tttt-ho-chi-minh").name
        == "Sở Thông tin và Truyền thông thành phố Hồ Chí Minh"
    )
    ministry = Organization.objects.get(code="bo-tttt")
    assert ministry.successor.name == "Bộ Khoa học và Công nghệ"
    assert str(ministry.valid_until) == "2025-02-28"

    users = {u.username: u for u in User.objects.all()}
    assert is_ministry_staff(users["vutdkt"])
    assert is_leadership(users["lanhdao"])
    assert is_unit_officer(users["gialai"])
    assert users["gialai"].organization.short_name == "Sở TTTT Gia Lai"
    assert is_unit_officer(users["phuyen"])
    assert users["phuyen"].organization.short_name == "Sở TTTT Phú Yên"
    assert users["admin"].is_superuser
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())


def test_seed_twice_changes_nothing():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
