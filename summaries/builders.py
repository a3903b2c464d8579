"""Turn a summary's figures into file bytes: PDF through emulation_portal.pdf, XLSX with openpyxl."""

import io

from django.utils import timezone

from emulation_portal.pdf import render_pdf

from . import charts


def pdf_bytes(module, data, parameters, *, title):
    """The PDF of `data`, from the kind's template (which extends pdf/base.html)."""
    context = {
        "title": title,
        "parameters": module.parameter_rows(data, parameters),
        **module.context(data, parameters),
    }
    # Charts go in as images: inline, every bar and label would pass through the CSS cascade.
    context = {key: charts.as_image(value) if charts.is_svg(value) else value for key, value in context.items()}
    return render_pdf(module.TEMPLATE, context)


def xlsx_bytes(module, data, parameters, *, title):
    """An XLSX workbook with one sheet per table of the summary, the title and parameters on top."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_rows = [(label, value) for label, value in module.parameter_rows(data, parameters)]
    generated = f"{timezone.localtime():%H:%M %d/%m/%Y}"
    for sheet_title, header, rows in module.sheets(data, parameters):
        sheet = workbook.create_sheet(str(sheet_title)[:31])
        sheet.append([str(title)])
        sheet["A1"].font = Font(bold=True, size=13)
        for label, value in header_rows:
            sheet.append([str(label), str(value)])
        sheet.append([str(_generated_label()), generated])
        sheet.append([])
        first = sheet.max_row + 1
        sheet.append([str(h) for h in header])
        for cell in sheet[first]:
            cell.font = Font(bold=True)
        for values in rows:
            sheet.append(["" if v is None else (str(v) if not isinstance(v, int | float) else v) for v in values])
        sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
        for column in range(1, len(header) + 1):
            width = max(
                (len(str(sheet.cell(row=r, column=column).value or "")) for r in range(first, sheet.max_row + 1)),
                default=10,
            )
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 70)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _generated_label():
    from django.utils.translation import gettext

    return gettext("Generated at")
