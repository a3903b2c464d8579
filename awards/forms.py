"""Forms for nominations, council sessions and award decisions (validation and crispy layout)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from campaigns.models import Campaign
from clusters.models import Cluster
from emulation_portal.forms import ModelMultipleIdField, VietnameseDateField, VietnameseDateInput
from emulation_portal.uploads import check_upload

from . import workflow
from .models import AwardType, Nomination, NominationFile
from .services import ALLOWED_EXTENSIONS, NOMINATION_FIELDS, max_file_bytes

UNIT = "unit"
PERSON = "person"
FILE_FIELDS = {
    "cover_letter": NominationFile.Kind.COVER_LETTER,
    "achievement_report": NominationFile.Kind.ACHIEVEMENT_REPORT,
    "minutes": NominationFile.Kind.MINUTES,
}


def _current_year():
    return timezone.localdate().year


class NominationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    award_type = forms.ModelChoiceField(
        label=_("Award"), required=False, queryset=AwardType.objects.all(), empty_label=_("All awards")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Nomination.Status.choices]
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), required=False, queryset=Cluster.objects.order_by("number"), empty_label=_("All clusters")
    )


class NominationForm(forms.Form):
    """What an officer files: the award, the nominee (this unit or one of its people) and the dossier."""

    award_type = forms.ModelChoiceField(label=_("Award"), queryset=AwardType.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("Achievement year"), min_value=1945, max_value=2100)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=Campaign.objects.order_by("-start_date", "name"),
        empty_label=_("— none: the year's all-round achievement —"),
        help_text=_("Optional: the campaign whose achievement is rewarded."),
    )
    nominee_kind = forms.ChoiceField(
        label=_("Nominee"),
        choices=[(UNIT, _("This unit")), (PERSON, _("A person of this unit"))],
        widget=forms.RadioSelect,
    )
    nominee_person = forms.CharField(label=_("Full name of the person"), required=False, max_length=200)
    nominee_position = forms.CharField(label=_("Position of the person"), required=False, max_length=200)
    led_cluster = forms.ModelChoiceField(
        label=_("Cluster it led"),
        required=False,
        queryset=Cluster.objects.order_by("number"),
        help_text=_("For the Ministry's emulation flag: the cluster the unit chaired or topped that year."),
    )
    achievements = forms.CharField(label=_("Summary of achievements"), widget=forms.Textarea(attrs={"rows": 5}))
    grassroots_fighter_years = forms.CharField(
        label=_("Years as grassroots emulation fighter"),
        required=False,
        max_length=100,
        help_text=_("For “Chiến sĩ thi đua cấp Bộ”: e.g. 2022, 2023, 2024"),
    )
    initiative = forms.CharField(label=_("Recognised initiative"), required=False, max_length=300)
    cover_letter = forms.FileField(label=_("Cover letter (tờ trình)"), required=False)
    achievement_report = forms.FileField(label=_("Achievement report"), required=False)
    minutes = forms.FileField(label=_("Minutes of the deliberation"), required=False)

    def __init__(self, *args, organization, nomination=None, **kwargs):
        if nomination is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(nomination, name) for name in NOMINATION_FIELDS},
                    "nominee_kind": UNIT if nomination.is_collective else PERSON,
                },
            )
        else:
            kwargs.setdefault("initial", {"year": _current_year() - 1, "nominee_kind": UNIT})
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["nominee_kind"].choices = [
            (UNIT, _("This unit: %(name)s") % {"name": organization.display_name}),
            (PERSON, _("A person of this unit")),
        ]
        hint = _("PDF or DOCX, at most %(mb)s MB.") % {"mb": max_file_bytes() // (1024 * 1024)}
        for name in FILE_FIELDS:
            self.fields[name].help_text = hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_error_title = _("The nomination cannot be saved:")
        self.helper.layout = Layout(
            Row(
                Column("award_type", css_class="col-md-6"),
                Column("year", css_class="col-md-2"),
                Column("campaign", css_class="col-md-4"),
            ),
            Fieldset(
                _("Nominee"),
                "nominee_kind",
                Row(Column("nominee_person", css_class="col-md-6"), Column("nominee_position", css_class="col-md-6")),
            ),
            "achievements",
            Fieldset(
                _("Conditions of the award"),
                HTML(
                    '<p class="small text-body-secondary">{}</p>'.format(
                        _("Fill in what the chosen award asks for; the portal checks it before saving.")
                    )
                ),
                Row(
                    Column("led_cluster", css_class="col-md-4"),
                    Column("grassroots_fighter_years", css_class="col-md-4"),
                    Column("initiative", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Dossier"),
                Row(
                    Column("cover_letter", css_class="col-md-4"),
                    Column("achievement_report", css_class="col-md-4"),
                    Column("minutes", css_class="col-md-4"),
                ),
            ),
        )

    def _clean_file(self, name):
        upload = self.cleaned_data.get(name)
        if upload:
            check_upload(upload, extensions=ALLOWED_EXTENSIONS, max_bytes=max_file_bytes())
        return upload

    def clean_cover_letter(self):
        return self._clean_file("cover_letter")

    def clean_achievement_report(self):
        return self._clean_file("achievement_report")

    def clean_minutes(self):
        return self._clean_file("minutes")

    def clean(self):
        data = super().clean()
        if data.get("nominee_kind") == PERSON and not (data.get("nominee_person") or "").strip():
            self.add_error("nominee_person", _("Enter the full name of the person nominated."))
        return data

    def nomination_fields(self):
        """The cleaned values, as the services take them."""
        data = self.cleaned_data
        person = data["nominee_kind"] == PERSON
        return {
            "award_type": data["award_type"],
            "year": data["year"],
            "campaign": data.get("campaign"),
            "nominee_organization": None if person else self.organization,
            "nominee_person": data.get("nominee_person", "") if person else "",
            "nominee_position": data.get("nominee_position", "") if person else "",
            "led_cluster": data.get("led_cluster"),
            "achievements": data["achievements"],
            "grassroots_fighter_years": data.get("grassroots_fighter_years", ""),
            "initiative": data.get("initiative", ""),
        }

    def dossier_files(self):
        """[(kind, upload)] for the dossier files attached in this submission."""
        return [(kind, self.cleaned_data[name]) for name, kind in FILE_FIELDS.items() if self.cleaned_data.get(name)]


class ReasonForm(forms.Form):
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


def _ministry_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[Role.STAFF.value, Role.LEADERSHIP.value]))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class UserChoiceField(ModelMultipleIdField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CouncilSessionForm(forms.Form):
    title = forms.CharField(label=_("Name of the session"), max_length=300)
    year = forms.IntegerField(label=_("Results of year"), min_value=1945, max_value=2100)
    held_on = VietnameseDateField(label=_("Date"), widget=VietnameseDateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members = UserChoiceField(
        label=_("Council members"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ministry staff and leadership who sit on the council and vote."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": _current_year() - 1, "held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _ministry_users()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            Row(
                Column("year", css_class="col-md-3"),
                Column("held_on", css_class="col-md-3"),
                Column("place", css_class="col-md-6"),
            ),
            "members",
        )


class NominationChoiceField(ModelMultipleIdField):
    def label_from_instance(self, obj):
        return f"{obj.nominee_name} — {obj.award_type.name} {obj.year}"


class CouncilListForm(forms.Form):
    nominations = NominationChoiceField(
        label=_("Proposals to put before the council"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = candidates


class DecisionForm(forms.Form):
    number = forms.CharField(label=pgettext_lazy("document number without its symbol", "Number"), max_length=20)
    symbol = forms.CharField(label=_("Symbol"), max_length=50, initial="QĐ-BKHCN", help_text=_("E.g. QĐ-BKHCN"))
    signed_on = VietnameseDateField(label=_("Date signed"), widget=VietnameseDateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    awarded = NominationChoiceField(
        label=_("Awardees"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nominations the council passed (or that need no council). The others are not awarded."),
    )
    reject_reason = forms.CharField(
        label=_("Reason for those not awarded"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, awardable, rejectable, year, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": _("On awarding emulation titles and certificates of merit for the achievements of %(year)s")
                % {"year": year},
                "signed_on": timezone.localdate(),
                "awarded": [n.pk for n in awardable],
            },
        )
        super().__init__(*args, **kwargs)
        self.awardable = list(awardable)
        self.rejectable = list(rejectable)
        self.fields["awarded"].queryset = Nomination.objects.filter(
            pk__in=[n.pk for n in self.awardable]
        ).select_related("award_type")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("number", css_class="col-md-3"),
                Column("symbol", css_class="col-md-3"),
                Column("signed_on", css_class="col-md-3"),
            ),
            Row(Column("signer", css_class="col-md-6"), Column("signer_title", css_class="col-md-6")),
            "title",
            "awarded",
            "reject_reason",
        )

    def rejected(self):
        """The nominations before the council that are not chosen (those without council stay proposed)."""
        chosen = {n.pk for n in self.cleaned_data.get("awarded", [])}
        return [n for n in self.awardable + self.rejectable if n.pk not in chosen and n.status == workflow.COUNCIL]

    def clean(self):
        data = super().clean()
        if "awarded" in data and self.rejected() and not (data.get("reject_reason") or "").strip():
            self.add_error("reject_reason", _("Give the reason for the nominations that are not awarded."))
        return data


def validation_messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
