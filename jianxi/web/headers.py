"""Headers that every response carries."""
from flask import Flask

from . import critical_css


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


def init_app(app: Flask) -> None:
    policy = content_security_policy(critical_css.of(app).csp_source)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response
