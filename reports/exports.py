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


def table(matrix):
    """Header and rows of the matrix, as plain values."""
    header = [_("Organisation"), _("Kind"), _("Province or city"), _("Cluster")]
    for period in matrix.periods:
        header += [
            f"{period} — {_('Status')}",
            f"{period} — {_('Submitted at')}",
            f"{period} — {_('Reminders')}",
        ]
    rows = []
    for row in matrix.rows:
        unit = row.organization
        values = [unit.name, unit.get_kind_display(), unit.province, str(row.cluster or "")]
        for cell in row.cells:
            values += [state_label(cell.state), _submitted(cell), cell.reminders]
        rows.append(values)
    for label, attribute in ((_("Reporting rate (%)"), "reporting_rate"), (_("On-time rate (%)"), "on_time_rate")):
        values = [label, "", "", ""]
        for period_rates in matrix.rates:
            value = getattr(period_rates, attribute)
            values += ["" if value is None else value, "", ""]
        rows.append(values)
    return header, rows


def to_csv(matrix):
    header, rows = table(matrix)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(values) for values in rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(matrix):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = table(matrix)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(matrix.year)
    sheet.append(xlsx_row(sheet, header, font=Font(bold=True)))
    for values in rows:
        sheet.append(xlsx_row(sheet, values))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
