"""Per-process caches, bounded and one set per app: rendered public pages and search results.

Each entry's key holds the data version (search.catalog) it was made at, so a write anywhere
makes every older entry unreachable; the least recently used entries then age out. Nothing is
shared between processes, so servers behind a load balancer never disagree about what is fresh.
"""
import threading
from collections.abc import Callable, Hashable

from cachetools import LRUCache
from flask import Flask, current_app

PAGE_BYTES = 32 * 1024 * 1024  # rendered pages, in all their encodings
RESULTS = 2000  # search results (a page of positions and the count)


class Bounded:
    """A least-recently-used cache safe to share between a process's threads."""

    def __init__(self, maxsize: int, getsizeof: Callable | None = None):
        self._cache = LRUCache(maxsize=maxsize, getsizeof=getsizeof)
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            return self._cache.get(key)

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._cache[key] = value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    @property
    def held(self) -> tuple[int, int]:
        """(entries, their total size as counted for the bound)."""
        with self._lock:
            return len(self._cache), int(self._cache.currsize)

    @property
    def maxsize(self) -> int:
        return int(self._cache.maxsize)


def init_app(app: Flask) -> None:
    app.extensions["caches"] = {
        "pages": Bounded(PAGE_BYTES, getsizeof=lambda entry: entry.size),
        "results": Bounded(RESULTS),
    }


def pages() -> Bounded:
    return current_app.extensions["caches"]["pages"]


def results() -> Bounded:
    return current_app.extensions["caches"]["results"]
