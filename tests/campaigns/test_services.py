import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Campaign, CampaignTask, Directive, Field, Target

from .factories import CampaignTaskFactory, CampaignThemeFactory, DirectiveFactory

pytestmark = pytest.mark.django_db


def _campaign_values(**overrides):
    return {
        "name": "Phong trào thi đua năm 2022",
        "kind": Campaign.Kind.REGULAR,
        "directive": None,
        "description": "",
        "start_date": datetime.date(2022, 1, 1),
        "end_date": datetime.date(2022, 12, 31),
        "lead_organization": None,
        "all_organizations": True,
        **overrides,
    }


def test_create_directive_normalises_text_and_number(staff_user):
    decomposed = unicodedata.normalize("NFD", "Về công tác thi đua, khen thưởng năm 2022")
    directive = services.create_directive(
        by=staff_user, number="  103/CT-BTTTT ", title=decomposed, year=2022, issued_on=datetime.date(2021, 12, 13)
    )
    assert directive.number == "103/CT-BTTTT"
    assert directive.title == unicodedata.normalize("NFC", decomposed)


def test_duplicate_directive_number_refused_case_insensitively(staff_user):
    DirectiveFactory(number="103/CT-BTTTT")
    with pytest.raises(ValidationError) as error:
        services.create_directive(by=staff_user, number="103/ct-btttt", title="Khác", year=2022)
    assert "number" in error.value.message_dict
    assert Directive.objects.count() == 1


def test_update_directive_keeps_its_own_number_and_links(staff_user):
    directive = DirectiveFactory(number="103/CT-BTTTT")
    other = DirectiveFactory(number="73/CT-BTTTT")
    services.update_directive(directive, by=staff_user, number="103/CT-BTTTT", related_directives=[other, directive])
    assert list(directive.related_directives.all()) == [other]
    assert list(other.referenced_by.all()) == [directive]


def test_archive_and_restore_directive(staff_user, directive):
    services.set_directive_status(directive, status=Directive.Status.ARCHIVED, by=staff_user)
    directive.refresh_from_db()
    assert directive.is_archived
    services.set_directive_status(directive, status=Directive.Status.ACTIVE, by=staff_user)
    directive.refresh_from_db()
    assert not directive.is_archived


def test_save_campaign_creates_children(staff_user, postal, unit_a):
    campaign = services.save_campaign(
        by=staff_user,
        participants=[unit_a],
        fields=[postal],
        tasks=[{"text": "Một là"}, {"text": "Hai là"}],
        themes=[{"year": 2022, "text": "Chủ đề 2022"}],
        targets=[
            {
                "field": postal,
                "text": "Đưa Việt Nam đạt thứ hạng 46",
                "metric": "Thứ hạng 2IPD",
                "direction": Target.Direction.AT_MOST,
                "target_value": Decimal("46"),
            }
        ],
        **_campaign_values(all_organizations=False),
    )
    assert [(t.position, t.text) for t in campaign.tasks.all()] == [(1, "Một là"), (2, "Hai là")]
    assert campaign.themes.get().text == "Chủ đề 2022"
    assert campaign.targets.get().target_value == Decimal("46")
    assert list(campaign.participants.all()) == [unit_a]


def test_all_organizations_clears_the_chosen_set(staff_user, campaign, unit_a):
    campaign.participants.add(unit_a)
    services.save_campaign(campaign=campaign, by=staff_user, participants=[unit_a], **_campaign_values())
    assert not campaign.participants.exists()


def test_save_campaign_reorders_and_removes_tasks(staff_user, campaign):
    first = CampaignTaskFactory(campaign=campaign, position=1, text="Một")
    second = CampaignTaskFactory(campaign=campaign, position=2, text="Hai")
    third = CampaignTaskFactory(campaign=campaign, position=3, text="Ba")
    services.save_campaign(
        campaign=campaign,
        by=staff_user,
        tasks=[{"id": third.pk, "text": "Ba"}, {"id": first.pk, "text": "Một (sửa)"}],
        **_campaign_values(),
    )
    assert [(t.pk, t.position, t.text) for t in campaign.tasks.all()] == [
        (third.pk, 1, "Ba"),
        (first.pk, 2, "Một (sửa)"),
    ]
    assert not CampaignTask.objects.filter(pk=second.pk).exists()


def test_save_campaign_swaps_theme_years(staff_user, campaign):
    campaign.end_date = datetime.date(2023, 12, 31)
    campaign.save()
    a = CampaignThemeFactory(campaign=campaign, year=2022, text="A")
    b = CampaignThemeFactory(campaign=campaign, year=2023, text="B")
    services.save_campaign(
        campaign=campaign,
        by=staff_user,
        themes=[{"id": a.pk, "year": 2023, "text": "A"}, {"id": b.pk, "year": 2022, "text": "B"}],
        **_campaign_values(end_date=datetime.date(2023, 12, 31)),
    )
    assert dict(campaign.themes.values_list("year", "text")) == {2022: "B", 2023: "A"}


def test_save_campaign_refuses_two_themes_in_one_year(staff_user, campaign):
    with pytest.raises(ValidationError):
        services.save_campaign(
            campaign=campaign,
            by=staff_user,
            themes=[{"year": 2022, "text": "A"}, {"year": 2022, "text": "B"}],
            **_campaign_values(name="Đổi tên"),
        )
    campaign.refresh_from_db()
    assert campaign.name != "Đổi tên"
    assert not campaign.themes.exists()


def test_save_fields_never_deletes(staff_user, postal):
    services.save_fields(
        rows=[{"id": postal.pk, "name": "Bưu chính", "position": 1, "is_active": False}], by=staff_user
    )
    services.save_fields(rows=[{"name": "Kinh tế số", "position": 5, "is_active": True}], by=staff_user)
    assert dict(Field.objects.values_list("name", "is_active")) == {"Bưu chính": False, "Kinh tế số": True}
