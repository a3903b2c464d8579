"""Which rule applies, and freezing it onto a vote."""

from fractions import Fraction

from awards import rules
from awards.models import Vote, VotingRule
from tests.awards.factories import AwardTypeFactory


def test_settings_defaults_when_no_row(db):
    cluster = rules.rule_for("cluster", AwardTypeFactory())
    assert cluster.quorum == Fraction(2, 3)
    assert cluster.threshold == Fraction(1, 2)
    assert not cluster.inclusive
    assert cluster.base == "all"
    council = rules.rule_for("council", None)
    assert council.threshold == Fraction(9, 10)
    assert council.inclusive


def test_award_type_row_wins_over_body_default(db):
    flag, other = AwardTypeFactory(), AwardTypeFactory()
    VotingRule.objects.create(body="cluster", award_type=None, threshold_numerator=3, threshold_denominator=5)
    VotingRule.objects.create(
        body="cluster", award_type=flag, threshold_numerator=2, threshold_denominator=3, max_proposals=2, base="present"
    )
    assert rules.rule_for("cluster", flag).threshold == Fraction(2, 3)
    assert rules.rule_for("cluster", flag).max_proposals == 2
    assert rules.rule_for("cluster", other).threshold == Fraction(3, 5)
    assert rules.rule_for("council", flag).threshold == Fraction(9, 10)


def test_frozen_rule_round_trips():
    rule = rules.rule_from_settings("cluster")
    vote = rules.freeze_rule(Vote(body="cluster"), rule)
    assert rules.rule_of_vote(vote) == rule
    assert rules.rule_of_vote(Vote(body="cluster")) is None
