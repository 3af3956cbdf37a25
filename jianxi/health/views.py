"""/healthz for load balancers and operators: can this server reach its database and its file
storage right now? No personal data, never cached."""
from flask import Blueprint, current_app, jsonify

from ..db import db
from ..ops import storage

bp = Blueprint("health", __name__)


def _database() -> None:
    with db.connection_context():
        db.execute_sql("SELECT 1").fetchone()


CHECKS = {"database": _database, "storage": lambda: storage.current().check()}


@bp.get("/healthz")
def healthz():
    """200 with each part "ok", or 503 naming the part that failed (its error goes to the log)."""
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
            report[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure means this server should get no traffic
            current_app.logger.exception("health check failed: %s", name)
            report[name] = "unavailable"
    healthy = all(state == "ok" for state in report.values())
    response = jsonify(status="ok" if healthy else "unavailable", **report)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
