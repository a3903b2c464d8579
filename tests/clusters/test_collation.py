from clusters.collation import vietnamese_key


def ordered(*names):
    return sorted(names, key=vietnamese_key)


def test_d_with_stroke_follows_d_not_z():
    assert ordered("Yên Bái", "Đắk Lắk", "Đà Nẵng", "Điện Biên", "Cà Mau", "Dương") == [
        "Cà Mau",
        "Dương",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Yên Bái",
    ]


def test_modified_vowels_are_letters_of_their_own():
    # a < ă < â, e < ê, o < ô < ơ, u < ư: the letter decides before any later letter.
    assert ordered("Âu", "Ăn", "Az") == ["Az", "Ăn", "Âu"]
    assert ordered("Ơn", "Ôm", "Oz") == ["Oz", "Ôm", "Ơn"]
    assert ordered("Ưa", "Uz") == ["Uz", "Ưa"]


def test_tones_only_break_ties_between_the_same_letters_in_order():
    assert ordered("má", "mạ", "mà", "ma", "mã", "mả") == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # A tone never outweighs a later letter: "Hà Nam" < "Hà Nội" < "Hải Phòng" < "Hậu Giang".
    assert ordered("Hậu Giang", "Hải Phòng", "Hà Nội", "Hà Nam") == ["Hà Nam", "Hà Nội", "Hải Phòng", "Hậu Giang"]


def test_case_composition_and_spaces():
    decomposed = "Đa\u0300 Na\u0306\u0303ng"  # "Đà Nẵng" typed with combining marks
    assert vietnamese_key(decomposed)[:2] == vietnamese_key("Đà Nẵng")[:2]
    assert vietnamese_key("đà nẵng")[:2] == vietnamese_key("ĐÀ NẴNG")[:2]
    assert ordered("Ana", "An Giang") == ["An Giang", "Ana"]
    assert ordered("Cụm A", "Cụm 2") == ["Cụm 2", "Cụm A"]


def test_empty_text_sorts_first():
    assert ordered("B", "") == ["", "B"]
    assert vietnamese_key(None) == vietnamese_key("")
