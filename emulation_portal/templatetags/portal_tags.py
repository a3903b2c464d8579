"""Template filters shared by every app: one wording for deadlines, numbers the Vietnamese way."""

import datetime

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.forms import format_decimal_comma

register = template.Library()


def _deadline_day(value):
    """The calendar day (Vietnam time) before which something is due."""
    value = getattr(value, "due_at", value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def deadline(value):
    """'trước ngày 15/12/2026' from a period or its `due_at` (00:00 of that day, Vietnam time).

    The portal says a deadline one way everywhere: due at 00:00 on the 15th means "before the
    15th", i.e. by the end of the 14th.
    """
    day = _deadline_day(value)
    if not day:
        return ""
    return _("before %(date)s") % {"date": day.strftime("%d/%m/%Y")}


@register.filter
def deadline_day(value):
    """'15/12/2026': the day a deadline falls on, for compact tables (after a 'before' heading)."""
    day = _deadline_day(value)
    return day.strftime("%d/%m/%Y") if day else ""


@register.simple_tag
def report_due_day():
    """The day of the quarter's last month before which reports are due (from the settings)."""
    return settings.REPORT_DUE_DAY


@register.filter
def decimal_comma(value):
    """9,5 for 9.50: the way the forms show numbers."""
    return format_decimal_comma(value)
