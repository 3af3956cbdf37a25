"""CSRF on every write. Views whose form checks its own token re-render it on a stale token,
so what the person typed is kept; every other POST is checked before the view runs."""
from flask import Flask, request

from .extensions import csrf

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def form_checks_csrf(view):
    """Mark a view whose FlaskForm validates the token and shows a stale one as a form error."""
    view.form_checks_csrf = True
    return view


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def _protect():
        if request.method not in WRITE_METHODS or not app.config.get("WTF_CSRF_ENABLED", True):
            return
        view = app.view_functions.get(request.endpoint)
        if not getattr(view, "form_checks_csrf", False):
            csrf.protect()
