"""A GET filter form's fields as plain values, for `includes/_filter_fields.html` to write out.

The markup is what crispy-forms gives for Bootstrap 5 (label, input or select, errors), but
rendering a few fields through crispy-forms' and the widgets' templates cost more than the
table of a list page; writing them out from plain values costs a fraction of it.
"""

from django import forms


def filter_fields(form, columns):
    """The fields of `form` named in `columns` ({name: column classes}), in that order."""
    fields = []
    for name, css in columns.items():
        bound = form[name]
        field = bound.field
        value = bound.value()
        value = "" if value is None else str(value)
        choices = getattr(field, "choices", None)
        kind = "number" if isinstance(field.widget, forms.NumberInput) else "text"
        fields.append(
            {
                "name": name,
                "id": bound.id_for_label,
                "css": css,
                "label": bound.label,
                "type": kind,
                "value": value,
                "attrs": list(field.widget.attrs.items()),  # min and max, maxlength: what the field sets
                "errors": bound.errors,
                "options": None
                if choices is None
                else [(str(key), label, str(key) == value) for key, label in choices],
            }
        )
    return fields
