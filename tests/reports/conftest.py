import datetime

import pytest

from reports.deadlines import VIETNAM

from .factories import make_period


def vn(*args):
    """An aware datetime in Vietnam time."""
    return datetime.datetime(*args, tzinfo=VIETNAM)


@pytest.fixture
def period(db):
    """Quarter 2/2026: due before 00:00 ICT 15/6/2026, locked 30 days later."""
    return make_period(2026, 2)


@pytest.fixture
def campaign(db, unit_a, unit_b):
    """A campaign of 2026 for every unit, with one measurable and one descriptive target."""
    from campaigns.models import Campaign, Field, Target

    campaign = Campaign.objects.create(
        name="Phong trào thi đua Chuyển đổi số",
        kind=Campaign.Kind.REGULAR,
        start_date=datetime.date(2026, 1, 1),
        all_organizations=True,
    )
    field = Field.objects.create(name="Chuyển đổi số")
    Target.objects.create(
        campaign=campaign,
        field=field,
        text="Tỷ lệ hồ sơ trực tuyến toàn trình",
        metric="Tỷ lệ hồ sơ trực tuyến",
        target_value=80,
        unit="%",
        direction=Target.Direction.AT_LEAST,
    )
    Target.objects.create(campaign=campaign, field=field, text="Đẩy mạnh tuyên truyền")
    return campaign
