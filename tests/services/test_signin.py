"""The sign-in lock-out policy of services/signin.py: strangers cannot lock the owner out."""
import datetime
import pathlib
import subprocess
import sys
import textwrap

import pytest

from jianxi.models import LoginAttempt, RegistrationAttempt
from jianxi.services import signin
from jianxi.services.errors import ServiceError, Throttled
from tests.factories import make_user

NOW = datetime.datetime(2026, 11, 26, 10, 0)
RIGHT = "secret-pass-1"


def fail(username="zhangsan", address="10.0.0.1", at=NOW, device=None):
    with pytest.raises(ServiceError) as error:
        signin.authenticate(username, "wrong-password", address, at, device)
    return error.value


def sign_in(username="zhangsan", address="10.0.0.1", at=NOW, device=None):
    return signin.authenticate(username, RIGHT, address, at, device)


def test_authenticate_right_and_wrong_password(dbc):
    user = make_user()
    assert sign_in("ZHANGSAN") == user
    error = fail()
    assert error.message == "用户名或密码不正确" and not isinstance(error, Throttled)


def test_five_failures_lock_that_username_at_that_address_only(dbc):
    make_user()
    for minute in range(4):
        assert not isinstance(fail(at=NOW + datetime.timedelta(minutes=minute)), Throttled)
    fifth = fail(at=NOW + datetime.timedelta(minutes=4))
    assert isinstance(fifth, Throttled) and "10:19" in fifth.message
    with pytest.raises(Throttled):  # even the right password, from that address
        sign_in(at=NOW + datetime.timedelta(minutes=18))
    assert sign_in(address="10.9.9.9", at=NOW + datetime.timedelta(minutes=5)).username == "zhangsan"
    assert sign_in(at=NOW + datetime.timedelta(minutes=19, seconds=1)).username == "zhangsan"


def test_strangers_everywhere_cannot_lock_out_the_owners_browser(dbc):
    make_user()
    for i in range(40):  # past every per-address and per-account ceiling for unknown browsers
        fail(address=f"10.1.{i // 4}.{i}")
    with pytest.raises(Throttled):
        sign_in(address="10.2.0.1")  # a new browser of the owner's waits too: distributed guessing slowed
    assert sign_in(address="10.2.0.1", device="owners-phone").username == "zhangsan"


def test_thirty_failures_across_addresses_lock_unknown_browsers_of_that_account(dbc):
    make_user()
    for i in range(29):
        assert not isinstance(fail(address=f"10.3.0.{i}"), Throttled)
    assert isinstance(fail(address="10.3.0.99"), Throttled)
    assert not isinstance(fail(username="someoneelse", address="10.3.1.1"), Throttled)


def test_five_failures_from_a_known_browser_lock_that_browser(dbc):
    make_user()
    for _ in range(4):
        fail(device="d1")
    assert isinstance(fail(device="d1"), Throttled)
    with pytest.raises(Throttled):
        sign_in(device="d1")
    assert sign_in(device="d2").username == "zhangsan", "the owner's other browser is not locked"


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(dbc):
    make_user()
    for minute in (0, 5, 10, 15, 20, 25):
        assert not isinstance(fail(at=NOW + datetime.timedelta(minutes=minute)), Throttled)


def test_success_clears_this_addresss_failures_only(dbc):
    make_user()
    for _ in range(4):
        fail()
        fail(address="10.0.0.2")
    sign_in()
    assert not isinstance(fail(), Throttled)
    assert isinstance(fail(address="10.0.0.2"), Throttled), "a stranger's count is not wiped by the owner"


def test_twenty_failures_from_one_address_lock_that_address(dbc):
    make_user("victim")
    for i in range(19):
        assert not isinstance(fail(username=f"guess{i}"), Throttled)
    assert isinstance(fail(username="guess19"), Throttled)
    with pytest.raises(Throttled):
        sign_in("victim")
    assert sign_in("victim", address="10.0.0.2").username == "victim"


def test_old_attempts_are_pruned_on_success(dbc):
    make_user()
    fail(at=NOW - datetime.timedelta(hours=2))
    RegistrationAttempt.create(address="10.0.0.1", attempted_at=NOW - datetime.timedelta(hours=2))
    sign_in()
    assert LoginAttempt.select().count() == 0 and RegistrationAttempt.select().count() == 0


def test_ten_registrations_per_address_then_a_wait(dbc):
    for _ in range(10):
        signin.check_registration_allowed("10.0.0.1", NOW)
    with pytest.raises(Throttled, match="注册尝试过于频繁，请在10:15之后再试"):
        signin.check_registration_allowed("10.0.0.1", NOW)
    signin.check_registration_allowed("10.0.0.2", NOW)
    signin.check_registration_allowed("10.0.0.1", NOW + datetime.timedelta(minutes=15, seconds=1))


def test_throttling_holds_across_two_processes(app, dbc, database_url):
    """Three failures in another process plus two in this one lock the account: the count lives in the database."""
    make_user()
    script = textwrap.dedent(
        f"""
        from jianxi import create_app
        app = create_app({{"TESTING": True, "DATABASE_URL": {database_url!r}, "WTF_CSRF_ENABLED": False}})
        client = app.test_client()
        for _ in range(3):
            r = client.post("/login", data={{"username": "zhangsan", "password": "wrong-password"}})
            assert r.status_code == 422, r.status_code
        """
    )
    root = pathlib.Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script], check=True, cwd=root, env={"SECRET_KEY": "x", "PATH": ""})
    client = app.test_client()
    assert client.post("/login", data={"username": "zhangsan", "password": "wrong-password"}).status_code == 422
    locked = client.post("/login", data={"username": "zhangsan", "password": "wrong-password"})
    assert locked.status_code == 429 and "登录失败次数过多" in locked.get_data(as_text=True)
    right = client.post("/login", data={"username": "zhangsan", "password": RIGHT})
    assert right.status_code == 429
