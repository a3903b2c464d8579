from reports.sorting import search_folded, vietnamese_sort_key


def ordered(*names):
    return sorted(names, key=vietnamese_sort_key)


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


def test_case_and_normal_form_do_not_matter():
    decomposed = "Đa\u0300 Nă\u0303ng"
    assert vietnamese_sort_key("đà nẵng")[:2] == vietnamese_sort_key("ĐÀ NẴNG")[:2]
    assert vietnamese_sort_key(decomposed)[:2] == vietnamese_sort_key("Đà Nẵng")[:2]
    assert vietnamese_sort_key(None) == ((), (), "")


def test_search_folding_ignores_case_tones_and_marks():
    assert search_folded("  Đắk   Lắk ") == "dak lak"
    assert search_folded("dak lak") in search_folded("Sở TTTT Đắk Lắk")
