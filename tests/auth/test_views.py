"""个人注册, 登录, 退出 and 修改密码 over HTTP (auth/views.py): each mistake by its field, typed values kept
(passwords never), where 登录 goes next, the forms' CSRF tokens, and sign-in by username, mobile or ID number."""
import re

import pytest

from tests.factories import PASSWORD, make_user, valid_id_number
from tests.support import text

GOOD = {
    "username": "wangwu",
    "password": "good-pass-1",
    "confirm_password": "good-pass-1",
    "real_name": "王五",
    "id_number": valid_id_number(),
    "mobile": "13912345678",
}


def register(client, **changes):
    return client.post("/register", data={**GOOD, **changes})


def test_register_page_has_labelled_fields(client, dbc):
    body = text(client.get("/register"))
    for field in ("username", "password", "real_name", "id_number", "mobile"):
        assert f'<label for="{field}">' in body and f'id="{field}"' in body
    assert 'action="/register"' in body and 'method="post"' in body


def test_register_success_signs_in_and_shows_name(client, dbc):
    r = register(client)
    assert r.status_code == 303 and r.headers["Location"] == "/me/?welcome=1"
    body = text(client.get("/positions/"))
    assert '<span class="who">王五</span>' in body and "个人中心" in body and "退出" in body


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"username": ""}, "username", "请输入用户名"),
        ({"username": "ab"}, "username", "用户名为4到20位"),
        ({"username": "1abc"}, "username", "以字母开头"),
        ({"password": ""}, "password", "请输入密码"),
        ({"password": "short1"}, "password", "至少需要8个字符"),
        ({"password": "1234567890"}, "password", "不能全是数字"),
        ({"password": "wangwu12", "username": "wangwu12"}, "password", "不能与用户名相同"),
        ({"real_name": "Wang"}, "real_name", "中文姓名"),
        ({"id_number": ""}, "id_number", "请输入身份证号码"),
        ({"id_number": "14010520030512123"}, "id_number", "应为18位"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位不正确"),
        ({"id_number": valid_id_number(birth="20300101")}, "id_number", "出生日期不正确"),
        ({"mobile": "12912345678"}, "mobile", "11位手机号码"),
        ({"mobile": "1391234567"}, "mobile", "11位手机号码"),
    ],
)
def test_register_each_mistake_has_message_by_field_and_in_summary(client, dbc, changes, field, message):
    r = register(client, **changes)
    body = text(r)
    assert r.status_code == 422
    assert "<title>错误：个人注册" in body
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert f'<a href="#{field}">' in summary and message in summary
    field_error = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', body).group(1)
    assert message in field_error
    assert re.search(rf'<input[^>]*aria-describedby="[^"]*{field}-error"[^>]*id="{field}"', body)


def test_register_error_keeps_typed_values_but_not_password(client, dbc):
    body = text(register(client, mobile="123"))
    assert 'value="wangwu"' in body and 'value="王五"' in body and f'value="{GOOD["id_number"]}"' in body
    assert "good-pass-1" not in body


def test_register_duplicate_id_number_and_username(client, dbc):
    make_user("zhangsan", id_number=GOOD["id_number"])
    assert "该身份证号码已注册过账号" in text(register(client))
    assert "该用户名已被注册" in text(register(client, username="ZhangSan", id_number=valid_id_number(sequence="999")))


def test_login_wrong_password_message(client, dbc):
    make_user()
    r = client.post("/login", data={"username": "zhangsan", "password": "nope-nope"})
    assert r.status_code == 422 and "用户名或密码不正确" in text(r)
    assert "nope-nope" not in text(r)


def test_login_sixth_wrong_password_is_refused_with_the_time_to_retry(client, dbc):
    make_user()
    for _ in range(4):
        r = client.post("/login", data={"username": "zhangsan", "password": "nope-nope"})
        assert r.status_code == 422 and "用户名或密码不正确" in text(r)
    fifth = client.post("/login", data={"username": "zhangsan", "password": "nope-nope"})
    sixth = client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1"})
    for r in (fifth, sixth):
        assert r.status_code == 429 and "登录失败次数过多" in text(r) and "之后再试" in text(r)
    assert '<span class="who">' not in text(client.get("/")), "even the right password is refused while locked"


def test_login_then_logout(client, auth, dbc):
    auth.login()
    assert '<span class="who">张三</span>' in text(client.get("/"))
    r = auth.logout()
    assert r.status_code == 303
    body = text(client.get("/"))
    assert "张三" not in body and 'href="/login"' in body


def test_logout_by_get_shows_a_button_and_does_not_sign_out(client, auth, dbc):
    auth.login()
    body = text(client.get("/logout"))
    assert 'action="/logout"' in body and 'method="post"' in body
    assert "张三" in text(client.get("/"))


