"""Public search pages for visitors who are not signed in: rendered and compressed once per
(what was asked, data version, today), kept in a bounded per-process cache, and answered 304
from the version alone when the browser or a proxy already holds the page.

The cache is per process (search.caches) and keys on the data version as search.version_watch
knows it, so a server serves no page from before a write once a second has passed since it. Signed-in
people always get a freshly rendered private page.
"""
import hashlib
from collections.abc import Callable, Hashable

from flask import Response, current_app, request
from flask_login import current_user

from ..services import clock
from ..web import htmx
from ..web.encodings import Encoded
from . import caches, fastpath


def cache_control() -> str:
    """Proxies may keep the page; by default they revalidate every time (a 304 costs nothing and a
    page is never stale). PUBLIC_SEARCH_MAX_AGE > 0 lets them serve it that many seconds unasked."""
    max_age = current_app.config["PUBLIC_SEARCH_MAX_AGE"]
    return f"public, max-age={max_age}" if max_age > 0 else "public, no-cache"


def page(key: Hashable, render: Callable[[], Response], versioned: bool = True, max_age: int | None = None):
    """The answer for `key` (everything the page depends on but the data), from the cache when
    it can be; `render` makes the response when it cannot. An unversioned page depends on no data
    (a county list); `max_age` then says how long anyone may keep it."""
    if current_user.is_authenticated:
        return render()
    parts = (key, htmx.target(), htmx.is_htmx())
    made_at = (current_app.extensions["version_watch"].version(), clock.today()) if versioned else (None, None)
    if versioned:
        parts += made_at
    # The same answer may be given again without entering the app, while these still hold.
    request.environ[fastpath.MARK] = made_at
    encoding = _encoding()
    etag = hashlib.sha1(repr(parts).encode()).hexdigest()[:24] + (f"-{encoding}" if encoding else "")
    control = f"public, max-age={max_age}" if max_age else cache_control()
    if etag in request.if_none_match:
        return _answer(Response(status=304), etag, control)
    entry = caches.pages().get(parts)
    if entry is None:
        rendered = render()
        if rendered.status_code != 200 or rendered.mimetype != "text/html":
            return rendered
        entry = _Entry(Encoded.of(rendered.get_data(), 5, 6), dict(rendered.headers))
        caches.pages().put(parts, entry)
    body, used = entry.body.pick(request.accept_encodings)
    response = Response(body, headers=entry.headers)
    if used:
        response.headers["Content-Encoding"] = used
    return _answer(response, etag, control)


class _Entry:
    __slots__ = ("body", "headers")

    def __init__(self, body: Encoded, headers: dict):
        self.body = body
        self.headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "etag")}

    @property
    def size(self) -> int:
        return self.body.size


def _encoding() -> str | None:
    accepted = request.accept_encodings
    return "br" if accepted["br"] else "gzip" if accepted["gzip"] else None


def _answer(response: Response, etag: str, control: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = control
    response.vary.update(("Accept-Encoding", "Cookie", "HX-Request", "HX-Target"))
    return response
