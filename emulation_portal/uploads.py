"""Checks shared by every upload: extension, size, and the whole file's structure.

A PDF must start with `%PDF-` and end with a cross-reference pointer and `%%EOF`. A DOCX
or XLSX is a ZIP archive (Office Open XML): it must open as one, list no more than
`UPLOAD_MAX_ARCHIVE_MEMBERS` members, expand to no more than `UPLOAD_MAX_EXPANDED_MB`
at no more than `UPLOAD_MAX_COMPRESSION_RATIO` to one (a "zip bomb" does), carry no
encrypted member or macro project, declare the format's main part in
`[Content_Types].xml`, and that main part must decompress intact.
"""

import zipfile
import zlib
from pathlib import Path

from django.conf import settings
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
# Office Open XML: the content type of the main part, and where it usually sits.
MAIN_PARTS = {
    ".docx": (b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"),
    ".xlsx": (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
}
CONTENT_TYPES_PART = "[Content_Types].xml"
# A PDF ends with "startxref", the offset, and "%%EOF"; some writers add a little after it.
PDF_TAIL_BYTES = 2048


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
    try:
        file.seek(0)
        if not file.read(len(MAGIC_NUMBERS[extension])).startswith(MAGIC_NUMBERS[extension]):
            raise _invalid(extension)
        if extension == ".pdf":
            _check_pdf(file)
        else:
            _check_office(file, extension)
    finally:
        file.seek(position)


def _invalid(extension, code="content"):
    return ValidationError(
        _("The file's content is not a valid %(kind)s.") % {"kind": extension[1:].upper()}, code=code
    )


def _check_pdf(file):
    file.seek(max(file.size - PDF_TAIL_BYTES, 0))
    tail = file.read(PDF_TAIL_BYTES)
    end = tail.rfind(b"%%EOF")
    if end < 0 or b"startxref" not in tail[:end]:
        raise _invalid(".pdf")


def _check_office(file, extension):
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _invalid(extension) from error
    with archive:
        members = archive.infolist()
        _check_expansion(members, extension)
        names = {member.filename for member in members}
        if CONTENT_TYPES_PART not in names:
            raise _invalid(extension)
        if any(member.flag_bits & 0x1 for member in members):
            raise ValidationError(_("Password-protected files cannot be attached."), code="encrypted")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(_("Files with macros cannot be attached."), code="macros")
        main_type, main_part = MAIN_PARTS[extension]
        try:
            content_types = archive.read(CONTENT_TYPES_PART)
            if main_type not in content_types or main_part not in names:
                raise _invalid(extension)
            # Decompressing the main part checks its data and CRC; sizes were bounded above.
            with archive.open(main_part) as part:
                while part.read(1024 * 1024):
                    pass
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            raise _invalid(extension) from error


def _check_expansion(members, extension):
    """Refuse archives with too many members, or that expand too far (a zip bomb)."""
    if len(members) > settings.UPLOAD_MAX_ARCHIVE_MEMBERS:
        raise ValidationError(
            _("The %(kind)s file holds too many parts (%(count)s; the limit is %(limit)s).")
            % {"kind": extension[1:].upper(), "count": len(members), "limit": settings.UPLOAD_MAX_ARCHIVE_MEMBERS},
            code="archive",
        )
    expanded = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    limit = settings.UPLOAD_MAX_EXPANDED_MB * 1024 * 1024
    if expanded > limit or expanded > settings.UPLOAD_MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise ValidationError(
            _("The %(kind)s file expands to %(size)s when opened, more than the portal accepts (%(limit)s).")
            % {
                "kind": extension[1:].upper(),
                "size": filesizeformat(expanded),
                "limit": filesizeformat(min(limit, settings.UPLOAD_MAX_COMPRESSION_RATIO * max(compressed, 1))),
            },
            code="archive",
        )
