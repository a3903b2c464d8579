"""Dates and numbers are typed and shown the Vietnamese way, whatever the browser's locale."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from campaigns.forms import CampaignForm, TargetForm
from clusters.forms import AdjustmentForm, PledgeForm, SelfAssessmentForm
from emulation_portal.forms import (
    DecimalCommaField,
    DecimalCommaInput,
    VietnameseDateField,
    VietnameseDateInput,
    format_decimal_comma,
)
from reports.forms import LockExceptionForm


class SampleForm(forms.Form):
    day = VietnameseDateField(required=False)
    score = DecimalCommaField(required=False, max_digits=6, decimal_places=2)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9,5", Decimal("9.5")),
        ("9.5", Decimal("9.5")),
        (" 10 ", Decimal("10")),
        ("1.234,5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("0,25", Decimal("0.25")),
        ("-3,5", Decimal("-3.5")),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_decimal_comma_field_reads_vietnamese_numbers(typed, expected, language):
    with translation.override(language):
        form = SampleForm({"score": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["score"] == expected


@pytest.mark.parametrize("typed", ["9,5,1", "abc", "1,234.5"])
def test_decimal_comma_field_refuses_nonsense_with_a_vietnamese_example(typed):
    with translation.override("vi"):
        form = SampleForm({"score": typed})
        assert not form.is_valid()
        assert "9,5" in form.errors["score"][0]


def test_nine_comma_five_is_not_ninety_five():
    """The bug users met: the number box read "9,5" as 95."""
    form = SampleForm({"score": "9,5"})
    assert form.is_valid()
    assert form.cleaned_data["score"] < 10


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("5.00"), "5"),
        (Decimal("9.50"), "9,5"),
        (Decimal("1234.5000"), "1234,5"),
        (Decimal("1E+2"), "100"),
        (7, "7"),
        (None, ""),
    ],
)
def test_existing_decimal_values_are_shown_with_a_comma(value, shown):
    assert format_decimal_comma(value) == shown


def test_decimal_widget_is_a_text_box_with_the_value():
    html = DecimalCommaInput().render("score", Decimal("5.00"))
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'value="5"' in html
    assert "step" not in html


@pytest.mark.parametrize("typed", ["15/12/2026", "15-12-2026", "15.12.2026", "2026-12-15", " 15/12/2026 ", "5/1/2026"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_field_reads_day_month_year(typed, language):
    with translation.override(language):
        form = SampleForm({"day": typed})
        assert form.is_valid(), form.errors
    expected = datetime.date(2026, 1, 5) if typed == "5/1/2026" else datetime.date(2026, 12, 15)
    assert form.cleaned_data["day"] == expected


def test_date_field_never_reads_month_first():
    form = SampleForm({"day": "12/31/2026"})
    assert not form.is_valid()
    with translation.override("vi"):
        assert "dd/mm/yyyy" in str(SampleForm({"day": "12/31/2026"}).errors["day"])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_widget_is_a_text_box_showing_day_first(language):
    with translation.override(language):
        html = VietnameseDateInput().render("day", datetime.date(2026, 12, 5))
    assert 'type="text"' in html
    assert 'value="05/12/2026"' in html
    assert 'type="date"' not in html


@pytest.mark.django_db
def test_every_portal_form_with_dates_or_decimals_uses_the_vietnamese_fields():
    forms_to_check = [
        CampaignForm().fields["start_date"],
        CampaignForm().fields["end_date"],
        TargetForm().fields["target_value"],
        TargetForm().fields["target_value_max"],
        PledgeForm().fields["signing_date"],
        PledgeForm().fields["assessment_due_on"],
        LockExceptionForm().fields["until"],
    ]
    for field in forms_to_check:
        assert isinstance(field, VietnameseDateField | DecimalCommaField), field
        assert field.widget.input_type == "text"


@pytest.mark.django_db
def test_target_form_shows_and_reads_comma_decimals():
    form = TargetForm(initial={"target_value": Decimal("95.5000")})
    assert 'value="95,5"' in str(form["target_value"])


class _Criterion:
    def __init__(self, pk, max_score):
        self.pk = pk
        self.max_score = max_score


class _Assessment:
    score = Decimal("5.00")
    note = ""
    adjusted_score = Decimal("4.50")
    adjustment_reason = "Thiếu minh chứng"


def test_self_assessment_shows_the_saved_score_and_reads_a_comma():
    criterion = _Criterion(1, Decimal("10"))
    form = SelfAssessmentForm(criteria=[criterion], existing={1: _Assessment()})
    assert 'value="5"' in str(form["score_1"])
    bound = SelfAssessmentForm({"score_1": "9,5"}, criteria=[criterion], existing={})
    assert bound.is_valid(), bound.errors
    assert bound.scores()[1][0] == Decimal("9.5")
    too_high = SelfAssessmentForm({"score_1": "10,5"}, criteria=[criterion], existing={})
    assert not too_high.is_valid()


def test_adjustment_form_shows_the_adjusted_score_with_a_comma():
    criterion = _Criterion(1, Decimal("10"))
    form = AdjustmentForm(criteria=[criterion], assessments={1: _Assessment()})
    assert 'value="4,5"' in str(form["adjusted_1"])
