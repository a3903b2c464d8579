"""Every write to clusters, membership, terms, pledges and assessments."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.services import normalize_text

from .models import (
    Cluster,
    ClusterMembership,
    ClusterTerm,
    Pledge,
    PledgeCriterion,
    PledgeSignature,
    SelfAssessment,
    TermCorrection,
)
from .permissions import assessment_open


def _saved_new(obj) -> bool:
    """Insert `obj` in a savepoint; False when a unique constraint says another session inserted it first.

    `full_clean()` before it catches the ordinary duplicate; this catches the one that
    arrives between that check and the insert, without breaking the outer transaction.
    """
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        return False
    return True


def _save_cluster(cluster):
    cluster.full_clean()
    if not _saved_new(cluster):
        raise ValidationError({"number": _("A cluster or block with this kind and number already exists.")})
    return cluster


def create_cluster(*, number: int, name: str, kind: str, description: str = "") -> Cluster:
    """Create a cluster or block (a duplicate created at the same moment is refused, not a 500)."""
    cluster = Cluster(number=number, name=normalize_text(name), kind=kind, description=normalize_text(description))
    return _save_cluster(cluster)


def update_cluster(*, cluster: Cluster, number: int, name: str, kind: str, description: str = "") -> Cluster:
    """Change a cluster's number, name, kind and description."""
    cluster.number, cluster.name, cluster.kind = number, normalize_text(name), kind
    cluster.description = normalize_text(description)
    return _save_cluster(cluster)


def _lock_cluster(cluster):
    """Serialise membership writes of one cluster (two staff copying or saving the same year at once)."""
    return Cluster.objects.select_for_update().get(pk=cluster.pk)


def _membership_changed_meanwhile():
    return ValidationError(
        _("The membership was changed by someone else at the same moment. Reload the page and try again.")
    )


def set_membership(*, cluster: Cluster, year: int, orders: dict[int, int]) -> list[ClusterMembership]:
    """Make `orders` ({organisation id: rotation order}) the cluster's membership for `year`."""
    try:
        with transaction.atomic():
            return _set_membership(cluster, year, orders)
    except IntegrityError as error:  # e.g. another cluster took a unit for the same year meanwhile
        raise _membership_changed_meanwhile() from error


def _set_membership(cluster, year, orders):
    _lock_cluster(cluster)
    if len(set(orders.values())) != len(orders):
        raise ValidationError(_("Each member needs a different rotation order."))
    term = ClusterTerm.objects.filter(cluster=cluster, year=year).first()
    if term:
        for org_id in (term.chair_id, term.vice_chair_id):
            if org_id and org_id not in orders:
                raise ValidationError(
                    _("%(unit)s holds the chair or vice-chair in %(year)s and cannot be removed.")
                    % {"unit": Organization.objects.get(pk=org_id).display_name, "year": year}
                )
    existing = ClusterMembership.objects.select_for_update().filter(cluster=cluster, year=year)
    existing.exclude(organization_id__in=orders).delete()
    # Free the orders first so that swapping two members' places passes the unique constraint.
    current = {m.organization_id: m for m in existing}
    offset = 1000 + max([*orders.values(), 0])
    for i, membership in enumerate(current.values()):
        membership.rotation_order = offset + i
        membership.save(update_fields=["rotation_order"])
    result = []
    for org_id, order in sorted(orders.items(), key=lambda item: item[1]):
        membership = current.get(org_id) or ClusterMembership(cluster=cluster, year=year, organization_id=org_id)
        membership.rotation_order = order
        membership.full_clean()
        membership.save()
        result.append(membership)
    return result


def copy_membership(*, cluster: Cluster, year: int) -> tuple[list[ClusterMembership], list[Organization]]:
    """Copy the cluster's membership of `year - 1` into `year`; return (copied, left out).

    Units that ended before 1 January of `year` (merged) or that already belong to another
    cluster in `year` are left out; the order of the others is kept. Two copies at once:
    the cluster's row lock makes the second find the members and refuse.
    """
    try:
        with transaction.atomic():
            return _copy_membership(cluster, year)
    except IntegrityError as error:
        raise _membership_changed_meanwhile() from error


def _copy_membership(cluster, year):
    _lock_cluster(cluster)
    if ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError(_("The cluster already has members in %(year)s.") % {"year": year})
    previous = ClusterMembership.objects.filter(cluster=cluster, year=year - 1).select_related("organization")
    if not previous:
        raise ValidationError(_("The cluster has no members in %(year)s to copy.") % {"year": year - 1})
    taken = set(ClusterMembership.objects.filter(year=year).values_list("organization_id", flat=True))
    first_day = datetime.date(year, 1, 1)
    copied, left_out = [], []
    for membership in previous.order_by("rotation_order"):
        org = membership.organization
        if org.pk in taken or (org.valid_until and org.valid_until < first_day):
            left_out.append(org)
            continue
        new = ClusterMembership(cluster=cluster, organization=org, year=year, rotation_order=len(copied) + 1)
        new.full_clean()
        new.save()
        copied.append(new)
    return copied, left_out


