"""Writes to directives, campaigns and fields. Nothing is hard-deleted once referenced."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils.translation import gettext as _

from accounts.services import normalize_text

from .models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target

logger = logging.getLogger(__name__)

DIRECTIVE_TEXT_FIELDS = ("number", "signer", "signer_position", "title", "body", "references", "recipients")


def _nfc(values, names):
    return {name: normalize_text(value) if name in names else value for name, value in values.items()}


def _clean_number(number):
    return " ".join(normalize_text(number or "").split())


@transaction.atomic
def create_directive(*, by, related_directives=(), **values) -> Directive:
    """Record a new directive from `values` (Directive field names)."""
    values = _nfc(values, DIRECTIVE_TEXT_FIELDS)
    values["number"] = _clean_number(values.get("number"))
    directive = Directive(**values)
    _check_number_free(directive)
    directive.full_clean()
    directive.save()
    directive.related_directives.set(related_directives)
    logger.info("Directive %s created by %s", directive.number, by)
    return directive


@transaction.atomic
def update_directive(directive: Directive, *, by, related_directives=None, **values) -> Directive:
    """Change a directive's details (an omitted value keeps its current content)."""
    values = _nfc(values, DIRECTIVE_TEXT_FIELDS)
    if "number" in values:
        values["number"] = _clean_number(values["number"])
    for name, value in values.items():
        setattr(directive, name, value)
    _check_number_free(directive)
    directive.full_clean()
    directive.save()
    if related_directives is not None:
        directive.related_directives.set([d for d in related_directives if d.pk != directive.pk])
    # Campaigns are found by their directive's number and title too.
    for campaign in directive.campaigns.all():
        campaign.directive = directive
        campaign.save(update_fields=["search_text"])
    logger.info("Directive %s updated by %s", directive.number, by)
    return directive


def _check_number_free(directive):
    # Numbers differ in case and spacing when typed ("103/ct-btttt"): one directive per number.
    clash = Directive.objects.filter(number__iexact=directive.number).exclude(pk=directive.pk)
    if clash.exists():
        raise ValidationError({"number": _("A directive with this number already exists.")}, code="unique")


def set_directive_status(directive: Directive, *, status, by) -> Directive:
    """Archive a directive or bring it back into force."""
    directive.status = Directive.Status(status)
    directive.full_clean()
    directive.save(update_fields=["status", "updated_at"])
    logger.info("Directive %s set to %s by %s", directive.number, status, by)
    return directive


CAMPAIGN_TEXT_FIELDS = ("name", "description")


@transaction.atomic
def save_campaign(
    *,
    campaign: Campaign | None = None,
    by,
    participants=(),
    fields=(),
    tasks=None,
    themes=None,
    targets=None,
    **values,
) -> Campaign:
    """Create or update a campaign with its participants, fields, tasks, themes and targets.

    `tasks`, `themes` and `targets` are lists of dicts (with "id" for existing rows) giving
    the complete new list; rows left out are removed. None leaves that list unchanged.
    """
    campaign = campaign or Campaign()
    for name, value in _nfc(values, CAMPAIGN_TEXT_FIELDS).items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    campaign.participants.set([] if campaign.all_organizations else participants)
    campaign.fields.set(fields)
    if tasks is not None:
        # Tasks keep the given order, numbered from 1.
        tasks = [{**task, "position": number} for number, task in enumerate(tasks, start=1)]
        _save_children(campaign, CampaignTask, tasks, text_fields=("text",), unique_field="position")
    if themes is not None:
        years = [theme["year"] for theme in themes]
        if len(years) != len(set(years)):
            raise ValidationError(_("Give at most one theme per year."))
        _save_children(campaign, CampaignTheme, themes, text_fields=("text",), unique_field="year")
    if targets is not None:
        targets = [{"position": number, **target} for number, target in enumerate(targets, start=1)]
        _save_children(campaign, Target, targets, text_fields=("text", "metric", "unit"))
    logger.info("Campaign %s saved by %s", campaign.pk, by)
    return campaign


def _remove_missing(campaign, model, rows):
    keep = [row["id"] for row in rows if row.get("id")]
    try:
        model.objects.filter(campaign=campaign).exclude(pk__in=keep).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Some rows are used elsewhere in the portal (e.g. in reports) and cannot be removed.")
        ) from error


def _save_children(campaign, model, rows, *, text_fields, unique_field=None):
    """Make the campaign's `model` rows exactly `rows`: update, create, remove."""
    _remove_missing(campaign, model, rows)
    existing = {obj.pk: obj for obj in model.objects.filter(campaign=campaign)}
    if unique_field:
        # Values are unique per campaign: move the kept rows out of the way first, so that
        # two rows may swap values (no real year or position comes near the offset).
        model.objects.filter(campaign=campaign).update(**{unique_field: F(unique_field) + UNIQUE_OFFSET})
    for row in rows:
        row = _nfc(dict(row), text_fields)
        obj = existing.get(row.pop("id", None)) or model(campaign=campaign)
        for name, value in row.items():
            setattr(obj, name, value)
        obj.full_clean(exclude=["campaign"], validate_unique=False)
        obj.save()


UNIQUE_OFFSET = 20000


def set_campaign_status(campaign: Campaign, *, status, by) -> Campaign:
    """Archive a campaign or make it active again."""
    campaign.status = Campaign.Status(status)
    campaign.full_clean()
    campaign.save(update_fields=["status", "updated_at"])
    logger.info("Campaign %s set to %s by %s", campaign.pk, status, by)
    return campaign


@transaction.atomic
def save_fields(*, rows, by) -> list[Field]:
    """Create and update fields from dicts (with "id" for existing ones); none is deleted."""
    existing = {f.pk: f for f in Field.objects.all()}
    saved = []
    for row in rows:
        row = _nfc(row, ("name",))
        field = existing.get(row.pop("id", None)) or Field()
        for name, value in row.items():
            setattr(field, name, value)
        field.full_clean()
        field.save()
        saved.append(field)
    logger.info("%d fields saved by %s", len(saved), by)
    return saved
