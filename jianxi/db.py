"""The database: one handle every model and query uses, bound at start-up to a pool of connections.

Opening and closing a connection around each request is the web shell's (jianxi.web.connections);
the schema, migrations and bulk loading are operations' (jianxi.ops).
"""
import collections
import uuid
from collections.abc import Iterator

from peewee import DatabaseProxy
from playhouse.db_url import connect

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Wait for a competing writer instead of failing at once with "database is locked".
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def open_database(url: str):
    """A pool of connections per worker process: a new PostgreSQL connection costs ~4 ms, and a
    new SQLite one ~0.5 ms with its pragmas, more than a cached page takes to answer."""
    scheme, rest = url.split("://", 1)
    # The pool lends a connection to one thread at a time, but not always to the thread that
    # opened it (threaded servers: flask run, the browser tests), which SQLite refuses by default.
    if scheme.startswith("sqlite"):
        options = {"pragmas": SQLITE_PRAGMAS, "check_same_thread": False}
    else:
        # No parallel query: starting workers costs more than any of the app's queries takes, and a
        # worker per query would take the cores that other requests are waiting for. Pages cost
        # about the same read in any order (SSD, or the OS cache), so a walk along an index that
        # matches the filters is not priced as if each step were a disk seek.
        options = {"options": "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"}
    return connect(f"{scheme.split('+')[0]}+pool://{rest}", max_connections=8, stale_timeout=300, **options)


def bind(url: str) -> None:
    """Point the handle at the database at `url` (once per app, at start-up)."""
    db.initialize(open_database(url))


def is_postgres() -> bool:
    return "postgres" in type(db.obj).__name__.lower()


def writing():
    """A transaction that reads, then writes. SQLite lets one writer at a time and refuses a write
    whose reads another writer has since changed, at once (no wait): IMMEDIATE takes the write lock
    before the first read, so such a step waits its turn instead. PostgreSQL's rows lock as written."""
    return db.atomic() if is_postgres() else db.atomic("IMMEDIATE")


CHUNK_ROWS = 2000  # rows read from the database at a time by in_chunks


class _ChunkedCursor:
    """A cursor handed to peewee's row conversion: it reads `size` rows at a time (`fetch`), so
    no more than a chunk of a long result is ever held in the worker's memory."""

    def __init__(self, cursor, size: int):
        self.cursor, self.size, self.rows = cursor, size, collections.deque()

    @property
    def description(self):
        return self.cursor.description

    def fetch(self) -> list:
        return self.cursor.fetchmany(self.size)

    def fetchone(self):
        if not self.rows:
            self.rows.extend(self.fetch())
        return self.rows.popleft() if self.rows else None

    def close(self):
        self.cursor.close()


def in_chunks(query, size: int | None = None) -> Iterator:
    """The rows of `query` (models, tuples, as it asks) read from the database a chunk at a time,
    for a download of any length at constant memory. PostgreSQL's driver otherwise fetches a whole
    result before the first row: a server-side cursor, in a transaction, hands it over a chunk at
    a time. SQLite steps through a result only as it is fetched anyway."""
    size = size or CHUNK_ROWS
    sql, params = query.sql()
    if not is_postgres():
        cursor = db.execute_sql(sql, params)
        try:
            yield from _converted(query, _ChunkedCursor(cursor, size))
        finally:
            cursor.close()
        return
    with db.atomic():
        # Named, so the server holds the result; WITH HOLD because the pool's connections run in
        # autocommit (psycopg2 refuses a plain named cursor there, even inside BEGIN). It is closed
        # before the transaction ends, so the rows are never copied aside.
        cursor = db.connection().cursor(name=f"chunks_{uuid.uuid4().hex}", withhold=True)
        try:
            cursor.execute(sql, params)
            yield from _converted(query, _ChunkedCursor(cursor, size))
        finally:
            cursor.close()


def _converted(query, cursor: _ChunkedCursor) -> Iterator:
    return query._get_cursor_wrapper(cursor).iterator()
