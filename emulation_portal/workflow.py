"""A status table and the lookups on it, shared by the apps whose objects move through statuses.

Each app keeps its own table (reports/workflow.py, awards/workflow.py): which action moves
an object from which status to which, and who may take it. `None` as a source stands for
"no object yet".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    action: str
    source: str | None
    target: str
    actor: str
    needs_comment: bool = False


class TransitionError(Exception):
    """The action is not allowed from this status or for this actor."""


def find_transition(transitions, source, action, actor):
    """The transition `actor` makes with `action` from `source` in `transitions`; TransitionError if none."""
    candidates = [t for t in transitions if t.source == source and t.action == action]
    if not candidates:
        raise TransitionError(f"cannot {action} from status {source}")
    for transition in candidates:
        if transition.actor == actor:
            return transition
    raise TransitionError(f"{actor} may not {action} from status {source}")


def allowed_actions(transitions, source, actor):
    """The actions `actor` may take from `source`, in table order."""
    return [t.action for t in transitions if t.source == source and t.actor == actor]
