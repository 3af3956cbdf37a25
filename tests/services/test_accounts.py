import datetime

import pytest

from jianxi.models import User
from jianxi.services import accounts
from jianxi.services.errors import Conflict, ServiceError
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


def test_a_taken_id_number_costs_a_password_hash_like_a_registration(dbc, monkeypatch):
    """The answer about a taken ID number is no faster than a real registration: both hash first."""
    make_user("zhangsan", id_number=valid_id_number())
    hashed = []
    monkeypatch.setattr(accounts, "generate_password_hash", lambda p: hashed.append(p) or "scrypt:x")
    with pytest.raises(Conflict):
        accounts.create_user(accounts.NewUser("lisi", "another-pass-1", "李四", "13912345678", valid_id_number()))
    with pytest.raises(Conflict):
        accounts.create_user(accounts.NewUser("ZHANGSAN", "another-pass-2", "张三", "13912345678", None))
    assert hashed == ["another-pass-1", "another-pass-2"]


def test_set_password_ends_every_session_and_is_audited(dbc):
    user = make_user()
    before = user.session_token
    accounts.set_password(user, "brand-new-pass-9", None, NOW)
    fresh = User.get_by_id(user.id)
    assert fresh.session_token != before and fresh.password_hash != user.password_hash
    with pytest.raises(ServiceError, match="不能全是数字"):
        accounts.set_password(user, "123456789", None, NOW)


def test_change_password_needs_the_current_one(dbc):
    user = make_user(password="secret-pass-1")
    with pytest.raises(ServiceError, match="当前密码不正确") as error:
        accounts.change_password(user, "wrong", "brand-new-pass-9", NOW)
    assert error.value.field == "current_password"
    with pytest.raises(ServiceError, match="不能与当前密码相同"):
        accounts.change_password(user, "secret-pass-1", "secret-pass-1", NOW)
    accounts.change_password(user, "secret-pass-1", "brand-new-pass-9", NOW)
