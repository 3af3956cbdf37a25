import datetime
import pathlib
import subprocess
import sys
import textwrap

import pytest

from jianxi.models import LoginAttempt
from jianxi.services import accounts
from jianxi.services.errors import Conflict, ServiceError, Throttled
from tests.factories import make_user, valid_id_number

NOW = datetime.datetime(2026, 11, 26, 10, 0)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1a", "至少需要8个字符"),
        ("1234567890", "不能全是数字"),
        ("Zhangsan", "不能与用户名相同"),
        ("good-pass-1", None),
        ("12345678a", None),
    ],
)
def test_password_rules(password, problem):
    result = accounts.password_problem(password, "zhangsan")
    assert (problem in result) if problem else result is None


def test_create_user_hashes_password(dbc):
    user = make_user(password="secret-pass-1")
    assert user.password_hash != "secret-pass-1" and user.password_hash.startswith("scrypt:")


def test_create_user_username_unique_ignoring_case(dbc):
    make_user("zhangsan")
    with pytest.raises(Conflict) as error:
        make_user("ZhangSan")
    assert error.value.field == "username"


def test_create_user_id_number_unique(dbc):
    make_user("zhangsan", id_number=valid_id_number())
    with pytest.raises(Conflict) as error:
        make_user("lisi", id_number=valid_id_number())
    assert error.value.field == "id_number" and "已注册" in error.value.message


def test_staff_without_id_number_do_not_collide(dbc):
    make_user("reviewer1", role="reviewer", jurisdiction="140105")
    make_user("reviewer2", role="reviewer", jurisdiction="140100")


def test_reviewer_needs_a_real_jurisdiction(dbc):
    with pytest.raises(ServiceError, match="辖区"):
        make_user("reviewer1", role="reviewer", jurisdiction="999999")


def fail(username="zhangsan", address="10.0.0.1", at=NOW):
    with pytest.raises(ServiceError) as error:
        accounts.authenticate(username, "wrong-password", address, at)
    return error.value


def test_authenticate_right_and_wrong_password(dbc):
    user = make_user()
    assert accounts.authenticate("ZHANGSAN", "secret-pass-1", "10.0.0.1", NOW) == user
    error = fail()
    assert error.message == "用户名或密码不正确" and not isinstance(error, Throttled)


def test_five_failures_lock_the_account_for_fifteen_minutes(dbc):
    make_user()
    for minute in range(4):
        assert not isinstance(fail(at=NOW + datetime.timedelta(minutes=minute)), Throttled)
    fifth = fail(at=NOW + datetime.timedelta(minutes=4))
    assert isinstance(fifth, Throttled) and "10:19" in fifth.message
    with pytest.raises(Throttled):  # even the right password, from another address
        accounts.authenticate("zhangsan", "secret-pass-1", "10.9.9.9", NOW + datetime.timedelta(minutes=18))
    later = NOW + datetime.timedelta(minutes=19, seconds=1)
    assert accounts.authenticate("zhangsan", "secret-pass-1", "10.0.0.1", later).username == "zhangsan"


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(dbc):
    make_user()
    for minute in (0, 5, 10, 15, 20, 25):
        assert not isinstance(fail(at=NOW + datetime.timedelta(minutes=minute)), Throttled)


def test_success_clears_the_account_failures(dbc):
    make_user()
    for _ in range(4):
        fail()
    accounts.authenticate("zhangsan", "secret-pass-1", "10.0.0.1", NOW)
    assert not isinstance(fail(), Throttled)


def test_twenty_failures_from_one_address_lock_that_address(dbc):
    make_user("victim")
    for i in range(19):
        assert not isinstance(fail(username=f"guess{i}"), Throttled)
    assert isinstance(fail(username="guess19"), Throttled)
    with pytest.raises(Throttled):
        accounts.authenticate("victim", "secret-pass-1", "10.0.0.1", NOW)
    assert accounts.authenticate("victim", "secret-pass-1", "10.0.0.2", NOW).username == "victim"


def test_old_attempts_are_pruned_on_success(dbc):
    make_user()
    fail(at=NOW - datetime.timedelta(hours=2))
    accounts.authenticate("zhangsan", "secret-pass-1", "10.0.0.1", NOW)
    assert LoginAttempt.select().count() == 0


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
    right = client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1"})
    assert right.status_code == 429
