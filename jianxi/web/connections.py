"""A database connection for each request that needs one, lent by the pool and given back at the end."""
from flask import Flask, g, request

from ..db import db

# Endpoints that need no database, or check it themselves.
WITHOUT_DATABASE = ("assets.static", "health.healthz")


def init_app(app: Flask) -> None:
    @app.before_request
    def _connect():
        if request.endpoint in WITHOUT_DATABASE:
            return
        # False when a connection was already open (a CLI command, a test): leave that one alone.
        g.opened_db = db.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if g.pop("opened_db", False) and not db.is_closed():
            db.close()
