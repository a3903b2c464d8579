"""Vietnamese text helpers: alphabetical order and forgiving search.

Sorting.

Code-point order puts "Đ" (U+0110) after "Z", so "Đắk Lắk" would follow "Yên Bái".
Vietnamese dictionaries order the letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
t u ư v x y (f j w z, from foreign words, take their Latin places), compare the letters
first and only then the tones, in the order: none, huyền, hỏi, ngã, sắc, nặng.
`sort_key(text)` turns a string into a key with that order; it is pure and needs
no locale installed on the server (PostgreSQL and SQLite collations differ, so lists
whose order matters are sorted in Python with this key).

Searching.
SQLite's LIKE folds case for ASCII letters only ("chỉ thị" does not find "CHỈ THỊ"), and
users often type without diacritics. Each searchable row keeps a folded copy of its text
(lowercase, without diacritics, đ → d), and the query is folded the same way, so that
"chi thi", "Chỉ thị" and "CHỈ THỊ" all find "Chỉ thị" on SQLite and PostgreSQL alike.
"""

import unicodedata

LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_INDEX = {letter: index for index, letter in enumerate(LETTERS)}
# Combining marks that make a different letter (ă â ê ô ơ ư), kept with their base.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, in dictionary order (no tone = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _units(text):
    """(letter, tone) pairs of `text`, lower-cased, with tones split from their letter."""
    units = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char) and units:
            letter, tone = units[-1]
            if char in _LETTER_MARKS:
                units[-1] = (unicodedata.normalize("NFC", letter + char), tone)
            else:
                units[-1] = (letter, _TONES.get(char, tone))
        else:
            units.append((char, 0))
    return units


def _weight(char):
    if char in _LETTER_INDEX:
        return (2, _LETTER_INDEX[char])
    if char.isdigit():
        return (1, ord(char))
    if char.isalpha():
        return (3, ord(char))
    # Spaces and punctuation sort before letters, so "An Giang" precedes "Ana".
    return (0, ord(char))


def sort_key(text):
    """A sort key putting `text` in Vietnamese alphabetical order (letters, then tones, then case)."""
    text = text or ""
    units = _units(text)
    return (
        tuple(_weight(letter) for letter, _tone in units),
        tuple(tone for _letter, tone in units),
        text,
    )


def fold(*texts) -> str:
    """`texts` joined, lowercased, without diacritics (đ → d) and with single spaces."""
    text = " ".join(str(t) for t in texts if t)
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return " ".join(text.casefold().split())
