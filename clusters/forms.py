from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.services import normalize_text
from emulation_portal.forms import DecimalCommaField, VietnameseDateField, VietnameseDateInput
from emulation_portal.vietnamese import sort_key

from .models import Cluster, ClusterTerm

DATE_WIDGET = VietnameseDateInput()


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-portal"))
    return helper


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["number", "name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ClusterFilterForm(YearForm):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Cluster.Kind.choices], required=False)

    def clean_q(self):
        return normalize_text(self.cleaned_data["q"]).strip()


class MembershipForm(forms.Form):
    """One optional rotation-order field per eligible unit; a blank field means "not a member"."""

    def __init__(self, *args, organizations, initial_orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        for org in self.organizations:
            self.fields[f"org_{org.pk}"] = forms.IntegerField(
                label=org.name, required=False, min_value=1, max_value=999, initial=initial_orders.get(org.pk)
            )

    def rows(self):
        return [(org, self[f"org_{org.pk}"]) for org in self.organizations]

    def orders(self):
        return {
            org.pk: self.cleaned_data[f"org_{org.pk}"]
            for org in self.organizations
            if self.cleaned_data.get(f"org_{org.pk}") is not None
        }

    def clean(self):
        cleaned = super().clean()
        values = [v for k, v in cleaned.items() if k.startswith("org_") and v is not None]
        if len(values) != len(set(values)):
            raise forms.ValidationError(_("Each member needs a different rotation order."))
        return cleaned


class TermForm(forms.ModelForm):
    class Meta:
        model = ClusterTerm
        fields = ["chair", "vice_chair", "selection", "conference_date", "conference_place", "note"]
        widgets = {"conference_date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"conference_date": VietnameseDateField}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organization.objects.filter(pk__in=[m.organization_id for m in members])
        # Listed in Vietnamese alphabetical order (the database orders "Đ" after "Z").
        choices = [("", "---------")] + [
            (m.organization_id, m.organization.display_name)
            for m in sorted(members, key=lambda m: sort_key(m.organization.display_name))
        ]
        for name in ("chair", "vice_chair"):
            self.fields[name].queryset = queryset
            self.fields[name].choices = choices
        self.fields["vice_chair"].required = True
        self.fields["selection"].required = True
        self.fields["selection"].choices = ClusterTerm.Selection.choices
        self.helper = _helper(_("Record the term"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("chair") and cleaned.get("chair") == cleaned.get("vice_chair"):
            self.add_error("vice_chair", _("The chair and the vice-chair must be different units."))
        return cleaned


class TermCorrectionForm(TermForm):
    """Staff correct a final term: every field of it, and the reason, which is kept in its history."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the decision number was typed wrongly; the Minister amended the decision."),
    )

    class Meta(TermForm.Meta):
        fields = [
            "chair",
            "vice_chair",
            "selection",
            "conference_date",
            "conference_place",
            "decision_number",
            "decision_date",
            "note",
        ]
        widgets = {**TermForm.Meta.widgets, "decision_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].required = False
        self.fields["selection"].choices = [("", "---------"), *ClusterTerm.Selection.choices]
        self.fields["decision_number"].required = True
        self.fields["decision_date"].required = True
        self.helper = _helper(_("Record the correction"))
        self.helper.attrs = {"data-confirm": _("Record this correction of a final term?")}

    def clean_reason(self):
        return normalize_text(self.cleaned_data["reason"]).strip()


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=50, help_text=_("e.g. 123/QĐ-BKHCN"))
    date = VietnameseDateField(label=_("Decision date"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the decision"))
        # The decision makes the term final: the chair's unit can no longer change it.
        self.helper.attrs = {
            "data-confirm": _("Record this decision? The term becomes final and can no longer be changed.")
        }


# PledgeCriterion.max_score holds 6 digits, 2 of them decimals.
MAX_CRITERION_SCORE = Decimal(10000)


def parse_criteria(text):
    """Lines of "criterion text | maximum score" (the score optional) into (text, score) pairs."""
    criteria = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        max_score = None
        if "|" in line:
            line, _sep, score_text = line.rpartition("|")
            line = line.strip()
            try:
                max_score = Decimal(score_text.strip().replace(",", ".")) if score_text.strip() else None
            except InvalidOperation as error:
                raise forms.ValidationError(
                    _("Line %(number)s: the maximum score must be a number."), params={"number": number}
                ) from error
            # Decimal reads "NaN", "Infinity" and "1e400", which neither compare nor fit the column.
            if max_score is not None and (not max_score.is_finite() or max_score >= MAX_CRITERION_SCORE):
                raise forms.ValidationError(
                    _("Line %(number)s: the maximum score must be a number below 10000."), params={"number": number}
                )
            if max_score is not None and max_score <= 0:
                raise forms.ValidationError(
                    _("Line %(number)s: the maximum score must be positive."), params={"number": number}
                )
        if line:
            criteria.append((line, max_score))
    return criteria


def format_criteria(criteria):
    """The inverse of parse_criteria, for the textarea's initial value."""
    lines = []
    for criterion in criteria:
        score = criterion.max_score
        lines.append(f"{criterion.text} | {score.normalize():f}" if score is not None else criterion.text)
    return "\n".join(lines)


class PledgeForm(forms.Form):
    signing_date = VietnameseDateField(label=_("Signing date"), required=False, widget=DATE_WIDGET)
    signing_place = forms.CharField(label=_("Signing place"), max_length=200, required=False)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One criterion per line, in order. To give a maximum score, end the line with | and the score."),
    )
    assessment_due_on = VietnameseDateField(
        label=_("Self-assessment due on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Members may enter their self-assessment until the end of this day; "
            "until a deadline is set, the self-assessment is not offered to them."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, with_deadline=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_deadline:
            del self.fields["assessment_due_on"]
        self.helper = _helper(_("Save the pledge"))

    def clean_criteria(self):
        criteria = parse_criteria(self.cleaned_data["criteria"])
        if not criteria:
            raise forms.ValidationError(_("A pledge needs at least one criterion."))
        return criteria


class SelfAssessmentForm(forms.Form):
    """A score and a short note per criterion."""

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            current = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = DecimalCommaField(
                label=_("Score"),
                min_value=0,
                max_value=criterion.max_score,
                max_digits=6,
                decimal_places=2,
                initial=current.score if current else None,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"), max_length=500, required=False, initial=current.note if current else ""
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"note_{c.pk}", "")) for c in self.criteria
        }


class AdjustmentForm(forms.Form):
    """The chair's adjusted score and reason for each criterion of one member."""

    def __init__(self, *args, criteria, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.assessments = assessments
        for criterion in self.criteria:
            current = assessments.get(criterion.pk)
            self.fields[f"adjusted_{criterion.pk}"] = DecimalCommaField(
                label=_("Adjusted score"),
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                max_digits=6,
                decimal_places=2,
                initial=current.adjusted_score if current else None,
                disabled=current is None,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Reason for adjustment"),
                max_length=500,
                required=False,
                initial=current.adjustment_reason if current else "",
                disabled=current is None,
            )

    def rows(self):
        return [
            (c, self.assessments.get(c.pk), self[f"adjusted_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        for c in self.criteria:
            if cleaned.get(f"adjusted_{c.pk}") is not None and not (cleaned.get(f"reason_{c.pk}") or "").strip():
                self.add_error(f"reason_{c.pk}", _("Give the reason for the adjustment."))
        return cleaned

    def adjustments(self):
        return {
            c.pk: (self.cleaned_data.get(f"adjusted_{c.pk}"), self.cleaned_data.get(f"reason_{c.pk}") or "")
            for c in self.criteria
            if c.pk in self.assessments
        }
