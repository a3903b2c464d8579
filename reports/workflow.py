"""Who may move a quarterly report from which status to which: a table, and lookups on it.

Statuses are the values of `QuarterlyReport.Status`; `None` stands for "no report yet".
"""

from emulation_portal import workflow as table
from emulation_portal.workflow import Transition, TransitionError  # noqa: F401 - the app's names for callers

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
ACCEPTED = "accepted"
EXCUSED = "excused"

OFFICER = "officer"
STAFF = "staff"

SAVE = "save"
SUBMIT = "submit"
RETURN = "return"
ACCEPT = "accept"
EXCUSE = "excuse"
REVOKE_EXCUSE = "revoke_excuse"


TRANSITIONS = (
    Transition(SAVE, None, DRAFT, OFFICER),
    Transition(SAVE, DRAFT, DRAFT, OFFICER),
    Transition(SAVE, RETURNED, RETURNED, OFFICER),
    Transition(SUBMIT, None, SUBMITTED, OFFICER),
    Transition(SUBMIT, DRAFT, SUBMITTED, OFFICER),
    Transition(SUBMIT, RETURNED, SUBMITTED, OFFICER),
    Transition(RETURN, SUBMITTED, RETURNED, STAFF, needs_comment=True),
    Transition(ACCEPT, SUBMITTED, ACCEPTED, STAFF),
    Transition(EXCUSE, None, EXCUSED, STAFF, needs_comment=True),
    Transition(EXCUSE, DRAFT, EXCUSED, STAFF, needs_comment=True),
    Transition(EXCUSE, RETURNED, EXCUSED, STAFF, needs_comment=True),
    # An excuse given by mistake is taken back: the unit has to report again.
    Transition(REVOKE_EXCUSE, EXCUSED, DRAFT, STAFF),
)

# Statuses in which the unit may still change the content.
EDITABLE = frozenset({DRAFT, RETURNED})
# Statuses that count as "the unit has reported".
REPORTED = frozenset({SUBMITTED, RETURNED, ACCEPTED})


def find_transition(source, action, actor):
    """The transition `actor` makes with `action` from `source`; TransitionError if none."""
    return table.find_transition(TRANSITIONS, source, action, actor)


def allowed_actions(source, actor):
    """The actions `actor` may take from `source`, in table order."""
    return table.allowed_actions(TRANSITIONS, source, actor)
