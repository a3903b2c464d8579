import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign

from .factories import CampaignFactory, CampaignThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns_2022(unit_a, unit_b):
    everyone = CampaignFactory(name="Phong trào chung 2022")
    CampaignThemeFactory(campaign=everyone, year=2022, text="Thi đua đổi mới, sáng tạo")
    CampaignThemeFactory(campaign=everyone, year=2021, text="Chủ đề năm trước")
    only_b = CampaignFactory(name="Phong trào riêng Phú Yên", all_organizations=False, participants=[unit_b])
    archived = CampaignFactory(name="Phong trào đã lưu trữ", status=Campaign.Status.ARCHIVED)
    ended = CampaignFactory(
        name="Phong trào 2018", start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2018, 12, 31)
    )
    return everyone, only_b, archived, ended


def test_officer_home_shows_this_years_campaigns_with_theme(officer_a_client, officer_b_client, campaigns_2022):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False):
        home_a = officer_a_client.get(reverse("home")).content.decode()
        home_b = officer_b_client.get(reverse("home")).content.decode()
    assert "Phong trào chung 2022" in home_a
    assert "Thi đua đổi mới, sáng tạo" in home_a
    assert "Chủ đề năm trước" not in home_a
    assert "Phong trào riêng Phú Yên" not in home_a
    assert "Phong trào riêng Phú Yên" in home_b
    assert "Phong trào đã lưu trữ" not in home_a
    assert "Phong trào 2018" not in home_a


def test_year_boundary_in_vietnam_time(officer_a_client, campaigns_2022):
    # 31/12/2022 17:30 UTC is already 1 January 2023 in Hà Nội: the 2022 campaigns are over.
    with time_machine.travel(datetime.datetime(2022, 12, 31, 16, 59, tzinfo=datetime.UTC), tick=False):
        assert "Phong trào chung 2022" in officer_a_client.get(reverse("home")).content.decode()
    with time_machine.travel(datetime.datetime(2022, 12, 31, 17, 30, tzinfo=datetime.UTC), tick=False):
        assert "Phong trào chung 2022" not in officer_a_client.get(reverse("home")).content.decode()


def test_staff_home_shows_running_campaigns(staff_client, campaigns_2022):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False):
        home = staff_client.get(reverse("home")).content.decode()
    assert "Phong trào chung 2022" in home
    assert "Phong trào riêng Phú Yên" in home
    assert reverse("campaigns:campaign_create") in home


def test_outsider_home_has_no_campaign_panel(outsider_client, campaigns_2022):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 9, 0), tick=False):
        home = outsider_client.get(reverse("home")).content.decode()
    assert "Phong trào chung 2022" not in home
