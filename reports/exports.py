"""The completeness matrix as CSV (UTF-8 with BOM, for Excel) and XLSX."""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Organization
from emulation_portal.spreadsheets import csv_row, xlsx_cell, xlsx_row

from . import rates

STATE_LABELS = {
    rates.ON_TIME: lambda: _("On time"),
    rates.LATE: lambda: _("Late"),
    rates.RETURNED: lambda: _("Returned"),
    rates.MISSING: lambda: _("Missing"),
    rates.EXCUSED: lambda: _("Excused"),
    rates.NOT_APPLICABLE: lambda: _("Not required"),
}


def state_label(state, *, not_due=False):
    """The word the matrix shows for a cell (a missing report is "not yet due" before the deadline)."""
    if state == rates.MISSING and not_due:
        return _("Not yet due")
    return STATE_LABELS[state]()


def review_label(cell):
    """The review status the matrix shows under a cell: awaiting review, accepted, or nothing."""
    status = getattr(cell.report, "status", None)
    if status == "submitted":
        return _("Awaiting review")
    if status == "accepted":
        return pgettext("report review", "Accepted")
    return ""


def _submitted(cell, *, as_date=False, tz=None):
    """The first submission: text dd/mm/yyyy hh:mm for CSV, a real date-time for XLSX."""
    if cell.report is None or cell.report.first_submitted_at is None:
        return None if as_date else ""
    local = timezone.localtime(cell.report.first_submitted_at, tz)
    return local.replace(tzinfo=None) if as_date else f"{local:%d/%m/%Y %H:%M}"


def header(matrix):
    values = [_("Organisation"), _("Kind"), _("Province or city"), _("Cluster")]
    for period in matrix.periods:
        values += [
            f"{period} — {_('Status')}",
            f"{period} — {_('Submitted at')}",
            f"{period} — {_('Reminders')}",
            f"{period} — {_('Review status')}",
        ]
    return values


def iter_rows(matrix, *, spreadsheet=False):
    """The matrix's rows, then the rate rows; `matrix.rows` may be a generator.

    As on screen: the same status words, decimal commas in CSV text; a spreadsheet (XLSX)
    gets real numbers and date-times instead.
    """
    # A thousand units make four thousand cells: each word is looked up once, not once a cell.
    kinds = {value: str(label) for value, label in Organization.Kind.choices}
    states = {}
    reviews = {}
    tz = timezone.get_current_timezone()
    for row in matrix.rows:
        unit = row.organization
        values = [unit.name, kinds.get(unit.kind, unit.kind), unit.province, str(row.cluster or "")]
        for cell in row.cells:
            look = (cell.state, getattr(cell, "not_due", False))
            state = states.get(look)
            if state is None:
                state = states[look] = state_label(look[0], not_due=look[1])
            status = getattr(cell.report, "status", None)
            review = reviews.get(status)
            if review is None:
                review = reviews[status] = review_label(cell)
            values += [state, _submitted(cell, as_date=spreadsheet, tz=tz), cell.reminders, review]
        yield values
    for label, attribute in ((_("Reporting rate (%)"), "reporting_rate"), (_("On-time rate (%)"), "on_time_rate")):
        values = [label, "", "", ""]
        for period_rates in matrix.rates:
            value = getattr(period_rates, attribute)
            if value is None:
                value = ""
            elif not spreadsheet:
                value = f"{value:.1f}".replace(".", ",")  # as the matrix shows it: 50,0
            values += [value, "", "", ""]
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
    for values in iter_rows(matrix, spreadsheet=True):
        sheet.append(
            [
                xlsx_cell(sheet, value, number_format="dd/mm/yyyy hh:mm")
                if isinstance(value, datetime.datetime)
                else xlsx_cell(sheet, value)
                for value in values
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
