import random

from emulation_portal.search import sortable
from emulation_portal.vietnamese import sort_key

NAMES = [
    "Đà Nẵng", "Đắk Lắk", "Yên Bái", "An Giang", "Ana", "Bình Định", "Bình Dương", "Cà Mau", "Hà Nội", "Hà Nam",
    "Sở TTTT 2", "Sở TTTT 10", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Zeta", "Ω", "a-b", "a b", "ab", "Ứng", "Uông",
    "VNPT", "Viettel", "Đường sắt", "Dược", "", "Ōsaka",
]  # fmt: skip


def test_sortable_orders_as_sort_key():
    rng = random.Random(7)
    names = NAMES + ["".join(rng.choice("aăâbdđeêAĐ ỳỹ-9.Ơở好") for _ in range(rng.randint(0, 6))) for _ in range(2000)]
    by_string = [sort_key(name)[:2] for name in sorted(names, key=sortable)]
    by_key = [sort_key(name)[:2] for name in sorted(names, key=sort_key)]
    assert by_string == by_key


def test_sortable_is_digits_only_so_every_collation_agrees():
    assert all(sortable(name).isdigit() for name in NAMES)
    assert sortable("Đà Nẵng") == sortable("đà nẵng")
