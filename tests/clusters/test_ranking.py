from decimal import Decimal as D

from clusters.ranking import rank


def test_ranks_by_total_descending():
    entries = rank([(1, "B", D("80")), (2, "A", D("90")), (3, "C", D("70"))])
    assert [(e.name, e.rank, e.tied) for e in entries] == [("A", 1, False), ("B", 2, False), ("C", 3, False)]


def test_ties_share_a_rank_skip_the_next_and_are_ordered_by_name():
    entries = rank([(1, "Lâm Đồng", D("82.5")), (2, "Đắk Lắk", D("83.5")), (3, "Gia Lai", D("82.5")), (4, "X", D("1"))])
    assert [(e.name, e.rank, e.tied) for e in entries] == [
        ("Đắk Lắk", 1, False),
        ("Gia Lai", 2, True),
        ("Lâm Đồng", 2, True),
        ("X", 4, False),
    ]


def test_order_does_not_depend_on_input_order():
    rows = [(1, "A", D("5")), (2, "A", D("5")), (3, "B", None)]
    assert rank(rows) == rank(list(reversed(rows)))


def test_unscored_members_come_last_unranked():
    entries = rank([(1, "Z", None), (2, "A", D("0"))])
    assert [(e.name, e.rank) for e in entries] == [("A", 1), ("Z", None)]


def test_ties_and_unscored_members_in_vietnamese_order():
    # Code-point order would put "Đắk Nông" after "Kon Tum"; Vietnamese puts Đ right after D.
    entries = rank([(1, "Kon Tum", None), (2, "Đắk Nông", None), (3, "Khánh Hòa", D("9")), (4, "Đắk Lắk", D("9"))])
    assert [e.name for e in entries] == ["Đắk Lắk", "Khánh Hòa", "Đắk Nông", "Kon Tum"]
