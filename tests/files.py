"""Small, valid files of each kind the portal accepts, for upload tests."""

import io
import zipfile

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n"
)

_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Báo cáo thi đua (minh họa)</w:t></w:r></w:p></w:body></w:document>"
)


def zip_bytes(members, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(**extra_members):
    members = {"[Content_Types].xml": _DOCX_TYPES, "_rels/.rels": _DOCX_RELS, "word/document.xml": _DOCX_DOCUMENT}
    return zip_bytes({**members, **extra_members})


def xlsx_bytes():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Đơn vị", "Tỷ lệ (%)"])
    workbook.active.append(["Sở TTTT Gia Lai (minh họa)", 95])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = docx_bytes()
XLSX = xlsx_bytes()
