"""What a directive's attached file may be: a PDF or a DOCX of limited size."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A scanned directive of a few dozen pages fits comfortably; larger files belong elsewhere.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".docx"}
# The first bytes of each allowed format: PDF, and DOCX (a ZIP archive).
MAGIC_NUMBERS = {".pdf": b"%PDF", ".docx": b"PK\x03\x04"}


def validate_attachment(file):
    """Refuse a file that is not a PDF or DOCX, or is larger than MAX_ATTACHMENT_BYTES."""
    extension = Path(file.name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Only PDF and DOCX files can be attached."), code="extension")
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
            code="size",
        )
    # Only files being uploaded are sniffed: stored ones were checked when they arrived.
    if getattr(file, "_committed", None) is not True:
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(4)
        file.seek(position)
        if not head.startswith(MAGIC_NUMBERS[extension]):
            raise ValidationError(
                _("The file's content is not a valid %(kind)s.") % {"kind": extension[1:].upper()}, code="content"
            )
