"""How far a reported figure is from a measurable target: a pure rule.

A target says "at least", "at most", "exactly" or "between" a value (campaigns.Target).
Progress is the share of the way to the target, capped at 100: value/target for "at
least", target/value for "at most" (a rank: smaller is better), and for a range the
distance to its nearer end. `met` says whether the figure satisfies the target.
"""

from dataclasses import dataclass
from decimal import Decimal

AT_LEAST, AT_MOST, EQUAL, BETWEEN = "at_least", "at_most", "equal", "between"


@dataclass(frozen=True)
class Progress:
    percent: float | None
    met: bool | None


def progress(direction, target, value, target_max=None):
    """Progress of `value` towards the target; None values when there is no figure or no target."""
    if value is None or target is None:
        return Progress(None, None)
    value, target = Decimal(value), Decimal(target)
    if direction == AT_MOST:
        met = value <= target
        percent = 100 if met or value == 0 else float(target / value * 100)
    elif direction == BETWEEN and target_max is not None:
        upper = Decimal(target_max)
        met = target <= value <= upper
        if met:
            percent = 100
        elif value < target:
            percent = float(value / target * 100) if target else 0
        else:
            percent = float(upper / value * 100) if value else 0
    elif direction == EQUAL:
        met = value == target
        percent = 100 if met else (float(min(value, target) / max(value, target) * 100) if max(value, target) else 0)
    else:  # at least, and a measurable target without a stated direction
        met = value >= target
        percent = 100 if met else (float(value / target * 100) if target else 100)
    return Progress(round(max(min(percent, 100), 0), 1), met)
