"""Who may move a quarterly report from which status to which: a table, and lookups on it.

Statuses are the values of `QuarterlyReport.Status`; `None` stands for "no report yet".
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Transition:
    action: str
    source: str | None
    target: str
    actor: str
    needs_comment: bool = False


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


class TransitionError(Exception):
    """The action is not allowed from this status or for this actor."""


def find_transition(source, action, actor):
    """The transition `actor` makes with `action` from `source`; TransitionError if none."""
    for transition in TRANSITIONS:
        if transition.source == source and transition.action == action:
            if transition.actor != actor:
                raise TransitionError(f"{actor} may not {action} a report in status {source}")
            return transition
    raise TransitionError(f"cannot {action} a report in status {source}")


def allowed_actions(source, actor):
    """The actions `actor` may take from `source`, in table order."""
    return [t.action for t in TRANSITIONS if t.source == source and t.actor == actor]
