"""Vietnamese alphabetical order, as a pure sort key.

The Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y:
letters with a breve, circumflex, horn or stroke are letters of their own, sorted right
after their base letter (so "Đ…" comes right after "D…", not after "Z…"). Tone marks
(huyền, hỏi, ngã, sắc, nặng) only break ties between otherwise equal words. Python's
default string order and most database collations get both wrong.
"""

import unicodedata

# (base letter, combining mark) -> rank among the letters sharing that base.
_LETTER_MARKS = {
    ("a", "\u0306"): 1,  # ă
    ("a", "\u0302"): 2,  # â
    ("e", "\u0302"): 1,  # ê
    ("o", "\u0302"): 1,  # ô
    ("o", "\u031b"): 2,  # ơ
    ("u", "\u031b"): 1,  # ư
}
# Tone marks in the traditional order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text):
    """A key that sorts strings in Vietnamese alphabetical order, ignoring case."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", (text or "").casefold()):
        if char == "đ":
            letters.append(ord("d") * 4 + 1)
            tones.append(0)
        elif unicodedata.combining(char):
            if not letters:
                continue
            if char in _TONES:
                tones[-1] = _TONES[char]
            else:
                base = chr(letters[-1] // 4)
                letters[-1] += _LETTER_MARKS.get((base, char), 0)
        else:
            letters.append(ord(char) * 4)
            tones.append(0)
    return tuple(letters), tuple(tones), text or ""


def search_folded(text):
    """`text` without case, tone or letter marks, for forgiving searches ("dak lak" finds "Đắk Lắk")."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold().replace("đ", "d"))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())
