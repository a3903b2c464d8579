"""Uploads: the whole file is checked, archives may not expand without limit, bodies and counts are capped."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation_portal.uploads import check_upload
from reports import services
from reports.models import ReportAttachment
from tests.files import DOCX, PDF, XLSX, docx_bytes, zip_bytes
from tests.reports.factories import QuarterlyReportFactory

ALL = (".pdf", ".docx", ".xlsx")
LIMIT = 20 * 1024 * 1024


def _check(name, content, extensions=ALL):
    check_upload(SimpleUploadedFile(name, content), extensions=extensions, max_bytes=LIMIT)


def _code(name, content):
    with pytest.raises(ValidationError) as error:
        _check(name, content)
    return error.value.code


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("a.docx", DOCX), ("a.xlsx", XLSX)])
def test_real_files_of_each_kind_are_accepted(name, content):
    _check(name, content)


def test_the_file_is_read_from_the_start_again_after_the_check():
    upload = SimpleUploadedFile("a.docx", DOCX)
    check_upload(upload, extensions=ALL, max_bytes=LIMIT)
    assert upload.tell() == 0
    assert upload.read() == DOCX


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # Right first bytes, nothing of a PDF after them.
        ("a.pdf", b"%PDF-1.7 ..."),
        ("a.pdf", b"%PDF-1.4\n" + b"MZ" * 500),
        # A PDF cut short: no cross-reference pointer, no end marker.
        ("a.pdf", PDF[: len(PDF) // 2]),
        # ZIP signature, but not an archive.
        ("a.docx", b"PK\x03\x04" + b"0" * 2000),
        ("a.xlsx", b"PK\x03\x04data"),
        # An archive, but no Office document in it.
        ("a.docx", zip_bytes({"readme.txt": "xin chào"})),
        ("a.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})),
        # The other Office format under a renamed extension.
        ("a.docx", XLSX),
        ("a.xlsx", DOCX),
        # The declared main part is missing.
        (
            "a.docx",
            zip_bytes(
                {
                    "[Content_Types].xml": "<Types>application/vnd.openxmlformats-officedocument"
                    ".wordprocessingml.document.main+xml</Types>"
                }
            ),
        ),
    ],
)
def test_files_that_only_start_like_the_format_are_refused(name, content):
    assert _code(name, content) == "content"


def test_a_corrupted_main_part_is_refused():
    data = bytearray(DOCX)
    # Flip bytes inside word/document.xml's compressed data: its CRC no longer matches.
    start = data.find(b"word/document.xml") + len(b"word/document.xml")
    for offset in range(start + 5, start + 25):
        data[offset] ^= 0xFF
    assert _code("a.docx", bytes(data)) == "content"


def test_macros_are_refused():
    assert _code("a.docx", docx_bytes(**{"word/vbaProject.bin": b"\x00" * 64})) == "macros"


def test_an_archive_that_expands_too_far_is_refused(settings):
    """A zip bomb: a small file that unpacks to gigabytes. Refused from the archive's directory alone."""
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10**9
    settings.UPLOAD_MAX_EXPANDED_MB = 1
    content = docx_bytes(**{"word/media/padding.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(content) < 100 * 1024
    assert _code("a.docx", content) == "archive"


def test_an_archive_packed_beyond_the_ratio_is_refused(settings):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 100
    content = docx_bytes(**{"word/media/padding.bin": b"\x00" * (1024 * 1024)})
    assert _code("a.docx", content) == "archive"


def test_an_archive_with_too_many_parts_is_refused(settings):
    settings.UPLOAD_MAX_ARCHIVE_MEMBERS = 20
    content = docx_bytes(**{f"word/media/{n}.xml": "<a/>" for n in range(30)})
    assert _code("a.docx", content) == "archive"


# ---- request body and attachments per report -------------------------------------------------


def test_a_request_body_above_the_limit_is_refused_before_it_is_read(officer_a_client, settings):
    settings.UPLOAD_MAX_REQUEST_MB = 1
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\nstartxref\n0\n%%EOF\n")
    response = officer_a_client.post("/accounts/profile/", {"first_name": "X", "attachment": upload})
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn" in response.content.decode()


def test_a_request_below_the_limit_goes_through(officer_a_client, settings):
    settings.UPLOAD_MAX_REQUEST_MB = 1
    assert officer_a_client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_attachments_per_report_are_capped(officer_a, unit_a, settings):
    settings.REPORT_ATTACHMENTS_MAX = 2
    report = QuarterlyReportFactory(organization=unit_a)
    for n in range(2):
        services.add_attachment(report=report, by=officer_a, file=SimpleUploadedFile(f"{n}.pdf", PDF))
    with pytest.raises(ValidationError, match="tối đa 2 tệp"):
        services.add_attachment(report=report, by=officer_a, file=SimpleUploadedFile("3.pdf", PDF))
    assert ReportAttachment.objects.filter(report=report).count() == 2
