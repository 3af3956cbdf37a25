"""What an outside probe found (issue 10), each shown fixed over HTTP: sessions end at 退出 and on a
new password, nobody can lock the owner out, case-twins cannot race into accounts, registration is
throttled, huge ids are 404, crashes leave no half files, download names match their bytes."""
import datetime
import io
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from jianxi.db import db
from jianxi.models import Attachment, User
from jianxi.ops import storage
from jianxi.services import attachments
from tests.conftest import text
from tests.factories import JPEG, make_application, make_attachment, make_user, valid_id_number
from tests.servers import Browser, gunicorn, served_by

PASSWORD = "secret-pass-1"


def session_cookie(client):
    return client.get_cookie("session").value


# 1. 退出 and a new password end the session; so does a long idle time

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


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"current_password": "wrong-one-1"}, "current_password", "当前密码不正确"),
        ({"new_password": "12345678", "confirm_password": "12345678"}, "new_password", "不能全是数字"),
        ({"confirm_password": "different-9"}, "confirm_password", "两次输入的新密码不一致"),
    ],
)
def test_password_change_mistakes_are_said_by_their_field(client, auth, form, field, message):
    auth.login()
    data = {"current_password": PASSWORD, "new_password": "brand-new-pass-9", "confirm_password": "brand-new-pass-9"}
    r = client.post("/me/password", data={**data, **form})
    assert r.status_code == 422 and re.search(rf'id="{field}-error">.*?{message}', text(r))
    assert client.get("/me/").status_code == 200, "still signed in"


def test_password_page_for_staff_too_and_needs_sign_in(client, auth):
    assert client.get("/me/password").status_code == 302
    auth.login(role="reviewer")
    assert client.get("/me/password").status_code == 200


def test_csrf_password_change_needs_the_token(client, auth, app):
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/me/password", data={"current_password": PASSWORD, "new_password": "brand-new-pass-9",
                                              "confirm_password": "brand-new-pass-9"})
        assert r.status_code == 422 and "页面已过期" in text(r)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


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


def test_set_password_command_for_a_forgotten_password(app, dbc):
    user = make_user()
    result = app.test_cli_runner().invoke(args=["set-password", "ZhangSan", "--password", "brand-new-pass-9"])
    assert result.exit_code == 0 and "所有设备上的登录都已退出" in result.output
    assert User.get_by_id(user.id).session_token != user.session_token
    bad = app.test_cli_runner().invoke(args=["set-password", "zhangsan", "--password", "123456789"])
    assert bad.exit_code != 0 and "不能全是数字" in bad.output


# 2 and 3. Lock-outs and case-twins, over two gunicorn workers and several addresses

@pytest.fixture
def served(database_url, tmp_path, app):
    with gunicorn(database_url, tmp_path, TRUST_PROXY_HEADERS="1") as base:
        yield base


def from_address(base, address):
    return Browser(base, headers={"X-Forwarded-For": address})


def test_strangers_cannot_lock_the_owner_out(served, tmp_path, app):
    with app.app_context(), db.connection_context():
        make_user()
    owner = from_address(served, "203.0.113.7")
    assert owner.sign_in("zhangsan", PASSWORD).status == 303, "signs in once: the browser is now known"
    owner.post("/logout", {"csrf_token": owner.csrf_token("/me/")})
    def guess(i):
        return from_address(served, f"198.51.100.{i}").sign_in("zhangsan", "guess-guess").status

    # From 35 addresses, past every ceiling for unknown browsers; four at a time, so both workers answer.
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(guess, range(35))) <= {422, 429}
    refused = from_address(served, "198.51.100.200").sign_in("zhangsan", "guess-guess")
    assert refused.status == 429 and "登录失败次数过多" in refused.text
    assert owner.sign_in("zhangsan", PASSWORD).status == 303, "the owner's browser is still let in"
    assert len(served_by(tmp_path, "/login")) == 2, "both workers answered and counted alike"


def test_five_failures_lock_only_that_address(served, app):
    with app.app_context(), db.connection_context():
        make_user()
    stranger = from_address(served, "198.51.100.1")
    answers = [stranger.sign_in("zhangsan", "guess-guess") for _ in range(6)]
    assert [r.status for r in answers] == [422, 422, 422, 422, 429, 429]
    judged = ["用户名或密码不正确" in r.text for r in answers]
    assert judged == [True] * 5 + [False], "the fifth is judged, then locks; the sixth is not judged"
    assert from_address(served, "198.51.100.2").sign_in("zhangsan", PASSWORD).status == 303


