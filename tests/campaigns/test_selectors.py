import datetime

import pytest

from campaigns.models import Campaign
from campaigns.selectors import campaigns_for_organization, theme_for

from .factories import CampaignFactory, CampaignThemeFactory

pytestmark = pytest.mark.django_db


def test_campaigns_for_organization_all_and_listed(unit_a, unit_b):
    everyone = CampaignFactory(all_organizations=True)
    only_a = CampaignFactory(all_organizations=False, participants=[unit_a])
    only_b = CampaignFactory(all_organizations=False, participants=[unit_b])

    assert set(campaigns_for_organization(unit_a, 2022)) == {everyone, only_a}
    assert set(campaigns_for_organization(unit_b, 2022)) == {everyone, only_b}
    assert only_b not in campaigns_for_organization(unit_a, 2022)


def test_campaigns_for_organization_by_year_and_status(unit_a):
    ended = CampaignFactory(start_date=datetime.date(2018, 5, 1), end_date=datetime.date(2018, 12, 31))
    multi_year = CampaignFactory(start_date=datetime.date(2021, 7, 1), end_date=datetime.date(2023, 6, 30))
    open_ended = CampaignFactory(start_date=datetime.date(2020, 3, 1), end_date=None)
    archived = CampaignFactory(status=Campaign.Status.ARCHIVED)

    assert set(campaigns_for_organization(unit_a, 2018)) == {ended}
    assert set(campaigns_for_organization(unit_a, 2022)) == {multi_year, open_ended}
    assert set(campaigns_for_organization(unit_a, 2023)) == {multi_year, open_ended}
    assert set(campaigns_for_organization(unit_a, 2024)) == {open_ended}
    assert set(campaigns_for_organization(unit_a, 2019)) == set()
    assert archived not in campaigns_for_organization(unit_a, 2022)


def test_campaigns_for_organization_lists_each_once(unit_a, unit_b):
    both = CampaignFactory(all_organizations=False, participants=[unit_a, unit_b])
    assert list(campaigns_for_organization(unit_a, 2022)) == [both]


def test_theme_for(django_assert_num_queries, unit_a):
    campaign = CampaignFactory(start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2022, 12, 31))
    CampaignThemeFactory(campaign=campaign, year=2021, text="Chủ đề 2021")
    CampaignThemeFactory(campaign=campaign, year=2022, text="Chủ đề 2022")

    assert theme_for(campaign, 2022).text == "Chủ đề 2022"
    assert theme_for(campaign, 2020) is None
    (fetched,) = campaigns_for_organization(unit_a, 2021)
    with django_assert_num_queries(0):
        assert theme_for(fetched, 2021).text == "Chủ đề 2021"
        assert theme_for(fetched, 2023) is None


def test_a_merged_unit_takes_part_only_in_the_years_it_existed(unit_a, unit_b):
    campaign = Campaign.objects.create(
        name="Phong trào thử nghiệm",
        kind=Campaign.Kind.REGULAR,
        start_date=datetime.date(2024, 1, 1),
        all_organizations=True,
    )
    unit_b.valid_until = datetime.date(2025, 6, 30)
    unit_b.save()
    assert list(campaigns_for_organization(unit_b, 2025)) == [campaign]
    assert list(campaigns_for_organization(unit_b, 2026)) == []
    assert list(campaigns_for_organization(unit_a, 2026)) == [campaign]
