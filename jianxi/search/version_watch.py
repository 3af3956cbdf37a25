"""The catalogue's data version as this process knows it, without a database read on every page.

Public pages are cached under the data version (search.page_cache, search.fastpath). Reading it
from the database on every request costs a round trip that, on PostgreSQL, is most of what a
cached page costs. Instead each worker process keeps the version it last learned, and learns a
new one within a second of the write, on every server:

- `listen` (PostgreSQL): the trigger that raises the version also sends NOTIFY catalog_version
  (search.catalog); a thread holds one connection LISTENing and re-reads the version when told.
  NOTIFY is delivered on commit, so servers see a write within milliseconds. While that
  connection is down (a restart of the server, a network fault), the version is read on every
  request as before, until the thread is connected again.
- `poll` (SQLite, one machine): the version read is kept for POLL_SECONDS, then read again.
- `read`: read on every request (the tests, which write and read in the same breath; CLI commands).

CATALOG_VERSION_WATCH chooses; empty means `listen` on PostgreSQL and `poll` on SQLite.
"""
import logging
import os
import select
import threading
import time

from ..db import db
from . import catalog

POLL_SECONDS = 0.5  # a write shows on a SQLite server's public pages within this long
CHANNEL = "catalog_version"
IDLE_CHECK_SECONDS = 5  # a LISTEN connection idle this long is asked SELECT 1, so a dead one is found
RECONNECT_SECONDS = 1
MODES = ("read", "poll", "listen")

log = logging.getLogger("jianxi.version_watch")


class VersionWatch:
    def __init__(self, mode: str, database_url: str, monotonic=time.monotonic):
        if mode not in MODES:
            raise ValueError(f"CATALOG_VERSION_WATCH is one of {', '.join(MODES)}, not {mode!r}")
        self.mode, self.url, self.monotonic = mode, database_url, monotonic
        self.known: int | None = None  # None: not known now, read it
        self.read_at = float("-inf")
        self.pid = None  # the process the LISTEN thread runs in (a forked worker starts its own)
        self.lock = threading.Lock()

    @classmethod
    def for_app(cls, config: dict) -> "VersionWatch":
        url = config["DATABASE_URL"]
        mode = config.get("CATALOG_VERSION_WATCH") or ("listen" if url.startswith("postgres") else "poll")
        return cls(mode, url)

    def version(self) -> int:
        """The data version: as last learned, or read now when it is not known or too old."""
        if self.mode == "listen":
            if self.pid != os.getpid():
                self._start_listening()
            if self.known is not None:
                return self.known
            return _read()
        if self.mode == "poll":
            now = self.monotonic()
            if self.known is None or now - self.read_at >= POLL_SECONDS:
                self.known, self.read_at = _read(), now
            return self.known
        return _read()

    # -- listen ---------------------------------------------------------------------------------

    def _start_listening(self) -> None:
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.known = os.getpid(), None
            threading.Thread(target=self._listen_forever, name="catalog-version-listener", daemon=True).start()

    def _listen_forever(self) -> None:
        import psycopg2  # PostgreSQL only: SQLite installs never reach here

        while True:
            try:
                self._listen(psycopg2)
            except Exception:  # the server went away, or refused us: read per request meanwhile
                log.warning("catalog version listener lost its connection; reading the version per request",
                            exc_info=True)
            self.known = None
            time.sleep(RECONNECT_SECONDS)

    def _listen(self, psycopg2) -> None:
        connection = psycopg2.connect(_libpq_url(self.url), application_name="jianxi-version-watch",
                                      connect_timeout=5, keepalives=1, keepalives_idle=5,
                                      keepalives_interval=2, keepalives_count=2)
        try:
            connection.autocommit = True
            cursor = connection.cursor()
            cursor.execute(f"LISTEN {CHANNEL}")
            # Read after LISTEN: a write committed from here on is both in the read or notified.
            self.known = _read_with(cursor)
            while True:
                readable, _, _ = select.select([connection], [], [], IDLE_CHECK_SECONDS)
                if not readable:
                    cursor.execute("SELECT 1")
                    continue
                connection.poll()
                if connection.notifies:
                    connection.notifies.clear()
                    self.known = _read_with(cursor)
        finally:
            connection.close()


def _read() -> int:
    """One read of the version on a connection of the pool (opened for it if none is)."""
    opened = db.connect(reuse_if_open=True)
    try:
        return catalog.version()
    finally:
        if opened:
            db.close()


def _read_with(cursor) -> int:
    cursor.execute(catalog.VERSION_SQL)
    row = cursor.fetchone()
    return row[0] if row else 0


def _libpq_url(url: str) -> str:
    """DATABASE_URL as libpq takes it: peewee's `+pool` and the like are not libpq's."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url
