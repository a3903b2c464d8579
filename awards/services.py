"""Every write to nominations, their dossiers, council sessions and award decisions.

Votes, ballots and conferences are written by awards/voting.py; both move nominations
only through `change_status` here, which follows the table in awards/workflow.py.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_view_overview
from emulation_portal.uploads import check_upload

from . import eligibility, selectors, workflow
from .models import AwardDecision, Awardee, CouncilMember, CouncilSession, Nomination, NominationChange, NominationFile

ALLOWED_EXTENSIONS = (".pdf", ".docx")

logger = logging.getLogger(__name__)


def change_status(nomination, *, action, actor, by, comment="", now=None):
    """Move `nomination` by `action` as `actor` (workflow.OFFICER/CHAIR/STAFF/SYSTEM), with its history row.

    Raises workflow.TransitionError when the table does not allow it, and ValueError when a
    comment is required and missing. Locks the row so two clicks cannot both apply.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        transition = workflow.find_transition(locked.status, action, actor)
        # A nomination on a ballot stays as the voters see it until the vote has closed.
        if action in (workflow.WITHDRAW, workflow.RETURN) and locked.vote_items.exclude(vote__status="closed").exists():
            raise ValidationError(
                _("This nomination is on a vote that has not closed yet: it cannot be withdrawn or returned now."),
                code="on_vote",
            )
        comment = (comment or "").strip()
        if transition.needs_comment and not comment:
            raise ValueError("a comment is required")
        source = locked.status
        locked.status = transition.target
        if transition.target == workflow.SUBMITTED:
            locked.submitted_at = now
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        NominationChange.objects.create(
            nomination=locked, from_status=source, to_status=transition.target, by=by, at=now, comment=comment
        )
    nomination.status = locked.status
    nomination.submitted_at = locked.submitted_at
    return nomination


# Nominations -----------------------------------------------------------------------------

NOMINATION_FIELDS = (
    "award_type",
    "year",
    "campaign",
    "nominee_organization",
    "nominee_person",
    "nominee_position",
    "led_cluster",
    "achievements",
    "grassroots_fighter_years",
    "initiative",
)
REQUIRED_FOR_SUBMIT = (NominationFile.Kind.COVER_LETTER, NominationFile.Kind.ACHIEVEMENT_REPORT)


def max_file_bytes():
    return settings.AWARDS_FILE_MAX_MB * 1024 * 1024


def check_eligibility(nomination):
    """Raise ValidationError with the Vietnamese reason unless `nomination` passes awards.eligibility."""
    facts = selectors.eligibility_facts(
        year=nomination.year,
        nominee_organization=nomination.nominee_organization,
        nominee_person=nomination.nominee_person,
        proposing_organization=nomination.proposing_organization,
        campaign=nomination.campaign,
        led_cluster=nomination.led_cluster,
        grassroots_fighter_years=nomination.grassroots_fighter_years,
        initiative=nomination.initiative,
        exclude_pk=nomination.pk,
    )
    award = nomination.award_type
    result = eligibility.check(award_name=award.name, scope=award.scope, eligibility=award.eligibility, facts=facts)
    if not result:
        raise ValidationError(result.reason, code="ineligible")
    return result


def _fill(nomination, fields):
    for name, value in fields.items():
        if name not in NOMINATION_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(nomination, name, value)
    nomination.nominee_person = (nomination.nominee_person or "").strip()
    if nomination.nominee_organization_id:
        nomination.nominee_person = ""
        nomination.nominee_position = ""
        nomination.nominee_name = nomination.nominee_organization.name
    else:
        nomination.nominee_name = nomination.nominee_person
    # The cluster that deliberates: the nominee's (or, for a person, the proposer's) that year.
    nomination.cluster = selectors.cluster_of(
        nomination.nominee_organization or nomination.proposing_organization, nomination.year
    )


def _add_files(nomination, files, by):
    for kind, upload in files:
        check_upload(upload, extensions=ALLOWED_EXTENSIONS, max_bytes=max_file_bytes())
        dossier_file = NominationFile(
            nomination=nomination, kind=kind, original_name=upload.name[:200], size=upload.size, uploaded_by=by
        )
        dossier_file.file.save(upload.name, upload, save=False)
        dossier_file.full_clean()
        dossier_file.save()


def create_nomination(*, by, proposing_organization, files=(), check=True, is_illustrative=False, **fields):
    """File a draft nomination of `proposing_organization`; ValidationError with the reason if ineligible."""
    nomination = Nomination(
        proposing_organization=proposing_organization, created_by=by, is_illustrative=is_illustrative
    )
    _fill(nomination, fields)
    if check:
        # The rule's reason is clearer than the database constraint's message.
        check_eligibility(nomination)
    # Seeded history has no author; every user-made nomination has one.
    nomination.full_clean(exclude=["created_by"] if by is None else None)
    with transaction.atomic():
        nomination.save()
        NominationChange.objects.create(nomination=nomination, from_status="", to_status=workflow.DRAFT, by=by)
        _add_files(nomination, files, by)
    return nomination


def update_nomination(nomination, *, by, files=(), **fields):
    """Change a draft or returned nomination's content and add dossier files."""
    workflow.find_transition(nomination.status, workflow.SAVE, workflow.OFFICER)
    _fill(nomination, fields)
    check_eligibility(nomination)
    nomination.full_clean(exclude=["created_by"])
    with transaction.atomic():
        nomination.save()
        _add_files(nomination, files, by)
    return nomination


def remove_nomination_file(dossier_file, *, by):
    """Remove a dossier file while its nomination can still be changed."""
    workflow.find_transition(dossier_file.nomination.status, workflow.SAVE, workflow.OFFICER)
    dossier_file.file.delete(save=False)
    dossier_file.delete()


