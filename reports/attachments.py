"""What a report's attached file may be: a PDF, DOCX or XLSX of limited size."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".xlsx")
# The first bytes of each format: PDF, and DOCX/XLSX (both ZIP archives).
MAGIC_NUMBERS = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def max_bytes():
    return settings.REPORT_ATTACHMENT_MAX_MB * 1024 * 1024


def validate_attachment(file):
    """Refuse a file whose extension, size or first bytes are not those of a PDF, DOCX or XLSX."""
    extension = Path(file.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Only PDF, DOCX and XLSX files can be attached."), code="extension")
    if file.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes())},
            code="size",
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(len(MAGIC_NUMBERS[extension]))
    file.seek(0)
    if not head.startswith(MAGIC_NUMBERS[extension]):
        raise ValidationError(
            _("The file's content is not a valid %(kind)s.") % {"kind": extension[1:].upper()}, code="content"
        )
