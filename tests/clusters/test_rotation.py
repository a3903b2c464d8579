import pytest

from clusters.rotation import (
    NO_PREVIOUS_TERM,
    VICE_CHAIR_LEFT,
    VICE_CHAIR_UNKNOWN,
    RotationError,
    Term,
    propose_next_term,
)


def test_vice_chair_becomes_chair_and_next_member_vice_chair():
    proposal = propose_next_term(Term("B", "C"), ["A", "B", "C", "D"])
    assert (proposal.chair, proposal.vice_chair, proposal.notes) == ("C", "D", ())


def test_vice_chair_position_wraps_around_the_order():
    proposal = propose_next_term(Term("C", "D"), ["A", "B", "C", "D"])
    assert (proposal.chair, proposal.vice_chair) == ("D", "A")


def test_vice_chair_who_left_is_replaced_by_next_eligible_member():
    # C merged away: the member after C in last year's order (D) chairs, E follows.
    proposal = propose_next_term(Term("B", "C"), ["A", "B", "D", "E"], previous_members=["A", "B", "C", "D", "E"])
    assert (proposal.chair, proposal.vice_chair) == ("D", "E")
    assert proposal.notes == (VICE_CHAIR_LEFT,)


def test_next_eligible_skips_further_leavers_and_last_years_chair():
    # C and D left: the next member after them is E, but E chaired last year, so A.
    proposal = propose_next_term(Term("E", "C"), ["A", "B", "E"], previous_members=["A", "B", "C", "D", "E"])
    assert (proposal.chair, proposal.vice_chair) == ("A", "B")


def test_vice_chair_who_left_without_previous_order_uses_member_after_chair():
    proposal = propose_next_term(Term("B", "Z"), ["A", "B", "C"])
    assert (proposal.chair, proposal.vice_chair) == ("C", "A")


def test_unknown_vice_chair_never_repeats_the_chair():
    proposal = propose_next_term(Term("B", None), ["A", "B", "C"])
    assert proposal.chair != "B"
    assert proposal.notes == (VICE_CHAIR_UNKNOWN,)


def test_cluster_of_two_swaps_every_year():
    first = propose_next_term(Term("A", "B"), ["A", "B"])
    assert (first.chair, first.vice_chair) == ("B", "A")
    second = propose_next_term(Term(first.chair, first.vice_chair), ["A", "B"])
    assert (second.chair, second.vice_chair) == ("A", "B")


def test_cluster_of_two_after_vice_chair_left_does_not_repeat_chair():
    proposal = propose_next_term(Term("A", "B"), ["A", "C"], previous_members=["A", "B"])
    assert (proposal.chair, proposal.vice_chair) == ("C", "A")


def test_chair_that_left_and_vice_chair_that_left():
    proposal = propose_next_term(Term("A", "B"), ["C", "D"], previous_members=["A", "B", "C", "D"])
    assert (proposal.chair, proposal.vice_chair) == ("C", "D")


def test_no_previous_term_takes_the_first_two():
    proposal = propose_next_term(None, ["A", "B", "C"])
    assert (proposal.chair, proposal.vice_chair, proposal.notes) == ("A", "B", (NO_PREVIOUS_TERM,))


@pytest.mark.parametrize("members", [[], ["A"], ["A", "A"]])
def test_fewer_than_two_members_has_no_proposal(members):
    with pytest.raises(RotationError):
        propose_next_term(Term("A", "B"), members)


@pytest.mark.parametrize("size", range(2, 8))
def test_proposal_never_makes_chair_vice_chair_nor_repeats_chair(size):
    members = [f"U{i}" for i in range(size)]
    term = Term(members[0], members[1])
    for _year in range(2 * size):
        proposal = propose_next_term(term, members)
        assert proposal.chair != proposal.vice_chair
        assert proposal.chair != term.chair
        term = Term(proposal.chair, proposal.vice_chair)
