"""CSV downloads for offices: UTF-8 with a BOM, so Excel opens the Chinese text correctly;
streamed row by row, never cached, named for the day."""
import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

BOM = "\ufeff"


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


def csv_download(filename: str, header: Iterable[str], rows: Iterable[Iterable[str]]) -> Response:
    response = Response(stream_with_context(csv_lines(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "private, no-store"
    return response
