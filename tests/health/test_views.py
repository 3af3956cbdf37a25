"""/healthz for the load balancer (health/views.py): the database and the file store each reported,
503 naming the part that is down, never cached."""
import json

from jianxi import create_app
from tests.support import text


def test_healthz_reports_database_and_storage_without_being_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(text(response)) == {"status": "ok", "database": "ok", "storage": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_names_the_part_that_is_down_and_answers_503(tmp_path, caplog):
    """A database the server cannot open (a directory that does not exist) takes it out of the
    balancer's rotation; the error goes to the log, not to whoever asks."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}",
                      "UPLOAD_DIR": str(tmp_path / "uploads")})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(text(response)) == {"status": "unavailable", "database": "unavailable", "storage": "ok"}
    assert "unable to open database" not in text(response)
    assert "health check failed: database" in caplog.text


def test_healthz_fails_when_the_file_store_is_unreachable(app, tmp_path):
    from jianxi.ops.storage import S3Storage

    app.extensions["storage"] = S3Storage("s3://k:s@127.0.0.1:9/bucket?secure=0", str(tmp_path / "spool"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and json.loads(text(response))["storage"] == "unavailable"
