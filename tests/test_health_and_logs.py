"""/healthz for the load balancer, and one log line per request with its request id."""
import json
import logging

from jianxi import create_app
from tests.conftest import text


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


def _request_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "jianxi.requests"]


def test_each_request_is_logged_once_with_the_proxys_request_id_and_no_query_values(client, caplog):
    caplog.set_level(logging.INFO, logger="jianxi.requests")
    response = client.get("/positions/?q=张三&city=140100&q=李四", headers={"X-Request-ID": "nginx-abc123"})
    assert response.headers["X-Request-ID"] == "nginx-abc123"
    [line] = _request_lines(caplog)
    request_id, method, path, status, duration = line.split()
    assert (request_id, method, path, status) == ("nginx-abc123", "GET", "/positions/?q&city", "200")
    assert duration.endswith("ms") and float(duration[:-2]) >= 0
    assert "张三" not in caplog.text and "140100" not in caplog.text


def test_a_request_without_an_id_or_with_a_strange_one_gets_a_new_one(client, caplog):
    caplog.set_level(logging.INFO, logger="jianxi.requests")
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz", headers={"X-Request-ID": "a b<script>"}).headers["X-Request-ID"]
    assert len(first) == 16 and len(second) == 16 and first != second
    assert [line.split()[0] for line in _request_lines(caplog)] == [first, second]


def test_an_unexpected_error_is_logged_with_the_request_id(app, caplog):
    caplog.set_level(logging.INFO)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 500 and "系统繁忙" in text(response)
    error = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert "req-42" in error.getMessage() and error.exc_info[1].args == ("kaboom",)
    assert _request_lines(caplog)[-1].split()[:4] == ["req-42", "GET", "/boom", "500"]
