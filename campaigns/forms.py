from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.services import normalize_text
from emulation_portal.forms import ModelMultipleIdField, VietnameseDateInput, vietnamese_formfield_callback

from . import services
from .models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target


def _date_input():
    return VietnameseDateInput()


class DirectiveForm(forms.ModelForm):
    remove_attachment = forms.BooleanField(label=_("Remove the attached file"), required=False)

    class Meta:
        model = Directive
        formfield_callback = vietnamese_formfield_callback
        fields = [
            "number",
            "issued_on",
            "year",
            "signer",
            "signer_position",
            "title",
            "body",
            "attachment",
            "references",
            "related_directives",
            "recipients",
        ]
        widgets = {
            "issued_on": _date_input(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "attachment": forms.FileInput(attrs={"accept": ".pdf,.docx"}),
            "references": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "related_directives": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"related_directives": ModelMultipleIdField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        related = self.fields["related_directives"]
        related.queryset = Directive.objects.exclude(pk=self.instance.pk).order_by("-year", "number")
        related.help_text = _("Directives recorded in the portal that this one refers to.")
        if not (self.instance.pk and self.instance.attachment):
            del self.fields["remove_attachment"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("number", css_class="col-md-4"),
                Column("issued_on", css_class="col-md-4"),
                Column("year", css_class="col-md-4"),
            ),
            Row(Column("signer", css_class="col-md-6"), Column("signer_position", css_class="col-md-6")),
            "title",
            "body",
            Row(
                Column(
                    "attachment",
                    *(["remove_attachment"] if "remove_attachment" in self.fields else []),
                    css_class="col-md-6",
                ),
                Column("related_directives", css_class="col-md-6"),
            ),
            Row(Column("references", css_class="col-md-6"), Column("recipients", css_class="col-md-6")),
        )

    def clean_number(self):
        number = " ".join(normalize_text(self.cleaned_data["number"]).split())
        if Directive.objects.filter(number__iexact=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A directive with this number already exists."), code="unique")
        return number

    def validate_unique(self):
        # clean_number checks uniqueness case-insensitively, with a clearer message.
        pass

    def save_with(self, *, by):
        """Create or update the directive through the services."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "related_directives"}
        if not isinstance(values["attachment"], UploadedFile):
            # No new upload: keep the current file unless asked to remove it.
            values["attachment"] = "" if self.cleaned_data.get("remove_attachment") else self.instance.attachment
        related = list(self.cleaned_data["related_directives"])
        if self.instance.pk:
            return services.update_directive(self.instance, by=by, related_directives=related, **values)
        return services.create_directive(by=by, related_directives=related, **values)


class ParticipantsWidget(forms.SelectMultiple):
    """Checkboxes grouped by kind of organisation, with a filter box (campaigns/participants.js).

    About 66 organisations take part in the sector's campaigns: a plain multiple select
    would need Ctrl-clicks through a long list.
    """

    template_name = "campaigns/widgets/participants.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["selected_count"] = sum(
            1 for _group, options, _index in context["widget"]["optgroups"] for option in options if option["selected"]
        )
        return context


def grouped_organization_choices(organizations):
    """(kind label, [(pk, name), ...]) groups in the order of Organization.Kind."""
    groups = {kind: [] for kind in Organization.Kind.values}
    for organization in organizations:
        groups.setdefault(organization.kind, []).append((organization.pk, organization.name))
    labels = dict(Organization.Kind.choices)
    return [(labels.get(kind, kind), options) for kind, options in groups.items() if options]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        formfield_callback = vietnamese_formfield_callback
        fields = [
            "name",
            "kind",
            "directive",
            "description",
            "start_date",
            "end_date",
            "lead_organization",
            "all_organizations",
            "participants",
            "fields",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": _date_input(),
            "end_date": _date_input(),
            "participants": ParticipantsWidget,
            "fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.pk
        # Archived choices stay offered when the campaign already uses them.
        directives = Q(status=Directive.Status.ACTIVE)
        if self.instance.directive_id:
            directives |= Q(pk=self.instance.directive_id)
        self.fields["directive"].queryset = Directive.objects.filter(directives).order_by("-year", "number")
        organizations = Organization.objects.active().order_by("kind", "name")
        if current:
            organizations = (
                organizations | Organization.objects.filter(Q(campaigns=current) | Q(led_campaigns=current))
            ).distinct()
        grouped = grouped_organization_choices(organizations)
        lead = self.fields["lead_organization"]
        lead.queryset = organizations
        lead.widget.choices = [("", lead.empty_label), *grouped]
        participants = self.fields["participants"]
        participants.queryset = organizations
        participants.widget.choices = grouped
        participants.help_text = _("Used only when not all organisations take part.")
        active_fields = Field.objects.filter(is_active=True)
        if current:
            active_fields = (active_fields | Field.objects.filter(campaigns=current)).distinct()
        self.fields["fields"].queryset = active_fields
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            Row(Column("kind", css_class="col-md-4"), Column("directive", css_class="col-md-8")),
            "description",
            Row(
                Column("start_date", css_class="col-md-3"),
                Column("end_date", css_class="col-md-3"),
                Column("lead_organization", css_class="col-md-6"),
            ),
            Row(
                Column("all_organizations", "participants", css_class="col-md-7"),
                Column("fields", css_class="col-md-5"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("all_organizations") and not cleaned.get("participants"):
            self.add_error("participants", _("Choose the participating organisations, or tick that all take part."))
        return cleaned


class TaskForm(forms.ModelForm):
    class Meta:
        model = CampaignTask
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ThemeForm(forms.ModelForm):
    class Meta:
        model = CampaignTheme
        fields = ["year", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


# Inline formsets append the foreign key's name to Meta.fields, so rows are read from this copy.
TARGET_FIELDS = ("field", "year", "text", "metric", "direction", "target_value", "target_value_max", "unit")


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        formfield_callback = vietnamese_formfield_callback
        fields = list(TARGET_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["target_value", "target_value_max"]
        error_messages = {
            "target_value": {"invalid": _("The target value must be a number.")},
            "target_value_max": {"invalid": _("The upper value must be a number.")},
        }

    def _update_errors(self, errors):
        # A field that already failed (e.g. "not a number") needs no second, model-level message.
        if hasattr(errors, "error_dict"):
            remaining = {name: value for name, value in errors.error_dict.items() if name not in self._errors}
            if not remaining:
                return
            errors = ValidationError(remaining)
        super()._update_errors(errors)


TaskFormSet = inlineformset_factory(Campaign, CampaignTask, form=TaskForm, extra=2, can_delete=True, can_order=True)
ThemeFormSet = inlineformset_factory(Campaign, CampaignTheme, form=ThemeForm, extra=1, can_delete=True)
TargetFormSet = inlineformset_factory(Campaign, Target, form=TargetForm, extra=1, can_delete=True)


class CampaignEditor:
    """The campaign form with its tasks, themes and targets, validated and saved together."""

    def __init__(self, data=None, *, instance=None):
        self.instance = instance or Campaign()
        self.form = CampaignForm(data, instance=self.instance)
        self.tasks = TaskFormSet(data, instance=self.instance, prefix="tasks")
        self.themes = ThemeFormSet(data, instance=self.instance, prefix="themes")
        self.targets = TargetFormSet(data, instance=self.instance, prefix="targets")
        if self.instance.pk:
            # Editing: blank rows only where the campaign has none yet ("Add" buttons give more).
            for formset in self.formsets:
                formset.extra = 0 if formset.get_queryset() else 1
        # The targets' field choices: active fields and those the campaign uses, read once.
        used = Q(is_active=True)
        if self.instance.pk:
            used |= Q(targets__campaign=self.instance)
        queryset = Field.objects.filter(used).distinct()
        choices = None
        for target_form in [*self.targets.forms, self.targets.empty_form]:
            target_form.fields["field"].queryset = queryset
            choices = choices or list(target_form.fields["field"].choices)
            target_form.fields["field"].choices = choices
        self.non_form_errors = []

    @property
    def has_errors(self):
        return bool(
            self.non_form_errors
            or self.form.errors
            or any(formset.total_error_count() for formset in self.formsets if formset.is_bound)
        )

    @property
    def formsets(self):
        return [self.tasks, self.themes, self.targets]

    def is_valid(self):
        # Validate every part, so that all errors show at once.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        valid = all(results)
        if results[0]:
            start, end = self.form.cleaned_data["start_date"], self.form.cleaned_data["end_date"]
            for theme_form in self._live_forms(self.themes):
                year = theme_form.cleaned_data.get("year")
                if year is None:
                    continue
                if year < start.year or (end and year > end.year):
                    theme_form.add_error("year", _("The campaign does not run in this year."))
                    valid = False
        return valid

    @staticmethod
    def _live_forms(formset):
        """The rows to keep: existing rows not marked for removal, and filled-in new rows."""
        return [
            form
            for form in formset.forms
            if not formset._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]

    def _rows(self, formset, names):
        return [
            {"id": form.instance.pk, **{name: form.cleaned_data.get(name) for name in names}}
            for form in self._live_forms(formset)
        ]

    def save(self, *, by):
        """Save everything through services.save_campaign; False (with errors) when refused."""
        data = self.form.cleaned_data
        ordered = [form for form in self.tasks.ordered_forms if not self.tasks._should_delete_form(form)]
        tasks = [{"id": form.instance.pk, "text": form.cleaned_data["text"]} for form in ordered]
        values = {name: data[name] for name in CampaignForm.Meta.fields if name not in ("participants", "fields")}
        try:
            self.instance = services.save_campaign(
                campaign=self.instance if self.instance.pk else None,
                by=by,
                participants=list(data["participants"]),
                fields=list(data["fields"]),
                tasks=tasks,
                themes=self._rows(self.themes, ["year", "text"]),
                targets=self._rows(self.targets, TARGET_FIELDS),
                **values,
            )
        except ValidationError as error:
            self.non_form_errors = error.messages
            return False
        return True


class FieldForm(forms.ModelForm):
    class Meta:
        model = Field
        fields = ["name", "position", "is_active"]


FieldFormSet = modelformset_factory(Field, form=FieldForm, extra=2)


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Campaign.Kind.choices])
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=Field.objects.all(), empty_label=_("All fields")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("all", _("All")), *Campaign.Status.choices],
    )


class DirectiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("all", _("All")), *Directive.Status.choices],
    )
