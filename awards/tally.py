"""The tally of a vote: quorum, base, threshold and cap, in exact fractions, with the reasons.

Pure: no database, no HTTP. `tally(rule, members=…, present=…, items=[…])` returns, per
item, the counts, the number of "yes" it needed, whether it passed, and a sentence that
says how the rule was applied, so that the outcome page and the minutes can show the
rule beside the numbers.

Choices made here (documented because the regulations leave them to the body):
- Base "all" counts every member of the body, including a unit that is recused from its
  own nomination (the recused unit simply cannot add a "yes"). Base "present" counts the
  members present when the vote opened; base "valid" counts the valid ballots on the item
  (yes + no + abstain).
- Cap on proposals: when more items pass than the cap allows, the items with the most
  "yes" are kept. When a tie straddles the cap (the last place could go to several items
  with the same number of "yes"), none of the tied items is proposed; the explanation
  says so and the conference decides on them by a new vote.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor

from django.utils.translation import gettext as _

BASE_ALL = "all"
BASE_PRESENT = "present"
BASE_VALID = "valid"


@dataclass(frozen=True)
class Rule:
    """A voting rule as exact fractions (what a vote freezes when it opens)."""

    quorum: Fraction
    base: str
    threshold: Fraction
    inclusive: bool
    max_proposals: int | None = None
    secret: bool = True
    absent_vote_in_writing: bool = False


@dataclass(frozen=True)
class ItemCount:
    """The counted choices on one item (a nomination on the ballot)."""

    key: object
    yes: int
    no: int
    abstain: int = 0

    @property
    def valid(self):
        return self.yes + self.no + self.abstain


@dataclass
class ItemOutcome:
    key: object
    yes: int
    no: int
    abstain: int
    base_count: int
    required_yes: int | None
    reached: bool
    passed: bool
    share: Fraction | None
    capped: bool = False
    tied_at_cap: bool = False
    explanation: str = ""


@dataclass
class TallyResult:
    members: int
    present: int
    quorum_required: int
    quorum_met: bool
    items: list = field(default_factory=list)
    cap_explanation: str = ""

    def item(self, key):
        return next(outcome for outcome in self.items if outcome.key == key)


def quorum_required(rule, members):
    """The fewest members present that make the quorum (⌈quorum × members⌉)."""
    return ceil(rule.quorum * members)


def quorum_met(rule, *, members, present):
    """Whether `present` of `members` reach the rule's quorum."""
    return Fraction(present) >= rule.quorum * members


def required_yes(rule, base_count):
    """The fewest "yes" that pass against `base_count`: ≥ threshold or > threshold, in exact terms."""
    bound = rule.threshold * base_count
    if rule.inclusive:
        return ceil(bound)
    return floor(bound) + 1


def passes(rule, yes, base_count):
    """Whether `yes` of `base_count` passes the threshold (False when the base is empty)."""
    if base_count <= 0:
        return False
    share = Fraction(yes, base_count)
    return share >= rule.threshold if rule.inclusive else share > rule.threshold


def percent(value):
    """A fraction as a percentage for people (two decimals at most, comma as in Vietnamese)."""
    text = f"{float(value * 100):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def describe_rule(rule):
    """One sentence that states the rule (for pages and the minutes)."""
    bases = {
        BASE_ALL: _("of all members"),
        BASE_PRESENT: _("of the members present"),
        BASE_VALID: _("of the valid ballots"),
    }
    comparison = _("at least") if rule.inclusive else _("more than")
    parts = [
        _("Secret ballot") if rule.secret else _("Open vote"),
        _("quorum %(quorum)s of the members") % {"quorum": _fraction_text(rule.quorum)} if rule.quorum else "",
        _("passes with %(comparison)s %(threshold)s %(base)s")
        % {"comparison": comparison, "threshold": percent(rule.threshold), "base": bases.get(rule.base, rule.base)},
        _("at most %(count)s proposals") % {"count": rule.max_proposals} if rule.max_proposals else "",
        _("absent members vote in writing") if rule.absent_vote_in_writing else "",
    ]
    return "; ".join(part for part in parts if part) + "."


