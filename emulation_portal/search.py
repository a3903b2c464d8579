"""A folded search column for models whose text people look up (see vietnamese.fold)."""

from django.db import models

from .vietnamese import fold, sort_key


class Searchable(models.Model):
    """A row with a folded copy of its text, refreshed on every save.

    The copy is derived data, not a business rule: lists filter it with the folded query
    (`search_text__contains=fold(q)`), which ignores case and diacritics on any database.
    """

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = fold(*self.search_sources())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_sources(self):
        """The texts a search should find this row by."""
        raise NotImplementedError


# The longest prefix of a text that `sortable()` encodes; longer texts tie on it.
SORTABLE_UNITS = 120


def _encode_weight(klass, value):
    # One prefix-free group of digits per letter, ordered as (klass, value): klass 1..4 is
    # one digit, then two digits for a Vietnamese letter, one for a digit, and a short or
    # a long code point for anything else.
    if klass == 2:
        return f"3{value:02d}"
    if klass == 1:
        return f"2{value - ord('0')}"
    lead = "1" if klass == 0 else "4"
    return f"{lead}0{value:03d}" if value < 1000 else f"{lead}1{value:07d}"


def sortable(text) -> str:
    """`vietnamese.sort_key(text)` as a string of digits, so the database can order by it.

    Digits compare the same under every collation (PostgreSQL's en_US or C, SQLite's
    binary), so `ORDER BY` on this column gives Vietnamese alphabetical order anywhere:
    letters first ("0" ends them, before any letter's group), then the tones.
    """
    letters, tones, _text = sort_key(text)
    letters, tones = letters[:SORTABLE_UNITS], tones[:SORTABLE_UNITS]
    return "".join(_encode_weight(*weight) for weight in letters) + "0" + "".join(str(tone) for tone in tones)
