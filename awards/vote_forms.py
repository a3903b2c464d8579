"""Forms of conferences and votes: conference details, attendance, a ballot, a paper count."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from emulation_portal.forms import VietnameseDateField

from .models import BallotChoice, Vote


class MeetingForm(forms.Form):
    held_on = VietnameseDateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200)
    host = forms.ModelChoiceField(label=_("Host unit"), queryset=Organization.objects.none(), required=False)
    results_year = forms.IntegerField(
        label=_("Results of year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Leave empty for the year before the conference."),
    )

    def __init__(self, *args, cluster, chair_check, **kwargs):
        super().__init__(*args, **kwargs)
        self.chair_check = chair_check
        self.fields["host"].queryset = Organization.objects.filter(cluster_memberships__cluster=cluster).distinct()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create the conference"), css_class="btn-portal"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if not self.chair_check(held_on.year):
            raise forms.ValidationError(_("Your unit does not chair the cluster in %(year)s.") % {"year": held_on.year})
        return held_on


class VoteCreateForm(forms.Form):
    award_type = forms.IntegerField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(label=_("Mode"), choices=Vote.Mode.choices, initial=Vote.Mode.ELECTRONIC)


class BallotForm(forms.Form):
    """One radio group per item the voter may vote on; recused items are not on the form."""

    def __init__(self, *args, items, recused_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for item in items:
            if item.pk in recused_ids:
                continue
            name = f"item_{item.pk}"
            self.fields[name] = forms.ChoiceField(
                label=item.nomination.nominee_name,
                choices=BallotChoice.Choice.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.items.append((item, self[name]))

    def choices(self):
        return {int(name.removeprefix("item_")): value for name, value in self.cleaned_data.items()}


class PaperTallyForm(forms.Form):
    ballots_cast = forms.IntegerField(label=_("Ballots cast"), min_value=0)
    ballots_invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for item in items:
            row = []
            for key, label in (("yes", _("Agree")), ("no", _("Disagree")), ("abstain", _("Abstain"))):
                name = f"{key}_{item.pk}"
                self.fields[name] = forms.IntegerField(
                    label=label, min_value=0, initial=getattr(item, f"paper_{key}") or 0
                )
                row.append(self[name])
            self.rows.append((item, row))

    def counts(self):
        data = self.cleaned_data
        return {
            item.pk: (data[f"yes_{item.pk}"], data[f"no_{item.pk}"], data[f"abstain_{item.pk}"])
            for item, _ in self.rows
        }


def attendance_rows(data, organization_ids):
    """Read the attendance table: present_<id>, representative_<id>, position_<id> per member unit."""
    return {
        org_id: (
            data.get(f"present_{org_id}") == "on",
            data.get(f"representative_{org_id}", "")[:200],
            data.get(f"position_{org_id}", "")[:200],
        )
        for org_id in organization_ids
    }
