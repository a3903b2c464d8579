"""Every write to clusters, membership, terms, pledges and assessments."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.services import normalize_text

from .models import Cluster, ClusterMembership, ClusterTerm, Pledge, PledgeCriterion, PledgeSignature, SelfAssessment
from .permissions import assessment_open


def create_cluster(*, number: int, name: str, kind: str, description: str = "") -> Cluster:
    """Create a cluster or block."""
    cluster = Cluster(number=number, name=normalize_text(name), kind=kind, description=normalize_text(description))
    cluster.full_clean()
    cluster.save()
    return cluster


def update_cluster(*, cluster: Cluster, number: int, name: str, kind: str, description: str = "") -> Cluster:
    """Change a cluster's number, name, kind and description."""
    cluster.number, cluster.name, cluster.kind = number, normalize_text(name), kind
    cluster.description = normalize_text(description)
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def set_membership(*, cluster: Cluster, year: int, orders: dict[int, int]) -> list[ClusterMembership]:
    """Make `orders` ({organisation id: rotation order}) the cluster's membership for `year`."""
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


@transaction.atomic
def copy_membership(*, cluster: Cluster, year: int) -> tuple[list[ClusterMembership], list[Organization]]:
    """Copy the cluster's membership of `year - 1` into `year`; return (copied, left out).

    Units that ended before 1 January of `year` (merged) or that already belong to another
    cluster in `year` are left out; the order of the others is kept.
    """
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
) -> ClusterTerm:
    """Record (or replace, while not yet recognised) the chair and vice-chair of `year`."""
    term = ClusterTerm.objects.filter(cluster=cluster, year=year).first() or ClusterTerm(cluster=cluster, year=year)
    if term.is_recognised:
        raise ValidationError(_("This term has been recognised by decision and can no longer be changed."))
    term.chair, term.vice_chair, term.selection = chair, vice_chair, selection
    term.conference_date, term.conference_place = conference_date, normalize_text(conference_place)
    term.note = normalize_text(note)
    term.full_clean()
    term.save()
    return term


def record_decision(*, term: ClusterTerm, number: str, date: datetime.date) -> ClusterTerm:
    """Record the Minister's decision recognising `term`, which makes it final."""
    term.decision_number, term.decision_date = normalize_text(number).strip(), date
    term.full_clean()
    term.save(update_fields=["decision_number", "decision_date"])
    return term


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
    pledge.save()
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
        assessment = SelfAssessment.objects.filter(criterion=criterion, organization=organization).first()
        assessment = assessment or SelfAssessment(criterion=criterion, organization=organization)
        assessment.score, assessment.note, assessment.updated_by = score, normalize_text(note), by
        assessment.updated_at = timezone.now()
        assessment.full_clean()
        assessment.save()
        saved.append(assessment)
    return saved


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
