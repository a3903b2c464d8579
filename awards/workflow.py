"""Who may move a nomination from which status to which: a table, and lookups on it.

A nomination goes from the proposing unit (draft, submitted), through its cluster's
conference (the vote passes or fails), to the ministry (proposed), the council, and the
Minister's decision (approved or rejected). `None` stands for "no nomination yet".
Award types that need no cluster deliberation go straight from submitted to proposed.
"""

from emulation_portal import workflow as table
from emulation_portal.workflow import Transition, TransitionError  # noqa: F401 - the app's names for callers

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
CLUSTER_PASSED = "cluster_passed"
CLUSTER_FAILED = "cluster_failed"
PROPOSED = "proposed"
COUNCIL = "council"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# Who acts.
OFFICER = "officer"  # an officer of the proposing unit
CHAIR = "chair"  # an officer of the cluster chair's unit
STAFF = "staff"  # ministry emulation staff
SYSTEM = "system"  # a vote's outcome or a decision recorded by a service

SAVE = "save"
SUBMIT = "submit"
WITHDRAW = "withdraw"
RETURN = "return"
PASS_VOTE = "pass_vote"  # noqa: S105 - an action name, not a password
FAIL_VOTE = "fail_vote"
PROPOSE = "propose"
TO_COUNCIL = "to_council"
APPROVE = "approve"
REJECT = "reject"


TRANSITIONS = (
    Transition(SAVE, None, DRAFT, OFFICER),
    Transition(SAVE, DRAFT, DRAFT, OFFICER),
    Transition(SAVE, RETURNED, RETURNED, OFFICER),
    Transition(SUBMIT, DRAFT, SUBMITTED, OFFICER),
    Transition(SUBMIT, RETURNED, SUBMITTED, OFFICER),
    Transition(WITHDRAW, DRAFT, WITHDRAWN, OFFICER),
    Transition(WITHDRAW, SUBMITTED, WITHDRAWN, OFFICER),
    Transition(WITHDRAW, RETURNED, WITHDRAWN, OFFICER),
    Transition(RETURN, SUBMITTED, RETURNED, CHAIR, needs_comment=True),
    Transition(RETURN, SUBMITTED, RETURNED, STAFF, needs_comment=True),
    Transition(RETURN, PROPOSED, RETURNED, STAFF, needs_comment=True),
    Transition(PASS_VOTE, SUBMITTED, CLUSTER_PASSED, SYSTEM),
    Transition(FAIL_VOTE, SUBMITTED, CLUSTER_FAILED, SYSTEM),
    # The chair's unit sends what its conference passed; staff may record a proposal that
    # needs no cluster deliberation (e.g. an individual's title) straight from submitted.
    Transition(PROPOSE, CLUSTER_PASSED, PROPOSED, CHAIR),
    Transition(PROPOSE, CLUSTER_PASSED, PROPOSED, STAFF),
    Transition(PROPOSE, SUBMITTED, PROPOSED, STAFF),
    Transition(TO_COUNCIL, PROPOSED, COUNCIL, STAFF),
    Transition(APPROVE, COUNCIL, APPROVED, SYSTEM),
    Transition(APPROVE, PROPOSED, APPROVED, SYSTEM),
    Transition(REJECT, COUNCIL, REJECTED, SYSTEM, needs_comment=True),
    Transition(REJECT, PROPOSED, REJECTED, STAFF, needs_comment=True),
)

# Statuses in which the proposing unit may still change the content and the dossier.
EDITABLE = frozenset({DRAFT, RETURNED})
# Statuses that end the pipeline.
FINAL = frozenset({CLUSTER_FAILED, APPROVED, REJECTED, WITHDRAWN})
# Statuses that still claim the achievement: one achievement earns one reward.
ACTIVE = frozenset({DRAFT, SUBMITTED, RETURNED, CLUSTER_PASSED, PROPOSED, COUNCIL, APPROVED})


def find_transition(source, action, actor):
    """The transition `actor` makes with `action` from `source`; TransitionError if none."""
    return table.find_transition(TRANSITIONS, source, action, actor)


def allowed_actions(source, actor):
    """The actions `actor` may take from `source`, in table order."""
    return table.allowed_actions(TRANSITIONS, source, actor)
