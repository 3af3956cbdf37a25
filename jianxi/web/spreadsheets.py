"""Spreadsheet downloads for offices, never cached: CSV in UTF-8 with a BOM (so Excel opens the
Chinese text correctly), streamed row by row; .xlsx written by XlsxWriter, its header in bold and
long numbers kept as text. A Chinese file name is sent as RFC 5987/6266 say, with an ASCII one
beside it for older clients."""
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

import xlsxwriter
from flask import Response, stream_with_context

BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[str]]) -> Iterator[str]:
    """The file line by line (for a streamed response), BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(header)
    for row in rows:
        yield line(row)


def attachment(filename: str, ascii_name: str | None = None) -> str:
    """A Content-Disposition for a download: `filename` as is when ASCII, else percent-encoded in
    UTF-8 (filename*) after `ascii_name` (filename), which clients without RFC 5987 show."""
    if filename.isascii():
        return f"attachment; filename={filename}"
    fallback = (ascii_name or "download").replace('"', "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _download(response: Response, filename: str, ascii_name: str | None) -> Response:
    response.headers["Content-Disposition"] = attachment(filename, ascii_name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


BLOCK_CHARACTERS = 16 * 1024  # a streamed file is sent in blocks of about this many characters


def in_blocks(lines: Iterable[str], size: int = BLOCK_CHARACTERS) -> Iterator[str]:
    """The first line at once (the download starts before the rows are read), then the lines
    gathered into blocks: one write per line would cost more than writing the line."""
    lines = iter(lines)
    yield next(lines, "")
    block, length = [], 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def csv_download(filename: str, header: Iterable[str], rows: Iterable[Iterable[str]],
                 ascii_name: str | None = None) -> Response:
    """A CSV file streamed as its rows are read: `rows` should be a generator reading the
    database a chunk at a time (db.in_chunks), so a file of any length costs constant memory.
    Anything to check or record (access, the audit) is done before this is called."""
    response = Response(stream_with_context(in_blocks(csv_lines(header, rows))), mimetype="text/csv")
    return _download(response, filename, ascii_name)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = (),
               text_columns: Iterable[int] = (), sheet: str = "Sheet1") -> bytes:
    """One worksheet: the header in bold and frozen, with a filter; integers as numbers, everything
    else as text (so an ID number or a mobile number is never turned into a number), the
    `text_columns` formatted as text too, for an edit in Excel to keep them so. Rows are written
    as they come (XlsxWriter's constant memory mode), so a long roster costs no more memory."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    as_text = book.add_format({"num_format": "@"})
    sheet_ = book.add_worksheet(sheet)
    text_columns = set(text_columns)
    for column, width in enumerate(widths):
        sheet_.set_column(column, column, width, as_text if column in text_columns else None)
    sheet_.freeze_panes(1, 0)
    for column, label in enumerate(header):
        sheet_.write_string(0, column, label, bold)
    last = 0
    for last, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                sheet_.write_number(last, column, value)
            elif value not in (None, ""):
                sheet_.write_string(last, column, str(value), as_text if column in text_columns else None)
    sheet_.autofilter(0, 0, last, max(len(header) - 1, 0))
    book.close()
    return output.getvalue()


def xlsx_download(filename: str, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = (),
                  text_columns: Iterable[int] = (), sheet: str = "Sheet1", ascii_name: str | None = None) -> Response:
    body = xlsx_bytes(header, rows, widths, text_columns, sheet)
    return _download(Response(body, mimetype=XLSX), filename, ascii_name)
