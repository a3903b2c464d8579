"""The cluster ranking from final scores.

Rule: members are ranked by their total final score (the chair's adjusted score where
there is one, else the self score), highest first. Equal totals share a rank and the
next rank is skipped ("1, 2, 2, 4"); the entries of a tie are marked `tied` so the page
can say so, and are listed by name in Vietnamese alphabetical order (emulation_portal/vietnamese.py),
then by key, so the order never depends on the database. Members with no score at all are listed after everyone, unranked.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from emulation_portal.vietnamese import sort_key


@dataclass(frozen=True)
class Entry:
    key: Hashable
    name: str
    total: Decimal | None
    rank: int | None
    tied: bool


def rank(totals: Iterable[tuple[Hashable, str, Decimal | None]]) -> list[Entry]:
    """Rank (key, name, total) triples: by total descending, ties share a rank (see module doc)."""
    rows = list(totals)
    scored = sorted((r for r in rows if r[2] is not None), key=lambda r: (-r[2], sort_key(r[1]), str(r[0])))
    unscored = sorted((r for r in rows if r[2] is None), key=lambda r: (sort_key(r[1]), str(r[0])))
    counts = {}
    for _key, _name, total in scored:
        counts[total] = counts.get(total, 0) + 1
    entries = []
    current_rank = 0
    previous = None
    for position, (key, name, total) in enumerate(scored, start=1):
        if total != previous:
            current_rank = position
            previous = total
        entries.append(Entry(key, name, total, current_rank, counts[total] > 1))
    entries.extend(Entry(key, name, None, None, False) for key, name, _total in unscored)
    return entries
