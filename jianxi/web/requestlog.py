"""One log line per request, with a request id: taken from X-Request-ID when the proxy sends one
(so nginx's and the app's lines match), else made here; sent back in X-Request-ID (not with static
files). The path is logged without query values, which may be personal (a name typed in a search box).

The same clock gives the Server-Timing header: browsers' developer tools show it, and the
benchmark reads it to tell a query's service time from the network and queueing."""
import logging
import re
import secrets
import time
from urllib.parse import parse_qsl

from flask import Flask, g, request

from .headers import is_static_file

log = logging.getLogger("jianxi.requests")
GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id() -> str:
    return getattr(g, "request_id", "-")


def path_without_values(path: str, query_string: str) -> str:
    """/positions/?city&q rather than /positions/?city=140100&q=张三."""
    keys = "&".join(dict.fromkeys(name for name, _ in parse_qsl(query_string, keep_blank_values=True)))
    return path + (f"?{keys}" if keys else "")


def choose_id(given: str) -> str:
    """The proxy's request id when it is a sensible one, else a new one."""
    return given if GOOD_ID.match(given) else secrets.token_hex(8)


def write(request_id: str, method: str, path: str, query_string: str, status, duration_ms: float) -> None:
    """The one line a request leaves in the log (the query's values left out)."""
    log.info("%s %s %s %s %.1fms", request_id, method, path_without_values(path, query_string), status, duration_ms)


def init_app(app: Flask) -> None:
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)

    @app.before_request
    def _identify():
        g.request_id = choose_id(request.headers.get("X-Request-ID", ""))
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response):
        started = g.pop("request_started", None)
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        # A static file needs neither: it is served from memory, and no one quotes its id (the log
        # line still has it); on a phone's first visit each of four files would bring both again.
        if not is_static_file():
            response.headers["X-Request-ID"] = request_id()
            response.headers["Server-Timing"] = f"app;dur={duration:.2f}"
        write(request_id(), request.method, request.path, request.query_string.decode("latin-1"),
              response.status_code, duration)
        return response
