"""What an outside probe found (issue 10) about signing in and registering, each shown fixed over HTTP:
nobody can lock the owner out, case-twins cannot race into accounts, registration is throttled.

The probe's other points are tested with the code they are about: sessions that end at 退出 and on a new
password in tests/auth/test_sessions.py, huge ids in tests/reference/test_ids.py, half-written uploads in
tests/test_cli.py (clean-uploads), download names in tests/files/test_views.py."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from jianxi.db import db
from jianxi.models import User
from tests.factories import PASSWORD, make_user, valid_id_number
from tests.servers import from_address, gunicorn, served_by
from tests.support import text

# 2 and 3. Lock-outs and case-twins, over two gunicorn workers and several addresses

@pytest.fixture
def served(database_url, tmp_path, app):
    with gunicorn(database_url, tmp_path, TRUST_PROXY_HEADERS="1") as base:
        yield base


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
