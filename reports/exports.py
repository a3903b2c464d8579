"""The completeness matrix as CSV (UTF-8 with BOM, for Excel) and XLSX."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.spreadsheets import csv_row, xlsx_row

from . import rates

STATE_LABELS = {
    rates.ON_TIME: lambda: _("On time"),
    rates.LATE: lambda: _("Late"),
    rates.RETURNED: lambda: _("Returned for revision"),
    rates.MISSING: lambda: _("Missing"),
    rates.EXCUSED: lambda: _("Excused"),
    rates.NOT_APPLICABLE: lambda: _("Not required"),
}


def state_label(state):
    return STATE_LABELS[state]()


def _submitted(cell):
    if cell.report is None or cell.report.first_submitted_at is None:
        return ""
    return f"{timezone.localtime(cell.report.first_submitted_at):%d/%m/%Y %H:%M}"


def header(matrix):
    values = [_("Organisation"), _("Kind"), _("Province or city"), _("Cluster")]
    for period in matrix.periods:
        values += [
            f"{period} — {_('Status')}",
            f"{period} — {_('Submitted at')}",
            f"{period} — {_('Reminders')}",
        ]
    return values


def iter_rows(matrix):
    """The matrix's rows as plain values, then the rate rows; `matrix.rows` may be a generator."""
    for row in matrix.rows:
        unit = row.organization
        values = [unit.name, unit.get_kind_display(), unit.province, str(row.cluster or "")]
        for cell in row.cells:
            values += [state_label(cell.state), _submitted(cell), cell.reminders]
        yield values
    for label, attribute in ((_("Reporting rate (%)"), "reporting_rate"), (_("On-time rate (%)"), "on_time_rate")):
        values = [label, "", "", ""]
        for period_rates in matrix.rates:
            value = getattr(period_rates, attribute)
            values += ["" if value is None else value, "", ""]
        yield values


def table(matrix):
    """Header and rows of the matrix, as plain values."""
    return header(matrix), list(iter_rows(matrix))


class _Line:
    """A file-like object whose write() hands back what csv.writer writes."""

    def write(self, value):
        return value


def iter_csv(matrix):
    """The CSV file in pieces (UTF-8 with BOM), one per row, for a streamed response."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(csv_row(header(matrix)))).encode("utf-8")  # the BOM makes Excel read UTF-8
    for values in iter_rows(matrix):
        yield writer.writerow(csv_row(values)).encode("utf-8")


def to_csv(matrix):
    return b"".join(iter_csv(matrix))


def to_xlsx(matrix):
    """The XLSX file, written row by row (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(matrix.year))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 50
    sheet.append(xlsx_row(sheet, header(matrix), font=Font(bold=True)))
    for values in iter_rows(matrix):
        sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
