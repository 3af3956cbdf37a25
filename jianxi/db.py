"""The database: one handle every model and query uses, bound at start-up to a pool of connections.

Opening and closing a connection around each request is the web shell's (jianxi.web.connections);
the schema, migrations and bulk loading are operations' (jianxi.ops).
"""
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