@pytest.mark.parametrize("target", ["/positions/?city=140100", "/me/"])
def test_login_next_goes_back(client, dbc, target):
    make_user()
    r = client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1", "next": target})
    assert r.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example", "/\\evil.example", "http:/evil.example", "\\\\evil.example",
     "/\r\nSet-Cookie:evil=1", "javascript:alert(1)", "///evil.example", "/\t/evil.example"],
)
def test_login_next_never_leaves_the_site(client, dbc, target):
    make_user()
    page = text(client.get("/login", query_string={"next": target}))
    assert "evil" not in page
    r = client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1", "next": target})
    assert r.status_code == 303 and r.headers["Location"] == "/me/"


# 修改密码

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


# CSRF, with protection switched on as in production.

@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def csrf_token(body):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', body).group(1)


def test_csrf_register_token_rendered_and_required(client, dbc, csrf_on):
    page = text(client.get("/register"))
    token = csrf_token(page)
    missing = register(client)
    assert missing.status_code == 422 and "页面已过期，请检查填写的内容后再提交一次" in text(missing)
    assert 'value="wangwu"' in text(missing), "typed values survive a stale token"
    assert register(client, csrf_token=token).status_code == 303


def test_csrf_stale_token_on_login_asks_to_retry(client, dbc, csrf_on):
    make_user()
    client.get("/login")
    r = client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1", "csrf_token": "stale"})
    assert r.status_code == 422 and "页面已过期" in text(r)


def test_csrf_logout_requires_token(client, auth, dbc, app):
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/logout")
        assert r.status_code == 400 and "页面已过期" in text(r)
        assert "张三" in text(client.get("/"))
        token = csrf_token(text(client.get("/")))
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# Issue 19, point 5: accounts as first users expect them

def test_register_asks_for_the_password_twice(client, dbc):
    r = register(client, confirm_password="good-pass-2")
    assert r.status_code == 422 and '<a href="#confirm_password">两次输入的密码不一致</a>' in text(r)
    assert '<label for="confirm_password">确认密码</label>' in text(client.get("/register"))


def test_registering_says_so_on_the_first_page(client, dbc):
    r = register(client)
    page = text(client.get(r.headers["Location"]))
    assert "注册成功" in page and 'href="/apply/"' in page
    assert "注册成功" not in text(client.get("/me/")), "only right after registering"


@pytest.mark.parametrize("typed", ["zhangsan", "ZhangSan", "13912345678", valid_id_number(birth="20030512")])
def test_sign_in_with_username_mobile_or_id_number(client, dbc, typed):
    make_user(id_number=valid_id_number(birth="20030512"), mobile="13912345678")
    r = client.post("/login", data={"username": typed, "password": "secret-pass-1"})
    assert r.status_code == 303, text(r)
    assert '<span class="who">张三</span>' in text(client.get("/"))


def test_a_mobile_number_two_accounts_share_signs_neither_in(client, dbc):
    make_user("zhangsan", mobile="13912345678")
    make_user("zhangsi", mobile="13912345678", id_number=valid_id_number(sequence="777"))
    r = client.post("/login", data={"username": "13912345678", "password": "secret-pass-1"})
    assert r.status_code == 422 and "用户名或密码不正确" in text(r)


def test_guesses_by_id_number_count_against_the_same_account(client, dbc):
    make_user(id_number=valid_id_number(birth="20030512"))
    for typed in ["zhangsan", valid_id_number(birth="20030512")] * 2 + ["zhangsan"]:
        client.post("/login", data={"username": typed, "password": "nope-nope"})
    locked = client.post("/login", data={"username": valid_id_number(birth="20030512"), "password": "secret-pass-1"})
    assert locked.status_code == 429


def test_a_page_that_needs_sign_in_says_please_sign_in_first(client, dbc):
    page = text(client.get(client.get("/me/").headers["Location"]))
    assert "请先登录" in page and 'class="error-summary"' not in page  # the inline CSS names the class
    assert "请先登录" not in text(client.get("/login"))


def test_the_lock_out_is_a_notice_not_a_mistake_in_the_form(client, dbc):
    make_user()
    for _ in range(6):
        r = client.post("/login", data={"username": "zhangsan", "password": "nope-nope"})
    assert r.status_code == 429 and "登录失败次数过多" in text(r)
    assert "请修改以下问题" not in text(r) and "<title>错误" not in text(r)


def test_staff_sign_in_without_personal_wording_and_get_a_staff_menu(client, auth, dbc):
    login_page = text(client.get("/login"))
    assert "<h1>登录</h1>" in login_page and "个人登录" not in login_page
    auth.login(role="reviewer")
    desk = text(client.get("/review/"))
    menu = desk[desk.index('aria-label="主菜单"'):desk.index("</nav>", desk.index('aria-label="主菜单"'))]
    assert '<a href="/review/" aria-current="page">经办业务</a>' in menu and "个人办事" not in menu
    assert ">工作台</a>" in desk and ">个人中心</a>" not in desk
