"""Which voting rule applies: the (body, award type) row, else the body's default row, else settings.

A vote copies the rule onto itself when it opens (`freeze_rule`) and reads it back with
`rule_of_vote`; it never looks at VotingRule or the settings again.
"""

from fractions import Fraction

from django.conf import settings
from django.db.models import Q

from .models import VotingRule
from .tally import Rule


def rule_from_row(row):
    """A tally Rule from a VotingRule row."""
    return Rule(
        quorum=Fraction(row.quorum_numerator, row.quorum_denominator),
        base=row.base,
        threshold=Fraction(row.threshold_numerator, row.threshold_denominator),
        inclusive=row.threshold_inclusive,
        max_proposals=row.max_proposals,
        secret=row.secret,
        absent_vote_in_writing=row.absent_vote_in_writing,
    )


def rule_from_settings(body):
    """The default Rule of `body` from settings.AWARDS_VOTING_DEFAULTS."""
    defaults = settings.AWARDS_VOTING_DEFAULTS[body]
    return Rule(
        quorum=Fraction(*defaults["quorum"]),
        base=defaults["base"],
        threshold=Fraction(*defaults["threshold"]),
        inclusive=defaults["inclusive"],
        max_proposals=defaults.get("max_proposals"),
        secret=defaults.get("secret", True),
        absent_vote_in_writing=defaults.get("absent_vote_in_writing", False),
    )


def rule_for(body, award_type=None):
    """The rule `body` applies to `award_type`: its own row, the body's default row, or the settings."""
    wanted = Q(award_type=None) if award_type is None else Q(award_type=None) | Q(award_type=award_type)
    rows = {row.award_type_id: row for row in VotingRule.objects.filter(wanted, body=body)}
    if award_type is not None and award_type.pk in rows:
        return rule_from_row(rows[award_type.pk])
    if None in rows:
        return rule_from_row(rows[None])
    return rule_from_settings(body)


def freeze_rule(vote, rule):
    """Copy `rule` onto `vote` (not saved)."""
    vote.rule_secret = rule.secret
    vote.rule_quorum_numerator = rule.quorum.numerator
    vote.rule_quorum_denominator = rule.quorum.denominator
    vote.rule_base = rule.base
    vote.rule_threshold_numerator = rule.threshold.numerator
    vote.rule_threshold_denominator = rule.threshold.denominator
    vote.rule_threshold_inclusive = rule.inclusive
    vote.rule_max_proposals = rule.max_proposals
    return vote


def rule_of_vote(vote):
    """The rule frozen on `vote` (None while it is being prepared)."""
    if not vote.rule_quorum_denominator or not vote.rule_threshold_denominator:
        return None
    return Rule(
        quorum=Fraction(vote.rule_quorum_numerator, vote.rule_quorum_denominator),
        base=vote.rule_base,
        threshold=Fraction(vote.rule_threshold_numerator, vote.rule_threshold_denominator),
        inclusive=vote.rule_threshold_inclusive,
        max_proposals=vote.rule_max_proposals,
        secret=vote.rule_secret,
        # Not a frozen field: the council always lets absent members vote in writing, a cluster never.
        absent_vote_in_writing=vote.body == VotingRule.Body.COUNCIL,
    )
