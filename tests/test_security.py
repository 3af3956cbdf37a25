import pytest
from werkzeug.exceptions import TooManyRequests

from tests.factories import make_position

URLS = ["/", "/positions/", "/positions/counties?city=140100", "/login", "/register", "/nowhere", "/me/"]


@pytest.mark.parametrize("url", URLS)
def test_security_headers_on_every_response(client, dbc, url):
    r = client.get(url)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_static_and_post(client, dbc):
    body = client.get("/").get_data(as_text=True)
    css = body.split('rel="stylesheet" href="')[1].split('"')[0]
    for r in (client.get(css), client.post("/login", data={})):
        assert r.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in r.headers


def test_session_cookie_httponly_samesite_and_secure_when_configured(client, auth, app, dbc):
    auth.login()
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    app.config["SESSION_COOKIE_SECURE"] = True
    r = app.test_client().post("/login", data={"username": "zhangsan", "password": "secret-pass-1"})
    set_cookie = r.headers["Set-Cookie"]
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_secure_cookie_flag_from_environment(monkeypatch, tmp_path):
    from jianxi import config

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert config.from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.delenv("SESSION_COOKIE_SECURE")
    assert config.from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_secret_key_generated_once_into_instance(monkeypatch, tmp_path):
    from jianxi import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.from_environment(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32 and (tmp_path / "secret_key").read_text() == first
    assert config.from_environment(tmp_path)["SECRET_KEY"] == first


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


def test_public_page_does_not_set_a_cookie(client, dbc):
    make_position()
    r = client.get("/positions/")
    assert "Set-Cookie" not in r.headers