@transaction.atomic
def record_term(
    *,
    cluster: Cluster,
    year: int,
    chair: Organization,
    vice_chair: Organization | None,
    selection: str,
    conference_date: datetime.date | None = None,
    conference_place: str = "",
    note: str = "",
    replace: bool = True,
) -> ClusterTerm:
    """Record the chair and vice-chair of `year`; replace a recorded one only if `replace` and not yet final.

    The chair's unit proposing the next term passes `replace=False`: it may fill an empty
    year, never overwrite what is recorded. A final term changes only by `correct_term`.
    """
    term = ClusterTerm.objects.select_for_update().filter(cluster=cluster, year=year).first()
    if term is not None:
        if term.is_recognised:
            raise ValidationError(_("This term has been recognised by decision and can no longer be changed."))
        if not replace:
            raise ValidationError(
                _("The term for %(year)s has already been recorded; only ministry staff may change it.")
                % {"year": year}
            )
    created = term is None
    term = term or ClusterTerm(cluster=cluster, year=year)
    term.chair, term.vice_chair, term.selection = chair, vice_chair, selection
    term.conference_date, term.conference_place = conference_date, normalize_text(conference_place)
    term.note = normalize_text(note)
    term.full_clean()
    if not created:
        term.save()
    elif not _saved_new(term):
        raise ValidationError(
            _("The term for %(year)s was recorded by someone else at the same moment. Reload the page to see it.")
            % {"year": year}
        )
    return term


@transaction.atomic
def record_decision(*, term: ClusterTerm, number: str, date: datetime.date) -> ClusterTerm:
    """Record the Minister's decision recognising `term`, which makes it final (once: later only by correction)."""
    term = ClusterTerm.objects.select_for_update().get(pk=term.pk)
    if term.is_recognised:
        raise ValidationError(
            _("The recognising decision has already been recorded; change a final term through a correction.")
        )
    term.decision_number, term.decision_date = normalize_text(number).strip(), date
    term.full_clean()
    term.save(update_fields=["decision_number", "decision_date"])
    return term


CORRECTABLE = (
    "chair",
    "vice_chair",
    "selection",
    "conference_date",
    "conference_place",
    "decision_number",
    "decision_date",
    "note",
)


def _shown(term, name):
    value = getattr(term, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, Organization):
        return value.display_name
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if name == "selection":
        return str(term.get_selection_display())
    return str(value)


