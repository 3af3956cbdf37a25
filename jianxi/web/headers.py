"""What each response carries besides its body: the one place that decides it.

A page (any HTML, JSON or file download the app makes, error pages included) carries the
Content-Security-Policy, nosniff, Referrer-Policy and X-Frame-Options set here, and
web/requestlog.py's X-Request-ID and Server-Timing. A fingerprinted static file (web/assets.py)
carries only nosniff, its type and encoding, Vary, Cache-Control and ETag: the others only mean
something for a document, and on a phone's first visit each of four or five files would bring
them again (≈ 0.3 KB a file). Nor does a file send the session cookie or Vary: Cookie
(web/session_cookie.py and web/requestlog.py ask is_static_file() here).
"""
from flask import Flask, request

from . import critical_css

STATIC_FILE = "jianxi.static_file"  # in the WSGI environ: request-scoped, unlike g


def content_security_policy(inline_style: str) -> str:
    """No inline script at all; of inline styles only the one whose hash is `inline_style`."""
    return "; ".join(
        (
            "default-src 'self'",
            f"style-src 'self' {inline_style}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def mark_static_file() -> None:
    """Called by the view that answers with a fingerprinted file (not by its 404 page)."""
    request.environ[STATIC_FILE] = True


def is_static_file() -> bool:
    return request.environ.get(STATIC_FILE, False)


def init_app(app: Flask) -> None:
    policy = content_security_policy(critical_css.of(app).csp_source)

    @app.after_request
    def _headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        if is_static_file():
            return response
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers["Referrer-Policy"] = "same-origin"
        # CSP's frame-ancestors says the same to browsers of CSP level 2 (Chrome 40, 2015). Android
        # 4.4's built-in WebView (Chromium 30–33), still in cheap phones' vendor browsers, knows only
        # this header; 22 bytes keep a withdraw button from being clicked through someone's frame there.
        response.headers["X-Frame-Options"] = "DENY"
        return response
