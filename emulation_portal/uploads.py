"""Checks shared by every upload: extension, size and the file's first bytes."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of each format the portal accepts: PDF, and DOCX/XLSX (ZIP archives).
MAGIC_NUMBERS = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_upload(file, *, extensions, max_bytes):
    """Refuse `file` unless its extension is one of `extensions`, it fits `max_bytes` and its content matches."""
    extension = Path(file.name or "").suffix.lower()
    if extension not in extensions:
        kinds = ", ".join(ext[1:].upper() for ext in extensions)
        raise ValidationError(
            _("Only these kinds of file can be attached: %(kinds)s.") % {"kinds": kinds}, code="extension"
        )
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="size",
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    # A file already stored was checked when it arrived; only new uploads are read.
    if getattr(file, "_committed", None) is True:
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(len(MAGIC_NUMBERS[extension]))
    file.seek(position)
    if not head.startswith(MAGIC_NUMBERS[extension]):
        raise ValidationError(
            _("The file's content is not a valid %(kind)s.") % {"kind": extension[1:].upper()}, code="content"
        )
