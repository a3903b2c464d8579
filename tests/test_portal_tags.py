"""The deadline is said one way everywhere, from the setting: "trước ngày dd/mm/yyyy"."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from emulation_portal.templatetags.portal_tags import deadline, deadline_day
from reports.deadlines import VIETNAM
from reports.services import create_period


def test_deadline_is_the_day_it_falls_on_in_vietnam():
    due = datetime.datetime(2026, 12, 15, tzinfo=VIETNAM)  # 00:00 ICT = 17:00 UTC the day before
    with translation.override("vi"):
        assert deadline(due.astimezone(datetime.UTC)) == "trước ngày 15/12/2026"
    with translation.override("en"):
        assert deadline(due) == "before 15/12/2026"
    assert deadline_day(due) == "15/12/2026"
    assert deadline(None) == ""


@pytest.mark.django_db
def test_deadline_follows_the_due_day_setting(settings):
    settings.REPORT_DUE_DAY = 10
    period = create_period(year=2027, quarter=2)[0]
    with translation.override("vi"):
        html = Template("{% load portal_tags %}{{ period|deadline }} · {% report_due_day %}").render(
            Context({"period": period})
        )
    assert html == "trước ngày 10/06/2027 · 10"


def test_decimal_comma_filter():
    from decimal import Decimal

    assert Template("{% load portal_tags %}{{ v|decimal_comma }}").render(Context({"v": Decimal("9.50")})) == "9,5"
