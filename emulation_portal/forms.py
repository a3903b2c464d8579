"""Form fields that read and show dates and numbers the Vietnamese way, whatever the browser.

`<input type="date">` and `<input type="number">` follow the browser's locale: an en-US
browser shows mm/dd/yyyy, and "9,5" typed into a number box becomes 95. These fields use
plain text inputs: dates as dd/mm/yyyy, decimals with a comma (a point is accepted too).
"""

import re
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

DATE_DISPLAY_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]

# "1.234,5" or "1 234,5": points or spaces group thousands when a comma marks the decimals.
_GROUPED = re.compile(r"^[+-]?\d{1,3}([. ]\d{3})+(,\d*)?$")


class VietnameseDateInput(forms.DateInput):
    """A text box showing dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_DISPLAY_FORMAT)


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy and ISO yyyy-mm-dd)."""

    widget = VietnameseDateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, for example 15/12/2026.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        return super().to_python(value)


def format_decimal_comma(value):
    """'9,5' for Decimal('9.50'); trailing zeros dropped, never an exponent."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def parse_decimal_comma(text):
    """The plain-number string Django's DecimalField understands, from Vietnamese input."""
    text = text.strip().replace("\u00a0", " ")
    if _GROUPED.match(text):
        return text.replace(".", "").replace(" ", "").replace(",", ".")
    if "," in text and "." in text:
        # Both marks but not in the Vietnamese grouping: leave it for the "invalid" message.
        return text
    return text.replace(" ", "").replace(",", ".")


class DecimalCommaInput(forms.TextInput):
    """A text box showing decimals with a comma, e.g. 9,5."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        return format_decimal_comma(value) or None


class DecimalCommaField(forms.DecimalField):
    """A decimal typed with a comma (9,5) or a point (9.5); 1.234,5 reads as 1234.5."""

    widget = DecimalCommaInput
    default_error_messages = {"invalid": _("Enter a number, with a comma for decimals, for example 9,5.")}

    def __init__(self, *args, **kwargs):
        # Django's localized parsing would drop the point of "9.5" as a Vietnamese thousands mark.
        kwargs.pop("localize", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_decimal_comma(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # The number box's step/min/max would not apply to a text box.
        return forms.Field.widget_attrs(self, widget)


def date_widget():
    """The date widget for ModelForm Meta.widgets (model DateFields keep their own field)."""
    return VietnameseDateInput()


def vietnamese_formfield_callback(model_field, **kwargs):
    """For ModelForms: DateField and DecimalField get the Vietnamese fields."""
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=VietnameseDateField, **kwargs)
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=DecimalCommaField, **kwargs)
    return model_field.formfield(**kwargs)


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses ids no table can hold, as unknown choices.

    Django checks `pk__in=[…]` without a range check: on SQLite an id such as
    99999999999999999999 raises OverflowError, a 500, instead of "not one of the choices".
    """

    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)
