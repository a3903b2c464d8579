from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns.models import Target

register = template.Library()

SYMBOLS = {Target.Direction.AT_LEAST: "≥", Target.Direction.AT_MOST: "≤", Target.Direction.EQUAL: "="}


def _number(value):
    """A decimal without trailing zeros, in the active language's format (0,7 in Vietnamese)."""
    value = Decimal(value)
    # normalize() would write 100 as 1E+2, so whole numbers are quantised instead.
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value)


@register.filter
def plain_number(value):
    return "" if value is None else _number(value)


@register.filter
def target_goal(target):
    """The measurable goal of a target, e.g. "≤ 46 hạng" or "10 – 20 %"; "" when not measurable."""
    if target.target_value is None:
        return ""
    unit = f" {target.unit}" if target.unit else ""
    if target.direction == Target.Direction.BETWEEN:
        return _("%(low)s – %(high)s%(unit)s") % {
            "low": _number(target.target_value),
            "high": _number(target.target_value_max),
            "unit": unit,
        }
    return f"{SYMBOLS.get(target.direction, '')} {_number(target.target_value)}{unit}".strip()
