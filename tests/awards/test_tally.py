"""The tally at the threshold boundaries, in exact fractions."""

from fractions import Fraction

import pytest

from awards.tally import ItemCount, Rule, describe_rule, passes, quorum_met, required_yes, tally

CLUSTER = Rule(quorum=Fraction(2, 3), base="all", threshold=Fraction(1, 2), inclusive=False)
COUNCIL = Rule(quorum=Fraction(0), base="all", threshold=Fraction(9, 10), inclusive=True, absent_vote_in_writing=True)


@pytest.mark.parametrize(("yes", "passed"), [(6, True), (5, False), (10, True), (0, False)])
def test_cluster_more_than_half_of_all_ten_members(yes, passed):
    result = tally(CLUSTER, members=10, present=10, items=[ItemCount("a", yes=yes, no=10 - yes)])
    assert result.item("a").passed is passed
    assert result.item("a").required_yes == 6


def test_base_all_counts_absent_members():
    # Three members away: 6 yes of 7 present is still more than half of all ten.
    assert tally(CLUSTER, members=10, present=7, items=[ItemCount("a", 6, 1)]).item("a").passed
    # 5 yes of 7 present is more than half of those present but not of all ten.
    assert not tally(CLUSTER, members=10, present=7, items=[ItemCount("a", 5, 2)]).item("a").passed


@pytest.mark.parametrize(("present", "met"), [(7, True), (6, False), (10, True)])
def test_quorum_two_thirds_of_ten(present, met):
    assert quorum_met(CLUSTER, members=10, present=present) is met
    result = tally(CLUSTER, members=10, present=present, items=[ItemCount("a", yes=present, no=0)])
    assert result.quorum_met is met
    assert result.quorum_required == 7
    assert result.item("a").passed is met
    if not met:
        assert "túc số" in result.item("a").explanation, result.item("a").explanation


@pytest.mark.parametrize(("yes", "passed"), [(9, True), (8, False), (10, True)])
def test_council_at_least_ninety_percent_exactly_at_threshold(yes, passed):
    result = tally(COUNCIL, members=10, present=10, items=[ItemCount("a", yes=yes, no=10 - yes)])
    assert result.item("a").passed is passed
    assert result.item("a").share == Fraction(yes, 10)


def test_ninety_percent_of_eleven_needs_ten():
    # 9/11 = 81.8 %, 10/11 = 90.9 %: exact fractions, no float rounding at the edge.
    assert required_yes(COUNCIL, 11) == 10
    assert not passes(COUNCIL, 9, 11)
    assert passes(COUNCIL, 10, 11)


def test_strict_threshold_exactly_at_half_fails():
    assert not passes(CLUSTER, 5, 10)
    assert passes(Rule(Fraction(0), "all", Fraction(1, 2), inclusive=True), 5, 10)


def test_base_present():
    rule = Rule(quorum=Fraction(2, 3), base="present", threshold=Fraction(1, 2), inclusive=False)
    result = tally(rule, members=10, present=8, items=[ItemCount("a", 5, 3), ItemCount("b", 4, 4)])
    assert result.item("a").passed
    assert result.item("a").base_count == 8
    assert not result.item("b").passed


def test_base_valid_ignores_blank_but_counts_abstentions():
    rule = Rule(quorum=Fraction(0), base="valid", threshold=Fraction(1, 2), inclusive=False)
    result = tally(rule, members=10, present=10, items=[ItemCount("a", 3, 1, 1), ItemCount("b", 0, 0, 0)])
    assert result.item("a").base_count == 5
    assert result.item("a").passed
    assert not result.item("b").passed  # nothing to count against


def test_cap_keeps_the_most_yes():
    rule = Rule(Fraction(2, 3), "all", Fraction(1, 2), False, max_proposals=2)
    items = [ItemCount("a", 9, 1), ItemCount("b", 7, 3), ItemCount("c", 8, 2), ItemCount("d", 3, 7)]
    result = tally(rule, members=10, present=10, items=items)
    assert [o.key for o in result.items if o.passed] == ["a", "c"]
    assert result.item("b").reached
    assert result.item("b").capped
    assert not result.item("b").passed
    assert not result.item("d").reached
    assert "2" in result.cap_explanation


def test_tie_straddling_the_cap_proposes_none_of_the_tied():
    rule = Rule(Fraction(2, 3), "all", Fraction(1, 2), False, max_proposals=2)
    items = [ItemCount("a", 9, 1), ItemCount("b", 7, 3), ItemCount("c", 7, 3), ItemCount("d", 6, 4)]
    result = tally(rule, members=10, present=10, items=items)
    assert [o.key for o in result.items if o.passed] == ["a"]
    assert result.item("b").tied_at_cap
    assert result.item("c").tied_at_cap
    assert result.item("d").capped
    assert not result.item("d").tied_at_cap
    assert result.cap_explanation
    assert result.item("b").explanation != result.item("a").explanation


def test_tie_within_the_cap_keeps_both():
    rule = Rule(Fraction(2, 3), "all", Fraction(1, 2), False, max_proposals=2)
    items = [ItemCount("a", 7, 3), ItemCount("b", 7, 3), ItemCount("c", 6, 4)]
    result = tally(rule, members=10, present=10, items=items)
    assert [o.key for o in result.items if o.passed] == ["a", "b"]
    assert result.item("c").capped


def test_explanations_state_the_numbers_and_the_rule():
    result = tally(CLUSTER, members=10, present=9, items=[ItemCount("a", 6, 3)])
    text = result.item("a").explanation
    assert "6" in text
    assert "10" in text
    assert "50" in text
    assert "50" in describe_rule(CLUSTER)
    assert "90" in describe_rule(COUNCIL)
