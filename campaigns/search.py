"""Accent- and case-insensitive search text for Vietnamese.

SQLite's LIKE folds case for ASCII letters only ("chỉ thị" does not find "CHỈ THỊ"), and
users often type without diacritics. Each searchable row keeps a folded copy of its text
(lowercase, without diacritics, đ → d), and the query is folded the same way, so that
"chi thi", "Chỉ thị" and "CHỈ THỊ" all find "Chỉ thị" on SQLite and PostgreSQL alike.
"""

import unicodedata


def fold(*texts) -> str:
    """`texts` joined, lowercased, without diacritics and with single spaces."""
    text = " ".join(str(t) for t in texts if t)
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return " ".join(text.casefold().split())
