"""Chinese error pages (web/error_pages.py) instead of Werkzeug's English ones, never with a trace,
and for htmx a fragment retargeted to the alert area."""
import pytest
from werkzeug.exceptions import TooManyRequests

from tests.support import text


@pytest.fixture
def failing_app(app):
    """The app with routes that fail in the ways error pages must cover."""

    def boom():
        raise RuntimeError("database exploded: password=hunter2")

    def too_many():
        raise TooManyRequests()

    app.add_url_rule("/test/boom", "boom", boom)
    app.add_url_rule("/test/too-many", "too_many", too_many)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    "method, url, kwargs, status, title",
    [
        ("get", "/nowhere", {}, 404, "页面不存在"),
        ("post", "/positions/", {}, 405, "操作方式不对"),
        ("get", "/review/", {}, 302, None),
        ("get", "/test/boom", {}, 500, "系统繁忙"),
        ("get", "/test/too-many", {}, 429, "操作太频繁"),
        ("post", "/login", {"data": "x" * (33 * 1024 * 1024), "content_type": "text/plain"}, 413, "文件太大"),
    ],
)
def test_error_pages_are_chinese_and_never_show_a_trace(failing_app, dbc, method, url, kwargs, status, title):
    client = failing_app.test_client()
    r = getattr(client, method)(url, **kwargs)
    body = r.get_data(as_text=True)
    assert r.status_code == status
    if title:
        assert f"<title>{title}" in body and "<h1>" in body
    assert "Traceback" not in body and "hunter2" not in body and "Werkzeug" not in body


def test_error_fragment_for_htmx_goes_to_alert_area(failing_app, dbc):
    r = failing_app.test_client().get("/test/boom", headers={"HX-Request": "true", "HX-Target": "results"})
    assert r.status_code == 500 and "<html" not in r.get_data(as_text=True)
    assert "系统繁忙" in r.get_data(as_text=True) and r.headers["HX-Retarget"] == "#alerts"


def test_400_and_403_pages(client, auth, dbc, app):
    auth.login()
    r = client.get("/review/")
    assert r.status_code == 403 and "没有权限" in r.get_data(as_text=True)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/logout")
        assert r.status_code == 400 and "页面已过期" in r.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_405_keeps_allow_header(client, dbc):
    assert "GET" in client.post("/positions/").headers["Allow"]


def test_csrf_htmx_post_without_token_gets_fragment_in_alert_area(client, auth, dbc, app):
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/logout", headers={"HX-Request": "true", "HX-Target": "x"})
        assert r.status_code == 400 and "<html" not in text(r) and "页面已过期" in text(r)
        assert r.headers["HX-Retarget"] == "#alerts"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
