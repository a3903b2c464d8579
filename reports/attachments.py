"""What a report's attached file may be: a PDF, DOCX or XLSX of limited size."""

from django.conf import settings

from emulation_portal.uploads import CONTENT_TYPES, check_upload

__all__ = ["ALLOWED_EXTENSIONS", "CONTENT_TYPES", "max_bytes", "validate_attachment"]

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".xlsx")


def max_bytes():
    return settings.REPORT_ATTACHMENT_MAX_MB * 1024 * 1024


def validate_attachment(file):
    """Refuse a file whose extension, size or first bytes are not those of a PDF, DOCX or XLSX."""
    check_upload(file, extensions=ALLOWED_EXTENSIONS, max_bytes=max_bytes())
