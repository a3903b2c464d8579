"""Vietnamese alphabetical order and forgiving search (emulation_portal/vietnamese.py)."""

from emulation_portal.vietnamese import fold, sort_key


def ordered(*names):
    return sorted(names, key=sort_key)


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
    assert sort_key(decomposed)[:2] == sort_key("Đà Nẵng")[:2]
    assert sort_key("đà nẵng")[:2] == sort_key("ĐÀ NẴNG")[:2]
    assert ordered("Ana", "An Giang") == ["An Giang", "Ana"]
    assert ordered("Cụm A", "Cụm 2") == ["Cụm 2", "Cụm A"]


def test_empty_text_sorts_first():
    assert ordered("B", "") == ["", "B"]
    assert sort_key(None) == sort_key("")


def test_d_stroke_comes_right_after_d():
    assert ordered("Đồng Tháp", "Điện Biên", "Yên Bái", "Đà Nẵng", "Cần Thơ", "Đắk Lắk", "Dak Nông", "Gia Lai") == [
        "Cần Thơ",
        "Dak Nông",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Tháp",
        "Gia Lai",
        "Yên Bái",
    ]


def test_letters_with_marks_follow_their_base_letter():
    assert ordered("Âu", "Ăn", "An", "Bá") == ["An", "Ăn", "Âu", "Bá"]
    assert ordered("Ơn", "Ôn", "On") == ["On", "Ôn", "Ơn"]
    assert ordered("Ưu", "Uy", "Vĩnh") == ["Uy", "Ưu", "Vĩnh"]
    assert ordered("Ê", "Ea") == ["Ea", "Ê"]


def test_tones_only_break_ties_and_words_end_before_longer_ones():
    assert ordered("Bạc", "Bắc", "Bác", "Bà", "Ba") == ["Ba", "Bà", "Bác", "Bạc", "Bắc"]
    assert ordered("Hải Phòng", "Hà Tĩnh", "Hà Nội") == ["Hà Nội", "Hà Tĩnh", "Hải Phòng"]


def test_case_and_normal_form_do_not_matter_for_sorting():
    decomposed = "Đa\u0300 Nă\u0303ng"
    assert sort_key("đà nẵng")[:2] == sort_key("ĐÀ NẴNG")[:2]
    assert sort_key(decomposed)[:2] == sort_key("Đà Nẵng")[:2]
    assert sort_key(None) == ((), (), "")


def test_search_folding_ignores_case_tones_and_marks():
    assert fold("  Đắk   Lắk ") == "dak lak"
    assert fold("dak lak") in fold("Sở TTTT Đắk Lắk")


def test_fold_drops_case_and_diacritics():
    assert fold("CHỈ THỊ") == "chi thi"
    assert fold("Chỉ thị") == fold("chi thi") == fold("CHI THI")


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Đẩy mạnh đối ngoại") == "day manh doi ngoai"


def test_fold_treats_composed_and_decomposed_text_alike():
    composed = "Bưu chính"
    decomposed = "Bu\u031bu chi\u0301nh"
    assert fold(composed) == fold(decomposed) == "buu chinh"


def test_fold_joins_texts_and_spaces_once():
    assert fold("103/CT-BTTTT", None, "", "  Về  công tác\nthi đua ") == "103/ct-btttt ve cong tac thi dua"
