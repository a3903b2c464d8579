"""Reading values from the query string that no form validates.

`str.isdigit()` accepts "²" and "٣", which `int()` or the database then refuse; NUL
characters pass through to PostgreSQL, which refuses them. These helpers accept only
what the view can use and tell the user, in a message, when a value was ignored.
"""

import re
import unicodedata

from django.contrib import messages
from django.utils.translation import gettext as _

ASCII_NUMBER = re.compile(r"[0-9]{1,9}")


def _ignored(request, name):
    messages.warning(
        request, _("The value of “%(name)s” in the address is not valid and was ignored.") % {"name": name}
    )


def int_param(request, name, *, minimum=1, maximum=2_000_000_000):
    """The query parameter `name` as an int in [minimum, maximum]; None (with a message) otherwise."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if ASCII_NUMBER.fullmatch(raw) and minimum <= int(raw) <= maximum:
        return int(raw)
    _ignored(request, name)
    return None


def clean_text(value, *, max_length=200):
    """User text fit for a database filter: NFC, no NUL or other control characters, trimmed."""
    value = unicodedata.normalize("NFC", value or "")
    value = "".join(char for char in value if unicodedata.category(char) != "Cc" or char in "\t")
    return value.strip()[:max_length]


def text_param(request, name, *, max_length=200):
    """The query parameter `name` as clean search text ('' when absent)."""
    return clean_text(request.GET.get(name, ""), max_length=max_length)
