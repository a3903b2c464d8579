"""May this nominee receive this award for this year's achievement? A pure rule with a reason.

The facts (which cluster the unit chaired, where it ranked, which thematic campaign it
led, the person's grassroots-fighter years) are gathered by awards.selectors; this
module only decides, and says why in words the officer can act on.

- Cờ thi đua của Bộ (`cluster_leader`): a unit that led its cluster in the year: the
  chair of the cluster's term of that year, or first in the cluster's published ranking
  of that year; or a unit that led a thematic campaign of 3 or more years, at its close.
- Chiến sĩ thi đua cấp Bộ (`cstd_bo`): a person who was Chiến sĩ thi đua cơ sở in the
  three consecutive years ending with the achievement year, with a recognised initiative.
- One achievement earns one reward: no other live nomination for the same achievement.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

COLLECTIVE = "collective"
INDIVIDUAL = "individual"
CLUSTER_LEADER = "cluster_leader"
CSTD_BO = "cstd_bo"
THEMATIC_MIN_YEARS = 3
CSTD_YEARS = 3


@dataclass(frozen=True)
class Facts:
    """What is known about the nominee for the year, gathered from the database."""

    year: int
    is_collective: bool
    chaired_clusters: tuple[str, ...] = ()
    first_in_ranking: tuple[str, ...] = ()
    led_thematic_campaigns: tuple[str, ...] = ()
    grassroots_years: tuple[int, ...] = ()
    initiative: str = ""
    other_live_nomination: str = ""


@dataclass(frozen=True)
class Result:
    eligible: bool
    reason: str = ""
    basis: list = field(default_factory=list)

    def __bool__(self):
        return self.eligible


def parse_years(text):
    """The four-digit years written in `text` ("2022, 2023, 2024"), sorted and unique."""
    return tuple(sorted({int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text or "")}))


def check(*, award_name, scope, eligibility, facts):
    """Whether the nominee described by `facts` may receive the award; the reason when not."""
    if scope == COLLECTIVE and not facts.is_collective:
        return Result(
            False,
            _("“%(award)s” is awarded to collectives only: choose a unit as the nominee.") % {"award": award_name},
        )
    if scope == INDIVIDUAL and facts.is_collective:
        return Result(
            False,
            _("“%(award)s” is awarded to individuals only: enter a person as the nominee.") % {"award": award_name},
        )
    if facts.other_live_nomination:
        return Result(
            False,
            _(
                "One achievement earns one reward: this achievement of %(year)s is already proposed for "
                "“%(other)s”. Withdraw that proposal first, or choose another campaign."
            )
            % {"year": facts.year, "other": facts.other_live_nomination},
        )
    if eligibility == CLUSTER_LEADER:
        return _check_cluster_leader(award_name, facts)
    if eligibility == CSTD_BO:
        return _check_cstd_bo(award_name, facts)
    return Result(True)


def _check_cluster_leader(award_name, facts):
    basis = [_("chair of %(cluster)s in %(year)s") % {"cluster": c, "year": facts.year} for c in facts.chaired_clusters]
    basis += [
        _("first in the published ranking of %(cluster)s for %(year)s") % {"cluster": c, "year": facts.year}
        for c in facts.first_in_ranking
    ]
    basis += [_("led the thematic campaign “%(campaign)s”") % {"campaign": c} for c in facts.led_thematic_campaigns]
    if basis:
        return Result(True, basis=basis)
    return Result(
        False,
        _(
            "“%(award)s” is only for a unit that led its cluster in %(year)s (the cluster chair of that year, "
            "or first in the cluster's published ranking), or that led a thematic campaign of %(min)s years or "
            "more closing that year. The portal finds neither for this unit."
        )
        % {"award": award_name, "year": facts.year, "min": THEMATIC_MIN_YEARS},
    )


def _check_cstd_bo(award_name, facts):
    needed = tuple(range(facts.year - CSTD_YEARS + 1, facts.year + 1))
    missing = [y for y in needed if y not in facts.grassroots_years]
    if missing:
        return Result(
            False,
            _(
                "“%(award)s” needs the title of grassroots emulation fighter in %(count)s consecutive years "
                "(%(needed)s); missing: %(missing)s."
            )
            % {
                "award": award_name,
                "count": CSTD_YEARS,
                "needed": ", ".join(map(str, needed)),
                "missing": ", ".join(map(str, missing)),
            },
        )
    if not facts.initiative.strip():
        return Result(
            False,
            _("“%(award)s” also needs a recognised initiative: enter it in the form.") % {"award": award_name},
        )
    return Result(True, basis=[_("grassroots emulation fighter %(years)s") % {"years": ", ".join(map(str, needed))}])