def test_thirty_case_twins_registering_at_once_make_one_account(served):
    barrier, answers = threading.Barrier(30), []
    names = [("Race1", "race1", "RACE1", "rAce1", "raCE1")[i % 5] for i in range(30)]

    def register(i):
        person = from_address(served, f"192.0.2.{i}")
        form = {"username": names[i], "password": "good-pass-1", "confirm_password": "good-pass-1", "real_name": "王五",
                "id_number": valid_id_number(sequence=f"{i:03d}"), "mobile": "13912345678",
                "csrf_token": person.csrf_token("/register")}
        barrier.wait()
        answers.append(person.post("/register", form))

    threads = [threading.Thread(target=register, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in answers) == [303] + [422] * 29
    assert all("该用户名已被注册" in r.text for r in answers if r.status == 422)
    assert User.select().where(User.username.in_(set(names))).count() == 1


# 4. Registration is throttled per address

def test_eleventh_registration_from_one_address_waits(client, dbc):
    for i in range(10):
        r = client.post("/register", data={"username": f"user{i}x", "password": "x"})
        assert r.status_code == 422
    r = client.post("/register", data={"username": "patient1", "real_name": "王五"})
    assert r.status_code == 429 and "注册尝试过于频繁" in text(r) and 'value="patient1"' in text(r)


# 5. Ids beyond 64 bits are simply not found

HUGE = "99999999999999999999"


@pytest.mark.parametrize("method, url", [
    ("GET", f"/positions/{HUGE}"), ("GET", "/positions/9223372036854775808"), ("GET", f"/files/{HUGE}"),
    ("GET", f"/me/applications/{HUGE}/withdraw"), ("POST", f"/apply/attachments/{HUGE}/delete"),
    ("GET", f"/review/applications/{HUGE}"), ("POST", f"/me/positions/{HUGE}/favorite"),
])
def test_ids_beyond_64_bits_are_404(client, auth, method, url):
    auth.login(role="reviewer" if url.startswith("/review") else "applicant")
    assert client.open(url, method=method, data={"action": "add"}).status_code == 404


def test_a_huge_attachment_id_in_the_form_is_the_forms_message(client, auth):
    auth.login()
    r = client.post("/apply/", data={"category": "graduate", "attachment_id_front": HUGE, "submission_key": "k"})
    # No attachment has that id: the row is empty, and says so with the form's other mistakes.
    assert r.status_code == 422 and "身份证人像面：请上传身份证人像面" in text(r) and "错误" in text(r)
    r = client.post("/apply/", data={"attachment_id_front": HUGE, "edit": "1"})
    assert r.status_code == 200


# 6. Half-written uploads and unused removed attachments are cleaned up

def test_clean_uploads_removes_crash_leftovers_and_unused_removed_files(app, dbc):
    files = storage.current()
    owner = make_user(id_number=valid_id_number(birth="20030512"))
    used = make_application(owner)
    kept = attachments.latest_by_kind(owner)["id_front"]
    removed_unused = make_attachment(owner, "other")
    attachments.remove(owner, removed_unused.id)
    attachments.remove(owner, kept.id)  # removed, but the application still uses it
    folder = files.path("ab0000").parent
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / ".ab01.part", folder / ".ab02.part"
    unrecorded, arriving = folder / "ab03.jpg", folder / "ab04.jpg"  # kept, but the crash came before the row
    for path in (stale, fresh, unrecorded, arriving):
        path.write_bytes(b"x" * 1000)
    two_hours_ago = time.time() - 7200
    for path in (stale, unrecorded):
        os.utime(path, (two_hours_ago, two_hours_ago))
    result = app.test_cli_runner().invoke(args=["clean-uploads"])
    assert result.exit_code == 0 and "已清理 2 个未写完或未登记的上传文件、1 个已删除" in result.output
    assert not stale.exists() and not unrecorded.exists()
    assert fresh.exists() and arriving.exists(), "an upload still arriving or being recorded is left alone"
    assert not files.path(removed_unused.stored_name).exists()
    assert not Attachment.select().where(Attachment.id == removed_unused.id).exists()
    assert files.path(kept.stored_name).exists() and used.status == "pending"


# 7. The name a file is served under ends as its bytes are

def test_download_name_takes_the_extension_of_the_detected_type(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        poly = make_attachment(owner, "id_front", JPEG, "poly.html")
        bare = make_attachment(owner, "id_back", JPEG, "照片")
    r = client.get(f"/files/{poly.id}")
    assert r.headers["Content-Disposition"] == "inline; filename=poly.jpg" and r.mimetype == "image/jpeg"
    assert "filename*=UTF-8''%E7%85%A7%E7%89%87.jpg" in client.get(f"/files/{bare.id}").headers["Content-Disposition"]