@transaction.atomic
def correct_term(*, term: ClusterTerm, by, reason: str, **values) -> TermCorrection:
    """Change a final term, keeping who changed what, when and why; `values` are CORRECTABLE fields."""
    reason = normalize_text(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    term = ClusterTerm.objects.select_for_update().get(pk=term.pk)
    if not term.is_recognised:
        raise ValidationError(_("This term is not final yet: change it through the term form."))
    before = {name: _shown(term, name) for name in CORRECTABLE}
    for name, value in values.items():
        setattr(term, name, normalize_text(value).strip() if isinstance(value, str) else value)
    term.full_clean()
    changes = {
        name: {"label": str(ClusterTerm._meta.get_field(name).verbose_name), "from": before[name], "to": after}
        for name in CORRECTABLE
        if (after := _shown(term, name)) != before[name]
    }
    if not changes:
        raise ValidationError(_("Nothing has been changed."))
    term.save()
    correction = TermCorrection(term=term, by=by, at=timezone.now(), reason=reason, changes=changes)
    correction.full_clean()
    correction.save()
    return correction


@transaction.atomic
def draft_pledge(
    *,
    cluster: Cluster,
    year: int,
    criteria: list[tuple[str, Decimal | None]],
    by,
    signing_date: datetime.date | None = None,
    signing_place: str = "",
    note: str = "",
) -> Pledge:
    """Create the cluster's pledge for `year` with its ordered criteria."""
    if not criteria:
        raise ValidationError(_("A pledge needs at least one criterion."))
    pledge = Pledge(
        cluster=cluster,
        year=year,
        signing_date=signing_date,
        signing_place=normalize_text(signing_place),
        note=normalize_text(note),
        created_by=by,
    )
    pledge.full_clean()
    if not _saved_new(pledge):
        raise ValidationError(_("The pledge for %(year)s has already been drafted.") % {"year": year})
    _save_criteria(pledge, criteria)
    return pledge


def _save_criteria(pledge, criteria):
    for position, (text, max_score) in enumerate(criteria, start=1):
        criterion = PledgeCriterion(pledge=pledge, position=position, text=normalize_text(text), max_score=max_score)
        criterion.full_clean()
        criterion.save()


@transaction.atomic
def update_pledge(
    *,
    pledge: Pledge,
    criteria: list[tuple[str, Decimal | None]],
    signing_date: datetime.date | None,
    signing_place: str,
    assessment_due_on: datetime.date | None,
    note: str = "",
) -> Pledge:
    """Change a pledge; its criteria only while nobody has signed it."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    pledge.signing_date, pledge.signing_place = signing_date, normalize_text(signing_place)
    pledge.assessment_due_on, pledge.note = assessment_due_on, normalize_text(note)
    pledge.full_clean()
    pledge.save()
    current = [(c.text, c.max_score) for c in pledge.criteria.all()]
    wanted = [(normalize_text(text), max_score) for text, max_score in criteria]
    if current != wanted:
        if pledge.signatures.exists():
            raise ValidationError(_("The criteria cannot be changed once a member has signed the pledge."))
        # Replacing the criteria would delete the scores entered against them.
        if SelfAssessment.objects.filter(criterion__pledge=pledge).exists():
            raise ValidationError(_("The criteria cannot be changed once a member has entered scores."))
        if not wanted:
            raise ValidationError(_("A pledge needs at least one criterion."))
        pledge.criteria.all().delete()
        _save_criteria(pledge, wanted)
    return pledge


def sign_pledge(*, pledge: Pledge, organization: Organization, by) -> PledgeSignature:
    """Record that `organization` signed `pledge`, clicked by `by`, now."""
    if not ClusterMembership.objects.filter(cluster_id=pledge.cluster_id, year=pledge.year, organization=organization):
        raise ValidationError(_("Only member units of the cluster in %(year)s may sign.") % {"year": pledge.year})
    signature = PledgeSignature(pledge=pledge, organization=organization, signed_by=by, signed_at=timezone.now())
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise ValidationError(_("Your unit has already signed this pledge.")) from error
    return signature


@transaction.atomic
def save_self_assessment(
    *, pledge: Pledge, organization: Organization, scores: dict[int, tuple[Decimal, str]], by, today=None
) -> list[SelfAssessment]:
    """Save `organization`'s own scores ({criterion id: (score, note)}) on `pledge`."""
    if not assessment_open(pledge, today):
        raise ValidationError(_("Self-assessment is closed for this pledge."))
    criteria = {c.pk: c for c in pledge.criteria.all()}
    saved = []
    for criterion_id, (score, note) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        _check_max(criterion, score)
        saved.append(_save_own_score(criterion, organization, score=score, note=note, by=by))
    return saved


def _save_own_score(criterion, organization, *, score, note, by):
    """Insert or update one own score; two first saves at once end as one row (the later values)."""
    lookup = {"criterion": criterion, "organization": organization}
    assessment = SelfAssessment.objects.select_for_update().filter(**lookup).first()
    new = assessment is None
    if new:
        assessment = SelfAssessment(**lookup)
    assessment.score, assessment.note, assessment.updated_by = score, normalize_text(note), by
    assessment.updated_at = timezone.now()
    if new:
        assessment.full_clean()
        if _saved_new(assessment):
            return assessment
        # Another session inserted it first: update that row instead.
        assessment.pk = SelfAssessment.objects.select_for_update().get(**lookup).pk
        assessment._state.adding = False
    assessment.full_clean()
    assessment.save()
    return assessment


def _check_max(criterion, score):
    if criterion.max_score is not None and score > criterion.max_score:
        raise ValidationError(
            _("The score of criterion %(position)s cannot exceed %(max)s.")
            % {"position": criterion.position, "max": criterion.max_score}
        )


def adjust_score(*, assessment: SelfAssessment, adjusted_score: Decimal | None, reason: str, by) -> SelfAssessment:
    """Set (or clear, with None) the chair's adjustment of one self-assessed score."""
    if adjusted_score is not None:
        if not reason.strip():
            raise ValidationError({"adjustment_reason": _("Give the reason for the adjustment.")})
        _check_max(assessment.criterion, adjusted_score)
    assessment.adjusted_score = adjusted_score
    assessment.adjustment_reason = normalize_text(reason).strip() if adjusted_score is not None else ""
    assessment.adjusted_by = by if adjusted_score is not None else None
    assessment.adjusted_at = timezone.now() if adjusted_score is not None else None
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def review_scores(*, pledge: Pledge, assessments: dict, adjustments: dict, by) -> int:
    """Apply the reviewer's adjustments ({criterion_id: (score, reason)}) to one unit's scores, all or none.

    Returns how many scores changed. Refused once the ranking is published.
    """
    if pledge.ranking_published_at:
        raise ValidationError(_("The ranking is published; scores can no longer be adjusted."))
    changed = 0
    for criterion_id, (score, reason) in adjustments.items():
        assessment = assessments[criterion_id]
        if (score, reason.strip()) != (assessment.adjusted_score, assessment.adjustment_reason):
            adjust_score(assessment=assessment, adjusted_score=score, reason=reason, by=by)
            changed += 1
    return changed


def publish_ranking(*, pledge: Pledge) -> Pledge:
    """Publish the pledge's ranking to the cluster's members, staff and leadership."""
    if pledge.ranking_published_at:
        raise ValidationError(_("The ranking is already published."))
    pledge.ranking_published_at = timezone.now()
    pledge.save(update_fields=["ranking_published_at"])
    return pledge
