"""Writing rows to an .xlsx file without holding them: xlsxwriter's constant-memory mode.

In that mode each row is flushed to a temporary file once the next row
starts, so a sheet of 10⁵ rows costs the memory of one row, not of the sheet.
Rows must therefore be written top to bottom, once each, which is how the
exports read them.
"""

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

import xlsxwriter

DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def write_xlsx(path: Path, *, title: str, headers: list[str], rows: Iterable[list], widths=(),
               progress: Callable[[int], None] | None = None, every: int = 1000) -> int:
    """Write a sheet with `headers` and `rows` to `path`; the number of rows written.

    `progress(n)` is called every `every` rows. Datetimes must be naive, already
    on the office's clock (Excel has no time zones).
    """
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    try:
        sheet = workbook.add_worksheet(_sheet_name(title))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        date_time = workbook.add_format({"num_format": DATE_TIME_FORMAT})
        date = workbook.add_format({"num_format": DATE_FORMAT})
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.write_row(0, 0, [str(header) for header in headers], bold)
        sheet.freeze_panes(1, 0)
        written = 0
        for written, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, datetime.datetime):
                    sheet.write_datetime(written, column, value, date_time)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(written, column, datetime.datetime.combine(value, datetime.time()), date)
                elif isinstance(value, bool):
                    sheet.write_boolean(written, column, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(written, column, value)
                else:
                    # Always as text: an ID number must not become 1.1e17, nor "=..." a formula.
                    sheet.write_string(written, column, str(value))
            if progress is not None and written % every == 0:
                progress(written)
        if written:
            sheet.autofilter(0, 0, written, max(len(headers) - 1, 0))
    finally:
        workbook.close()
    return written


def _sheet_name(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and more than 31 of them.
    name = "".join("_" if char in "[]:*?/\\" else char for char in str(title))
    return name[:31] or "Sheet1"
