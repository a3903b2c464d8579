"""The request for a summary file: which kind, which format, and the kind's parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from clusters.models import Cluster
from reports.models import ReportingPeriod

from .models import SummaryFile

YEAR_FIELD = {"min_value": 2000, "max_value": 2100}


class SummaryRequestForm(forms.Form):
    # The report tracking table is asked for from its own page (reports' "Export XLSX").
    kind = forms.ChoiceField(
        label=_("Summary"), choices=[c for c in SummaryFile.Kind.choices if c[0] != SummaryFile.Kind.MATRIX]
    )
    format = forms.ChoiceField(label=_("Format"), choices=SummaryFile.Format.choices)
    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=ReportingPeriod.objects.all(), required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(), required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.all(), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, **YEAR_FIELD)

    # The parameters each kind needs.
    NEEDS = {
        SummaryFile.Kind.COMPLIANCE: ("period",),
        SummaryFile.Kind.CAMPAIGN: ("campaign",),
        SummaryFile.Kind.CLUSTER: ("cluster", "year"),
        SummaryFile.Kind.AWARDS: ("year",),
    }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        parameters = {}
        for name in self.NEEDS[kind]:
            value = data.get(name)
            if value in (None, ""):
                self.add_error(name, _("Choose this to build the summary."))
                continue
            parameters[name] = value if isinstance(value, int) else value.pk
        data["parameters"] = parameters
        return data
