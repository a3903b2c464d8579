"""Forms of the reports app: the unit's report, staff decisions, the matrix filters."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from clusters.models import Cluster
from emulation_portal.forms import DecimalCommaField, VietnameseDateField

from . import deadlines
from .attachments import ALLOWED_EXTENSIONS, validate_attachment
from .completeness import missing_content
from .models import QuarterlyReport
from .selectors import REPORTING_KINDS

TEXTAREA = {"rows": 4}
OUT_OF_DATE = {
    key: _("This page is out of date: reload it, then try again.")
    for key in ("required", "invalid", "min_value", "max_value")
}


class ReportForm(forms.Form):
    """The unit's report: general parts, one section per campaign, figures per measurable target."""

    summary = forms.CharField(label=_("General assessment"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    proposals = forms.CharField(
        label=_("Proposals and recommendations"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    difficulties = forms.CharField(
        label=_("Difficulties and obstacles"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PDF, DOCX or XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    # The report's version when the form was drawn (0: no report yet); see services.ReportConflict.
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, error_messages=OUT_OF_DATE)

    GENERAL_FIELDS = ("summary", "proposals", "difficulties")

    def __init__(
        self, *args, campaigns=(), targets_by_campaign=None, report=None, year=None, submitting=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.campaigns = list(campaigns)
        self.targets_by_campaign = targets_by_campaign or {}
        self.submitting = submitting
        self.other_texts = {}
        self.helper = FormHelper()
        self.helper.form_tag = False
        sections = {s.campaign_id: s for s in report.sections.all()} if report else {}
        self.initial.setdefault("version", report.version if report else 0)
        if report:
            for name in self.GENERAL_FIELDS:
                self.initial.setdefault(name, getattr(report, name))
        for campaign in self.campaigns:
            section = sections.get(campaign.pk)
            figures = {f.target_id: f.value for f in section.figures.all()} if section else {}
            prefix = f"c{campaign.pk}"
            self.fields[f"{prefix}_activities"] = forms.CharField(
                label=_("What was done"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
            )
            self.fields[f"{prefix}_results"] = forms.CharField(
                label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            if section:
                self.initial.setdefault(f"{prefix}_activities", section.activities)
                self.initial.setdefault(f"{prefix}_results", section.results)
            for target in self.targets_by_campaign.get(campaign.pk, []):
                name = f"{prefix}_t{target.pk}"
                label = target.metric or target.text
                if target.unit:
                    label = f"{label} ({target.unit})"
                self.fields[name] = DecimalCommaField(
                    label=label,
                    required=False,
                    max_digits=16,
                    decimal_places=4,
                    help_text=_("Target: %(value)s") % {"value": _target_display(target)},
                )
                if target.pk in figures and figures[target.pk] is not None:
                    self.initial.setdefault(name, figures[target.pk].normalize())

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            missing = missing_content(summary=cleaned.get("summary", ""), sections=self.sections_data())
            for name, message in missing.items():
                self.add_error(name, message)
        return cleaned

    def show_conflict(self, report):
        """After a conflict: keep the user's text, carry the stored version, and show the stored text beside it."""
        self.data = self.data.copy()
        self.data["version"] = str(report.version)
        self.other_texts = {name: getattr(report, name) for name in self.GENERAL_FIELDS}
        sections = {s.campaign_id: s for s in report.sections.all()}
        for campaign in self.campaigns:
            section = sections.get(campaign.pk)
            for part in ("activities", "results"):
                self.other_texts[f"c{campaign.pk}_{part}"] = getattr(section, part) if section else ""

    def _with_other(self, name):
        return {"field": self[name], "other": self.other_texts.get(name)}

    def general_fields(self):
        """For the template: the general fields, each with the other session's text after a conflict."""
        return [self._with_other(name) for name in self.GENERAL_FIELDS]

    def section_groups(self):
        """For the template: each campaign with its bound fields."""
        groups = []
        for campaign in self.campaigns:
            prefix = f"c{campaign.pk}"
            groups.append(
                {
                    "campaign": campaign,
                    "activities": self._with_other(f"{prefix}_activities"),
                    "results": self._with_other(f"{prefix}_results"),
                    "figures": [self[f"{prefix}_t{t.pk}"] for t in self.targets_by_campaign.get(campaign.pk, [])],
                }
            )
        return groups

    def sections_data(self):
        data = []
        for campaign in self.campaigns:
            prefix = f"c{campaign.pk}"
            data.append(
                {
                    "campaign": campaign,
                    "activities": self.cleaned_data.get(f"{prefix}_activities") or "",
                    "results": self.cleaned_data.get(f"{prefix}_results") or "",
                    "figures": {
                        target: self.cleaned_data.get(f"{prefix}_t{target.pk}")
                        for target in self.targets_by_campaign.get(campaign.pk, [])
                    },
                }
            )
        return data


def _target_display(target):
    value = f"{target.target_value.normalize():f}"
    if target.direction == "between" and target.target_value_max is not None:
        value = f"{value} – {target.target_value_max.normalize():f}"
    sign = {"at_least": "≥ ", "at_most": "≤ ", "equal": "= "}.get(target.direction, "")
    return f"{sign}{value} {target.unit}".strip()


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("report", "Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The version of the report the reviewer was shown: a decision on an older one is refused.
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput, error_messages=OUT_OF_DATE)

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        self.fields["comment"].error_messages["required"] = _("A comment is required to return a report.")
        self.helper = FormHelper()
        self.helper.form_tag = False


class ExcuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class LockExceptionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    until = VietnameseDateField(label=_("May submit until (inclusive)"))

    def clean_until(self):
        day = self.cleaned_data["until"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        # An exception is for a late report, not for ever (and 31/12/9999 has no next day).
        if day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day within a year from today."))
        return day

    def until_instant(self):
        """The end of the chosen day, Vietnam time."""
        next_day = self.cleaned_data["until"] + datetime.timedelta(days=1)
        return datetime.datetime(next_day.year, next_day.month, next_day.day, tzinfo=deadlines.VIETNAM)


class MatrixFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.all(), required=False)
    province = forms.CharField(label=_("Province or city"), required=False)
    # The review queue's words for the review statuses, plus the two states of a missing report.
    status = forms.ChoiceField(
        label=_("Review status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            ("missing", _("Not submitted")),
            ("submitted", _("Submitted, awaiting review")),
            ("accepted", pgettext_lazy("report review", "Accepted")),
            ("returned", QuarterlyReport.Status.RETURNED.label),
            ("excused", QuarterlyReport.Status.EXCUSED.label),
            ("overdue", _("Overdue")),
        ],
    )
    quarter = forms.TypedChoiceField(
        label=_("In quarter"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("All quarters"))] + [(q, format_lazy("{} {}", _("Quarter"), q)) for q in deadlines.QUARTERS],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (value, label) for value, label in Organization.Kind.choices if value in REPORTING_KINDS
        ]
        self.fields["cluster"].empty_label = _("All clusters")
