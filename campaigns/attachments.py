"""What a directive's attached file may be: a PDF or a DOCX of limited size."""

from emulation_portal.uploads import check_upload

# A scanned directive of a few dozen pages fits comfortably; larger files belong elsewhere.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (".pdf", ".docx")


def validate_attachment(file):
    """Refuse a file that is not a PDF or DOCX, or is larger than MAX_ATTACHMENT_BYTES."""
    check_upload(file, extensions=ALLOWED_EXTENSIONS, max_bytes=MAX_ATTACHMENT_BYTES)
