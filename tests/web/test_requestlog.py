"""One log line per request with its request id (web/requestlog.py): the proxy's X-Request-ID or a new
one, the path without query values, and the same id on the log of an unexpected error."""
import logging

from tests.support import text


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
