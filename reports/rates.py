"""Reporting and on-time rates of a period, as pure functions of the matrix cells.

The denominator counts only units that had to report in the period (active then, not
excused), and the numerators count only those same units, so no rate exceeds 100 %.
"""

from dataclasses import dataclass

ON_TIME = "on_time"
LATE = "late"
RETURNED = "returned"
MISSING = "missing"
EXCUSED = "excused"
NOT_APPLICABLE = "not_applicable"

REPORTED_STATES = frozenset({ON_TIME, LATE, RETURNED})


@dataclass(frozen=True)
class Rates:
    expected: int
    reported: int
    on_time: int

    @property
    def reporting_rate(self):
        return round(100 * self.reported / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def compute_rates(cells):
    """Rates over `cells`, each with `.state` and `.on_time` (True/False/None)."""
    expected = [cell for cell in cells if cell.state not in (NOT_APPLICABLE, EXCUSED)]
    reported = [cell for cell in expected if cell.state in REPORTED_STATES]
    return Rates(expected=len(expected), reported=len(reported), on_time=sum(1 for cell in reported if cell.on_time))


def rates_from_counts(*, units, excused, reported, on_time):
    """Rates from counts over the units active in a period (as `compute_rates` gives for their cells).

    `excused`, `reported` and `on_time` count reports of those same active units only, so
    the rates stay within 100 %.
    """
    return Rates(expected=units - excused, reported=reported, on_time=on_time)
