"""The campaign and directive lists: a repeat request reuses the cached part; a write or a new day retires it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Campaign, CampaignTheme, Directive

from .factories import CampaignFactory, CampaignThemeFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS = reverse("campaigns:campaign_list")
DIRECTIVES = reverse("campaigns:directive_list")
ENDED_BADGE = '<span class="badge text-bg-light border">'


def _list_queries(client, url, table, **params):
    """The queries of one request that read `table`, and the response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]], response


def test_a_repeat_campaign_list_runs_no_list_query(officer_a_client, campaign):
    first, response = _list_queries(officer_a_client, CAMPAIGNS, "campaigns_campaign")
    assert first
    assert campaign.name in response.content.decode()
    again, response = _list_queries(officer_a_client, CAMPAIGNS, "campaigns_campaign")
    assert again == []
    assert campaign.name in response.content.decode()
    # Nor the filter form's choices, nor the fields of the rows.
    assert _list_queries(officer_a_client, CAMPAIGNS, "campaigns_field")[0] == []


def test_a_campaign_saved_or_updated_shows_on_the_next_request(officer_a_client, campaign):
    officer_a_client.get(CAMPAIGNS)
    campaign.name = "Phong trào thi đua đổi tên qua biểu mẫu"
    campaign.save()
    assert "Phong trào thi đua đổi tên qua biểu mẫu" in officer_a_client.get(CAMPAIGNS).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(name="Phong trào thi đua đổi tên hàng loạt")
    assert "Phong trào thi đua đổi tên hàng loạt" in officer_a_client.get(CAMPAIGNS).content.decode()


def test_each_page_and_filter_of_the_campaign_list_has_its_own_part(officer_a_client, directive):
    for number in range(25):
        CampaignFactory(
            name=f"Phong trào thử {number:02}", start_date=datetime.date(2020, 1, 1) + datetime.timedelta(number)
        )
    first = officer_a_client.get(CAMPAIGNS).content.decode()
    second = officer_a_client.get(CAMPAIGNS, {"page": 2}).content.decode()
    assert "Phong trào thử 24" in first
    assert "Phong trào thử 24" not in second
    assert "Phong trào thử 00" in second
    assert "Phong trào thử 00" not in first
    found = officer_a_client.get(CAMPAIGNS, {"q": "thu 07"}).content.decode()
    assert "Phong trào thử 07" in found
    assert "Phong trào thử 08" not in found


def test_the_ended_badge_follows_the_date_without_a_write(client, officer_a):
    CampaignFactory(
        name="Phong trào sắp kết thúc", start_date=datetime.date(2030, 1, 1), end_date=datetime.date(2030, 6, 30)
    )
    with time_machine.travel(datetime.datetime(2030, 6, 30, 16, 0, tzinfo=datetime.UTC)):  # 23:00 in Vietnam
        client.force_login(officer_a)
        assert ENDED_BADGE not in client.get(CAMPAIGNS).content.decode()
    with time_machine.travel(datetime.datetime(2030, 6, 30, 18, 0, tzinfo=datetime.UTC)):  # 01:00 the next day
        assert ENDED_BADGE in client.get(CAMPAIGNS).content.decode()


def test_another_scope_never_gets_the_part_cached_for_staff_or_unit_a(
    staff_client, officer_a_client, officer_b_client, campaign
):
    staff_client.get(CAMPAIGNS)
    officer_a_client.get(CAMPAIGNS)
    queries, response = _list_queries(officer_b_client, CAMPAIGNS, "campaigns_campaign")
    assert queries  # rendered for unit B's scope, not reused from staff's or unit A's
    assert reverse("campaigns:campaign_create") not in response.content.decode()
    queries, response = _list_queries(staff_client, CAMPAIGNS, "campaigns_campaign")
    assert queries == []
    assert reverse("campaigns:campaign_create") in response.content.decode()


def test_a_repeat_directive_list_runs_no_list_query(officer_a_client, directive):
    assert _list_queries(officer_a_client, DIRECTIVES, "campaigns_directive")[0]
    again, response = _list_queries(officer_a_client, DIRECTIVES, "campaigns_directive")
    assert again == []
    assert directive.number in response.content.decode()


def test_a_directive_saved_or_updated_shows_on_the_next_request(officer_a_client, directive):
    officer_a_client.get(DIRECTIVES)
    directive.title = "Về công tác thi đua, khen thưởng năm 2022 (sửa)"
    directive.save()
    assert "(sửa)" in officer_a_client.get(DIRECTIVES).content.decode()
    Directive.objects.filter(pk=directive.pk).update(number="104/CT-BTTTT")
    assert "104/CT-BTTTT" in officer_a_client.get(DIRECTIVES).content.decode()
    # A campaign added under the directive changes its count on the list.
    CampaignFactory(directive=directive)
    assert '<td class="text-end">1</td>' in officer_a_client.get(DIRECTIVES).content.decode()


def test_the_directive_list_is_not_shared_across_scopes(staff_client, officer_b_client, directive):
    staff_client.get(DIRECTIVES)
    queries, response = _list_queries(officer_b_client, DIRECTIVES, "campaigns_directive")
    assert queries
    assert reverse("campaigns:directive_create") not in response.content.decode()


# The campaign page


def test_a_repeat_campaign_page_reads_only_the_campaign(officer_a_client, campaign):
    CampaignThemeFactory(campaign=campaign, year=2022, text="Đoàn kết, sáng tạo")
    url = campaign.get_absolute_url()
    assert _list_queries(officer_a_client, url, "campaigns_campaigntheme")[0]
    again, response = _list_queries(officer_a_client, url, "campaigns_campaigntheme")
    assert again == []
    assert "Đoàn kết, sáng tạo" in response.content.decode()
    CampaignTheme.objects.filter(campaign=campaign).update(text="Đổi mới, hội nhập")
    assert "Đổi mới, hội nhập" in officer_a_client.get(url).content.decode()


def test_the_campaign_page_keeps_the_staff_forms_out_of_the_cached_part(staff_client, officer_a_client, campaign):
    url = campaign.get_absolute_url()
    officer_a_client.get(url)
    response = staff_client.get(url)
    html = response.content.decode()
    assert reverse("campaigns:campaign_set_status", args=[campaign.pk]) in html
    assert f'value="{response.context["csrf_token"]}"' in html
    assert (
        reverse("campaigns:campaign_set_status", args=[campaign.pk]) not in officer_a_client.get(url).content.decode()
    )
