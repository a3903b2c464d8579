"""A folded search column for models whose text people look up (see vietnamese.fold)."""

from django.db import models

from .vietnamese import fold


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
