import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from campaigns import attachments
from campaigns.attachments import validate_attachment
from campaigns.models import Campaign, CampaignTheme, Target
from tests.files import PDF

from .factories import CampaignFactory, CampaignThemeFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_target_value_needs_metric_and_direction(campaign, postal):
    target = Target(campaign=campaign, field=postal, text="Thứ hạng 2IPD", target_value=Decimal("46"))
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert set(error.value.message_dict) == {"metric", "direction"}


def test_metric_needs_value(campaign, postal):
    target = Target(campaign=campaign, field=postal, text="Thứ hạng 2IPD", metric="Thứ hạng 2IPD")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert set(error.value.message_dict) == {"target_value"}


def test_range_needs_ordered_upper_value(campaign, postal):
    target = Target(
        campaign=campaign,
        field=postal,
        text="Tốc độ phát triển 10% - 20%",
        metric="Tốc độ",
        direction=Target.Direction.BETWEEN,
        target_value=Decimal("20"),
        target_value_max=Decimal("10"),
    )
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert set(error.value.message_dict) == {"target_value_max"}
    target.target_value, target.target_value_max = Decimal("10"), Decimal("20")
    target.full_clean()


def test_database_refuses_value_without_direction(campaign, postal):
    with pytest.raises(IntegrityError):
        TargetFactory(campaign=campaign, field=postal, metric="x", target_value=Decimal("1"), direction="")


def test_campaign_period_must_be_ordered():
    campaign = CampaignFactory.build(start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 12, 31))
    with pytest.raises(ValidationError) as error:
        campaign.full_clean(exclude=["directive"])
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError):
        CampaignFactory(start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 12, 31))


def test_one_theme_per_campaign_and_year(campaign):
    CampaignThemeFactory(campaign=campaign, year=2022)
    with pytest.raises(IntegrityError):
        CampaignTheme.objects.create(campaign=campaign, year=2022, text="Một chủ đề khác")


def test_runs_in_and_years():
    open_ended = CampaignFactory.build(start_date=datetime.date(2020, 3, 1), end_date=None)
    assert open_ended.runs_in(2030)
    assert not open_ended.runs_in(2019)
    closed = CampaignFactory.build(start_date=datetime.date(2021, 7, 1), end_date=datetime.date(2022, 6, 30))
    assert list(closed.years) == [2021, 2022]
    assert Campaign.Kind.SPECIAL.label


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("chi-thi.exe", b"MZ", "extension"),
        ("chi-thi.doc", b"\xd0\xcf\x11\xe0", "extension"),
        ("chi-thi.pdf", b"PK\x03\x04", "content"),
        ("chi-thi.docx", b"%PDF-1.7", "content"),
    ],
)
def test_attachment_must_be_pdf_or_docx(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_attachment_size_limit(monkeypatch):
    validate_attachment(SimpleUploadedFile("chi-thi.PDF", PDF))
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 50)
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("chi-thi.pdf", PDF))
    assert error.value.code == "size"
