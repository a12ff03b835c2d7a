"""Tables as downloads: CSV (UTF-8 with a BOM, so spreadsheets read the letters right) and
XLSX (XlsxWriter, streaming rows in constant memory). Text that a spreadsheet would run as
a formula (=, +, -, @ first) is prefixed with an apostrophe: an export never executes what
a learner typed as their name."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import xlsxwriter
from starlette.responses import Response

#: The formats a table downloads in: the route's suffix (``skills.csv``, ``skills.xlsx``).
ExportFormat = Literal["csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return Response(
        buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=_attachment(filename)
    )


def xlsx_response(
    filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    worksheet = book.add_worksheet(sheet[:31])
    worksheet.write_row(0, 0, list(header), bold)
    worksheet.freeze_panes(1, 1)
    for number, row in enumerate(rows, start=1):
        worksheet.write_row(number, 0, [_cell(v) for v in row])
    book.close()
    return Response(buffer.getvalue(), media_type=XLSX, headers=_attachment(filename))


def table_response(
    fmt: str, name: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    """``fmt`` is "csv" or "xlsx" (the route's suffix)."""
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", sheet, header, rows)
    return csv_response(f"{name}.csv", header, rows)
