"""Sessions (auth/sessions.py): 退出 and a new password end every session of the person, a session
idle for longer than the limit ends by itself, and the session cookie is HttpOnly, SameSite=Lax and,
when configured, Secure."""
import datetime
import io

from jianxi.models import Attachment
from tests.factories import JPEG, PASSWORD
from tests.support import text


def session_cookie(client):
    return client.get_cookie("session").value


def test_an_old_session_cookie_is_refused_after_logout(client, auth):
    auth.login()
    old = session_cookie(client)
    assert client.post("/logout").status_code == 303
    client.set_cookie("session", old)
    assert client.get("/me/").status_code == 302, "the kept cookie no longer signs anyone in"
    upload = client.post("/apply/attachments/id_front", data={"file_id_front": (io.BytesIO(JPEG), "a.jpg")},
                         headers={"HX-Request": "true"}, content_type="multipart/form-data")
    assert upload.status_code == 401 and not Attachment.select().exists()


def test_logout_ends_the_persons_other_sessions_too(client, app, auth):
    auth.login()
    other = app.test_client()
    other.post("/login", data={"username": "zhangsan", "password": PASSWORD})
    assert other.get("/me/").status_code == 200
    client.post("/logout")
    assert other.get("/me/").status_code == 302


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(client, app, auth):
    auth.login()
    other = app.test_client()
    other.post("/login", data={"username": "zhangsan", "password": PASSWORD})
    page = client.get("/me/password")
    assert page.status_code == 200 and 'autocomplete="current-password"' in text(page)
    r = client.post("/me/password", data={
        "current_password": PASSWORD, "new_password": "brand-new-pass-9", "confirm_password": "brand-new-pass-9"})
    assert r.status_code == 200 and "密码已修改" in text(r)
    assert client.get("/me/").status_code == 200 and other.get("/me/").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "zhangsan", "password": PASSWORD}).status_code == 422
    assert client.post("/login", data={"username": "zhangsan", "password": "brand-new-pass-9"}).status_code == 303


def test_a_session_idle_for_longer_than_the_limit_ends(client, auth, app, monkeypatch):
    import itsdangerous.timed

    auth.login()
    limit = app.config["PERMANENT_SESSION_LIFETIME"]
    assert limit == datetime.timedelta(minutes=120)
    started = itsdangerous.timed.time.time()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: started + limit.total_seconds() - 60)
    assert client.get("/me/").status_code == 200, "active within the limit: the cookie is signed again"
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: started + 2 * limit.total_seconds())
    assert client.get("/me/").status_code == 302


def test_session_cookie_is_signed_again_only_once_it_is_minutes_old(client, auth, monkeypatch):
    """≈ 0.4 KB a page on weak data; an idle session still ends within the limit of its last request."""
    import itsdangerous.timed

    auth.login()
    client.get("/me/")  # the first page keeps its form's CSRF token in the session: a change, sent
    signed = itsdangerous.timed.time.time()
    for page in ("/me/", "/apply/", "/positions/"):
        assert "Set-Cookie" not in client.get(page).headers, page
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: signed + 6 * 60)
    resigned = client.get("/me/")
    assert resigned.status_code == 200 and "session=" in resigned.headers["Set-Cookie"]
    assert "Set-Cookie" not in client.get("/me/").headers
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: signed + 6 * 60 + 120 * 60 - 30)
    assert client.get("/me/").status_code == 200, "within the limit of the request that signed it again"


def test_session_cookie_httponly_samesite_and_secure_when_configured(client, auth, app, dbc):
    auth.login()
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    app.config["SESSION_COOKIE_SECURE"] = True
    r = app.test_client().post("/login", data={"username": "zhangsan", "password": "secret-pass-1"})
    set_cookie = r.headers["Set-Cookie"]
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
