"""The second and later visitors to a public page, answered before Flask is entered.

A search results day is many visitors without an account asking the same few questions. Once a
page has been answered in full by the app for a visitor without cookies (search.page_cache
marks such answers with the data version and the day they were made at), the exact bytes and
headers sent are kept here, under everything in the request that could change them: path, query
string, Host, Accept-Encoding and the HX-* headers, as they came. The next such request is
answered from here when the data version now (as search.version_watch knows it: within a second
of a write, on every server) and today's date are still the ones the page was made at: the same
check page_cache makes.

Only plain GETs without cookies and without If-None-Match take this path; everything else (a
signed-in person, a 304 to work out, a first visit) goes through the app. The request still
gets its own request id, its Server-Timing and its log line (web.requestlog).
"""
import re
import time

from ..services import clock
from ..web import requestlog
from .caches import Bounded

MARK = "jianxi.public_page"  # set by page_cache: (data version, day) the page was made at
BYTES = 16 * 1024 * 1024
PER_REQUEST = re.compile(r"^(x-request-id|server-timing|date)$", re.I)


class _Kept:
    __slots__ = ("made_at", "status", "headers", "body")

    def __init__(self, made_at, status: str, headers: list, body: bytes):
        self.made_at, self.status, self.headers, self.body = made_at, status, headers, body

    @property
    def size(self) -> int:
        return len(self.body) + 64 * len(self.headers)


class FastPath:
    """WSGI middleware around the app (see the module's docstring)."""

    def __init__(self, wsgi_app, watch):
        self.wsgi_app, self.watch = wsgi_app, watch
        self.kept = Bounded(BYTES, getsizeof=lambda kept: kept.size)

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        key = _key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        kept = self.kept.get(key)
        if kept is not None and self._still_current(kept.made_at):
            return self._answer(kept, environ, start_response, started)
        return self._through_app(key, environ, start_response)

    def _still_current(self, made_at) -> bool:
        """Whether a page made at `made_at` (data version, day) would be made the same now."""
        if made_at == (None, None):  # a page that depends on no data (the county lists)
            return True
        try:
            version = self.watch.version()
        except Exception:  # the database is down: the app answers, with its own error page
            return False
        return made_at == (version, clock.today())

    def _through_app(self, key, environ, start_response):
        sent = {}

        def remember(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return start_response(status, headers, exc_info)

        chunks = self.wsgi_app(environ, remember)
        made_at = environ.get(MARK)
        if made_at is None or not sent.get("status", "").startswith("200"):
            return chunks
        if any(name.lower() == "set-cookie" for name, _ in sent["headers"]):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = [(name, value) for name, value in sent["headers"] if not PER_REQUEST.match(name)]
        self.kept.put(key, _Kept(made_at, sent["status"], headers, body))
        return [body]

    def _answer(self, kept: _Kept, environ, start_response, started: float):
        request_id = requestlog.choose_id(environ.get("HTTP_X_REQUEST_ID", ""))
        duration = (time.perf_counter() - started) * 1000
        start_response(kept.status, kept.headers + [
            ("X-Request-ID", request_id), ("Server-Timing", f"app;dur={duration:.2f}")])
        requestlog.write(request_id, "GET", environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                         kept.status[:3], duration)
        return [kept.body]


def _key(environ) -> tuple | None:
    """What could change the answer, as sent; None for requests this path never answers."""
    if environ.get("REQUEST_METHOD") != "GET" or "HTTP_COOKIE" in environ or "HTTP_IF_NONE_MATCH" in environ:
        return None
    hx = tuple(sorted((name, value) for name, value in environ.items() if name.startswith("HTTP_HX_")))
    return (environ.get("PATH_INFO"), environ.get("QUERY_STRING", ""), environ.get("HTTP_HOST"),
            environ.get("HTTP_ACCEPT_ENCODING"), hx)
