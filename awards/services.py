"""Every write to nominations, their dossiers, council sessions and award decisions.

Votes, ballots and conferences are written by awards/voting.py; both move nominations
only through `change_status` here, which follows the table in awards/workflow.py.
"""

import logging

from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import Nomination, NominationChange

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
