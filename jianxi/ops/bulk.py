"""Loading many rows at once, the fastest way each engine offers: demo data and benchmarks
(1,000,000 positions in well under three minutes). Every row is a tuple in `columns`' order."""
import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from ..db import db

CHUNK = 20_000
NULL = r"\N"  # how a None travels in PostgreSQL's COPY


def _chunks(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def insert(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert the rows in one transaction: COPY on PostgreSQL, a prepared executemany on SQLite."""
    table = model._meta.table_name  # quoted below: `user` is a reserved word in PostgreSQL
    names = ", ".join(columns)
    count = 0
    with db.atomic():
        cursor = db.cursor()
        for chunk in _chunks(rows):
            if "postgres" in type(db.obj).__name__.lower():
                buffer = io.StringIO()
                # Quoted, so an empty string stays a string (an empty unquoted field would be NULL);
                # a None is written as the (quoted) marker that FORCE_NULL reads back as NULL.
                rows = ([NULL if value is None else value for value in row] for row in chunk)
                csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC).writerows(rows)
                buffer.seek(0)
                cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv, NULL \'{NULL}\', '
                                   f'FORCE_NULL ({names}))', buffer)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', chunk)
            count += len(chunk)
    return count