def submit_nomination(nomination, *, by):
    """Submit the nomination for deliberation; it needs a cover letter and an achievement report."""
    kinds = set(nomination.files.values_list("kind", flat=True))
    missing = [NominationFile.Kind(k).label for k in REQUIRED_FOR_SUBMIT if k not in kinds]
    if missing:
        raise ValidationError(
            _("Attach the dossier before submitting: %(missing)s.") % {"missing": ", ".join(map(str, missing))},
            code="dossier",
        )
    check_eligibility(nomination)
    return change_status(nomination, action=workflow.SUBMIT, actor=workflow.OFFICER, by=by)


def withdraw_nomination(nomination, *, by, comment=""):
    """Withdraw the unit's own nomination (frees the achievement for another proposal)."""
    return change_status(nomination, action=workflow.WITHDRAW, actor=workflow.OFFICER, by=by, comment=comment)


def return_nomination(nomination, *, by, actor, comment):
    """Return a nomination to its unit for revision, with the mandatory reason."""
    if not (comment or "").strip():
        raise ValidationError(_("Give the reason for returning the nomination."), code="reason")
    return change_status(nomination, action=workflow.RETURN, actor=actor, by=by, comment=comment)


def propose_nomination(nomination, *, by, actor, comment=""):
    """Send a nomination (passed by its cluster, or needing no cluster vote) to the ministry."""
    if nomination.status == workflow.SUBMITTED and nomination.award_type.needs_cluster_vote:
        raise ValidationError(_("This award must first pass the cluster's vote."), code="needs_vote")
    return change_status(nomination, action=workflow.PROPOSE, actor=actor, by=by, comment=comment)


# Council ---------------------------------------------------------------------------------


def create_council_session(*, by, year, held_on, title, place="", members=(), is_illustrative=False):
    """Create a council session with its members (users of the ministry: staff or leadership)."""
    session = CouncilSession(
        year=year, held_on=held_on, title=title, place=place, created_by=by, is_illustrative=is_illustrative
    )
    session.full_clean(exclude=["created_by"] if by is None else None)
    with transaction.atomic():
        session.save()
        set_council_members(session, by=by, members=members)
    return session


def set_council_members(session, *, by, members):
    """Make `members` ([(user, council_role)] or users) the session's council; keeps those already in."""
    if session.votes.exclude(status="draft").exists():
        raise ValidationError(_("The council's members cannot change once a council vote has opened."))
    wanted = {}
    for member in members:
        user, role = member if isinstance(member, tuple) else (member, "")
        if not can_view_overview(user):
            raise ValidationError(
                _("%(user)s is not ministry staff or leadership.") % {"user": user.get_full_name() or user}
            )
        wanted[user.pk] = role
    with transaction.atomic():
        session.members.exclude(user_id__in=wanted).delete()
        existing = set(session.members.values_list("user_id", flat=True))
        for user_id, role in wanted.items():
            if user_id not in existing:
                CouncilMember.objects.create(session=session, user_id=user_id, council_role=role)
    return session


def assemble_council_list(session, *, by, nominations):
    """Put proposed nominations of the session's year before the council."""
    nominations = list(nominations)
    for nomination in nominations:
        if nomination.year != session.year:
            raise ValidationError(
                _("Only nominations for %(year)s can go before this council.") % {"year": session.year}
            )
    with transaction.atomic():
        for nomination in nominations:
            change_status(nomination, action=workflow.TO_COUNCIL, actor=workflow.STAFF, by=by, comment=session.title)
    return nominations


# Decisions -------------------------------------------------------------------------------


def record_decision(
    *,
    by,
    number,
    symbol,
    signed_on,
    signer,
    title,
    year,
    awarded,
    signer_title="",
    council_session=None,
    rejected=(),
    reject_reason="",
    is_illustrative=False,
):
    """Record the Minister's decision: its awardees are approved, `rejected` nominations rejected with the reason."""
    awarded, rejected = list(awarded), list(rejected)
    if not awarded:
        raise ValidationError(_("Choose at least one awardee."), code="empty")
    if rejected and not (reject_reason or "").strip():
        raise ValidationError(_("Give the reason for the nominations that are not awarded."), code="reason")
    if {n.pk for n in awarded} & {n.pk for n in rejected}:
        raise ValidationError(_("A nomination cannot be both awarded and not awarded."))
    decision = AwardDecision(
        number=(number or "").strip(),
        symbol=(symbol or "").strip(),
        signed_on=signed_on,
        signer=signer,
        signer_title=signer_title,
        title=title,
        year=year,
        council_session=council_session,
        created_by=by,
        is_illustrative=is_illustrative,
    )
    decision.full_clean(exclude=["created_by"] if by is None else None)
    with transaction.atomic():
        decision.save()
        for position, nomination in enumerate(awarded, start=1):
            change_status(nomination, action=workflow.APPROVE, actor=workflow.SYSTEM, by=by, comment=decision.reference)
            awardee = Awardee(
                decision=decision,
                nomination=nomination,
                award_type=nomination.award_type,
                organization=nomination.nominee_organization,
                person=nomination.nominee_person,
                name=nomination.nominee_name,
                citation=nomination.nominee_position,
                position=position,
            )
            awardee.full_clean()
            awardee.save()
        for nomination in rejected:
            actor = workflow.SYSTEM if nomination.status == workflow.COUNCIL else workflow.STAFF
            change_status(
                nomination,
                action=workflow.REJECT,
                actor=actor,
                by=by,
                comment=f"{decision.reference}: {reject_reason.strip()}",
            )
    logger.info("award decision %s recorded with %s awardees", decision.reference, len(awarded))
    return decision
