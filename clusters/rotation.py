"""The rotation rule: who is proposed as next year's chair and vice-chair.

DESIGN.md ("Rotation"): the vice-chair of year N becomes chair in year N+1, and the next
member in the cluster's rotation order becomes vice-chair; the conference may decide
otherwise. This module turns that sentence into a rule that always gives an answer:

1. Chair. The year-N vice-chair, when it is still a member in year N+1.
   Otherwise (it left, merged, or was not recorded) the *next eligible member*: walk the
   rotation order onwards from the leaver's place (its place in the year-N order when
   that order is given, else the year-N chair's place in the year-N+1 order) and take
   the first year-N+1 member that was not chair in year N. So last year's chair is never
   proposed again: with two or more members there is always another candidate.
2. Vice-chair. The member that follows the new chair in the year-N+1 rotation order,
   wrapping around at the end, never the chair itself. In a cluster of two this means
   the two units swap places every year.
3. No previous term: the first member in the order is chair and the second vice-chair.
4. Fewer than two members: no proposal (a term needs two different units).

Members are plain hashable keys (organisation ids in practice), listed in rotation order.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


class RotationError(ValueError):
    """The members given cannot form a term."""


@dataclass(frozen=True)
class Term:
    chair: Hashable
    vice_chair: Hashable | None = None


@dataclass(frozen=True)
class Proposal:
    chair: Hashable
    vice_chair: Hashable
    # Codes that explain a departure from the plain rule, for the page to show.
    notes: tuple[str, ...] = field(default_factory=tuple)


VICE_CHAIR_LEFT = "vice_chair_left"
VICE_CHAIR_UNKNOWN = "vice_chair_unknown"
NO_PREVIOUS_TERM = "no_previous_term"


def _cycle_from(members, start):
    """`members` in order, starting at index `start` and wrapping around."""
    return [members[(start + i) % len(members)] for i in range(len(members))]


def _start_after_leaver(leaver, previous_term, members, previous_members):
    """Index in `members` at which to look for the successor of a leaver."""
    if previous_members and leaver in previous_members:
        # The first year-N member after the leaver that is still a member.
        index = list(previous_members).index(leaver)
        for candidate in _cycle_from(list(previous_members), index + 1):
            if candidate in members:
                return members.index(candidate)
    if previous_term.chair in members:
        return (members.index(previous_term.chair) + 1) % len(members)
    return 0


def propose_next_term(
    previous_term: Term | None,
    members: Sequence[Hashable],
    previous_members: Sequence[Hashable] | None = None,
) -> Proposal:
    """Propose the chair and vice-chair of year N+1 from the year-N term and members (see module doc)."""
    members = list(dict.fromkeys(members))
    if len(members) < 2:
        raise RotationError("A term needs at least two member units.")
    notes = []
    if previous_term is None:
        chair = members[0]
        notes.append(NO_PREVIOUS_TERM)
    elif previous_term.vice_chair is not None and previous_term.vice_chair in members:
        chair = previous_term.vice_chair
    else:
        notes.append(VICE_CHAIR_UNKNOWN if previous_term.vice_chair is None else VICE_CHAIR_LEFT)
        leaver = previous_term.vice_chair
        start = _start_after_leaver(leaver, previous_term, members, previous_members)
        candidates = [m for m in _cycle_from(members, start) if m != previous_term.chair]
        chair = candidates[0]  # never empty: at least two distinct members
    index = members.index(chair)
    vice_chair = members[(index + 1) % len(members)]
    return Proposal(chair=chair, vice_chair=vice_chair, notes=tuple(notes))
