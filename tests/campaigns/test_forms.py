from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.forms import CampaignForm, DirectiveForm, TargetForm

from .factories import DirectiveFactory

pytestmark = pytest.mark.django_db


def _directive_data(**overrides):
    return {"number": "103/CT-BTTTT", "title": "Về công tác thi đua, khen thưởng năm 2022", "year": "2022", **overrides}


def test_duplicate_directive_number_is_refused_with_a_clear_message():
    DirectiveFactory(number="103/CT-BTTTT")
    with translation.override("en"):
        form = DirectiveForm(_directive_data(number=" 103/ct-btttt "))
        assert not form.is_valid()
        assert form.errors["number"] == ["A directive with this number already exists."]
    with translation.override("vi"):
        form = DirectiveForm(_directive_data())
        assert not form.is_valid()
        assert form.errors["number"] == ["Đã có chỉ thị mang số này."]


def test_editing_a_directive_keeps_its_number(directive):
    form = DirectiveForm(_directive_data(), instance=directive)
    assert form.is_valid(), form.errors


def test_target_value_must_be_a_number(postal):
    with translation.override("vi"):
        form = TargetForm(
            {
                "field": postal.pk,
                "text": "Thứ hạng 2IPD",
                "metric": "Thứ hạng",
                "direction": "at_most",
                "target_value": "bốn sáu",
            }
        )
        assert not form.is_valid()
        assert form.errors["target_value"] == ["Giá trị chỉ tiêu phải là một số."]


def test_target_value_accepts_a_vietnamese_decimal_comma(postal):
    with translation.override("vi"):
        form = TargetForm(
            {
                "field": postal.pk,
                "text": "0,7 doanh nghiệp",
                "metric": "Tỷ lệ",
                "direction": "at_least",
                "target_value": "0,7",
            }
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_value"] == Decimal("0.7")


def test_measurable_target_needs_a_direction(postal):
    form = TargetForm({"field": postal.pk, "text": "x", "metric": "Thứ hạng", "target_value": "46"})
    assert not form.is_valid()
    assert "direction" in form.errors


def test_campaign_needs_participants_unless_all_take_part(unit_a):
    data = {"name": "Phong trào", "kind": "thematic", "start_date": "2018-01-01"}
    form = CampaignForm(data)
    assert not form.is_valid()
    assert "participants" in form.errors
    form = CampaignForm({**data, "participants": [unit_a.pk]})
    assert form.is_valid(), form.errors
