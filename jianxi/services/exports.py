"""Spreadsheets for offices: CSV in UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
import csv
import io
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """A long number Excel must keep as written (ID, mobile): 14010520030512123X, not 1.4E+17."""
    return f'="{value}"' if value else ""


def cell(value) -> str:
    """Free text, neutralised so a spreadsheet never runs it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


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