def _fraction_text(value):
    return f"{value.numerator}/{value.denominator}"


def _base_count(rule, *, members, present, count):
    if rule.base == BASE_PRESENT:
        return present
    if rule.base == BASE_VALID:
        return count.valid
    return members


def tally(rule, *, members, present, items):
    """Apply `rule` to the counted `items` of a vote of `members` with `present` there."""
    met = quorum_met(rule, members=members, present=present)
    result = TallyResult(
        members=members, present=present, quorum_required=quorum_required(rule, members), quorum_met=met
    )
    base_names = {
        BASE_ALL: _("all members"),
        BASE_PRESENT: _("members present"),
        BASE_VALID: _("valid ballots"),
    }
    comparison = "≥" if rule.inclusive else ">"
    for count in items:
        base_count = _base_count(rule, members=members, present=present, count=count)
        reached = met and passes(rule, count.yes, base_count)
        needed = required_yes(rule, base_count) if base_count > 0 else None
        share = Fraction(count.yes, base_count) if base_count > 0 else None
        if not met:
            text = _(
                "Not passed: the quorum was not met (%(present)s of %(members)s present, %(required)s needed)."
            ) % {
                "present": present,
                "members": members,
                "required": result.quorum_required,
            }
        elif base_count <= 0:
            text = _("Not passed: there is nothing to count against (no valid ballot).")
        else:
            values = {
                "yes": count.yes,
                "base": base_count,
                "base_name": base_names.get(rule.base, rule.base),
                "share": percent(share),
                "comparison": comparison,
                "threshold": percent(rule.threshold),
                "needed": needed,
            }
            if reached:
                text = (
                    _(
                        "Passed: %(yes)s yes of %(base)s %(base_name)s = %(share)s, %(comparison)s %(threshold)s "
                        "(at least %(needed)s yes needed)."
                    )
                    % values
                )
            else:
                text = (
                    _(
                        "Not passed: %(yes)s yes of %(base)s %(base_name)s = %(share)s, not %(comparison)s %(threshold)s "
                        "(at least %(needed)s yes needed)."
                    )
                    % values
                )
        result.items.append(
            ItemOutcome(
                key=count.key,
                yes=count.yes,
                no=count.no,
                abstain=count.abstain,
                base_count=base_count,
                required_yes=needed,
                reached=reached,
                passed=reached,
                share=share,
                explanation=text,
            )
        )
    _apply_cap(rule, result)
    return result


def _apply_cap(rule, result):
    """Keep at most `rule.max_proposals` passing items, by "yes"; a tie across the cap keeps none of the tied."""
    cap = rule.max_proposals
    reached = sorted((o for o in result.items if o.reached), key=lambda o: -o.yes)
    if cap is None or len(reached) <= cap:
        return
    boundary = reached[cap - 1].yes if cap > 0 else None
    tie = cap > 0 and reached[cap].yes == boundary
    for position, outcome in enumerate(reached):
        if tie and outcome.yes == boundary:
            outcome.passed = False
            outcome.tied_at_cap = True
            outcome.explanation += " " + _(
                "Not proposed: tied with %(yes)s yes across the cap of %(cap)s proposals; none of the tied "
                "items is proposed and the conference decides between them by a new vote."
            ) % {"yes": outcome.yes, "cap": cap}
        elif position >= cap:
            outcome.passed = False
            outcome.capped = True
            outcome.explanation += " " + _(
                "Not proposed: more items passed than the cap of %(cap)s proposals allows, and others had more yes."
            ) % {"cap": cap}
    kept = sum(1 for o in result.items if o.passed)
    if tie:
        result.cap_explanation = _(
            "%(reached)s items passed but at most %(cap)s may be proposed; the items with the most yes are kept "
            "(%(kept)s); a tie with %(yes)s yes straddles the cap, so none of the tied items is proposed."
        ) % {"reached": len(reached), "cap": cap, "kept": kept, "yes": boundary}
    else:
        result.cap_explanation = _(
            "%(reached)s items passed but at most %(cap)s may be proposed; the %(cap)s with the most yes are kept."
        ) % {"reached": len(reached), "cap": cap}
