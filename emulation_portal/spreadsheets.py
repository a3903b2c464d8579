"""Cells that spreadsheets show as text, never run as formulas (CSV/XLSX formula injection).

Names come from users: an organisation called `=HYPERLINK("http://…")` or `+cmd|…` would
be a live formula when staff open an export in Excel or LibreOffice. Every CSV and XLSX
the portal writes goes through these helpers:

    writer.writerow(csv_row(values))                 # CSV: a leading apostrophe
    sheet.append(xlsx_row(sheet, values))            # XLSX: an explicit string cell
    sheet.append(xlsx_row(sheet, values, font=bold)) # with a style on every cell

Numbers, dates and None pass through unchanged, so sums still work.
"""

# What makes Excel, LibreOffice or Google Sheets read a text cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """`value`, with text that a spreadsheet would run as a formula prefixed by an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values):
    return [csv_safe(value) for value in values]


def xlsx_cell(sheet, value, **style):
    """A write-only cell of `sheet` holding `value`; text is always stored as a string, never a formula.

    `style` sets cell attributes such as `font=Font(bold=True)` or `number_format="0.0"`.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl turns text starting with "=" into a formula; an explicit string type
        # stores it as typed, and Excel shows it as text.
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_row(sheet, values, **style):
    """Cells for `sheet.append()`: see `xlsx_cell`."""
    return [xlsx_cell(sheet, value, **style) for value in values]
