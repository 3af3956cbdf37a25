"""A CSV download for offices: streamed row by row, never cached, named for the day."""
from collections.abc import Iterable

from flask import Response, stream_with_context

from ..services import exports


def csv_download(filename: str, header: Iterable[str], rows: Iterable[Iterable[str]]) -> Response:
    response = Response(stream_with_context(exports.csv_lines(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "private, no-store"
    return response
