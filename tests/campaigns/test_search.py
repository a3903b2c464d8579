from campaigns.search import fold


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
