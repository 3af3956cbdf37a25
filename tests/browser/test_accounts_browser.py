"""个人注册, 登录 and 退出 in a real browser at phone size, with and without JavaScript.

Every page a test visits is checked with axe-core and must have no violations. CSRF is on,
as in production. Each test registers its own user (unique username and ID number), so the
tests do not depend on each other.
"""
import itertools
import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from jianxi.services.idcard import check_digit

pytestmark = pytest.mark.browser

# 140105 20030512 + sequence: the demo account uses sequence 123, these start well above it.
_sequence = itertools.count(601)
# Fields of 个人注册 in page order: (id, label, message when left empty).
REGISTER_FIELDS = (
    ("username", "用户名", "请输入用户名"),
    ("password", "密码", "请输入密码"),
    ("confirm_password", "确认密码", "请输入确认密码"),
    ("real_name", "真实姓名", "请输入真实姓名"),
    ("id_number", "身份证号码", "请输入身份证号码"),
    ("mobile", "手机号码", "请输入手机号码"),
)


# -- helpers ---------------------------------------------------------------------------------


def new_person(real_name: str = "王小明") -> dict:
    """Registration details nobody else in the database has."""
    n = next(_sequence)
    first17 = f"14010520030512{n:03d}"
    return {
        "username": f"u{uuid.uuid4().hex[:12]}",
        "password": "jianxi-test-1",
        "confirm_password": "jianxi-test-1",
        "real_name": real_name,
        "id_number": first17 + check_digit(first17),
        "mobile": f"139{n:08d}",
    }


def path_of(page) -> str:
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def account_bar(page):
    return page.locator("header .account")


def fill_register(page, person: dict) -> None:
    for field_id, label, _ in REGISTER_FIELDS:
        page.get_by_label(label, exact=True).fill(person[field_id])


def register_through_the_form(page, real_name: str) -> dict:
    """A new person registered (and so signed in) in `page`."""
    person = new_person(real_name)
    page.goto("/register")
    fill_register(page, person)
    page.get_by_role("button", name="注册").click()
    expect_signed_in(page, person)
    return person


def fill_login(page, username: str, password: str) -> None:
    page.get_by_label("用户名、手机号码或身份证号码", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)


def expect_signed_in(page, person: dict) -> None:
    """The header shows the real name at the top right, with 个人中心 and 退出."""
    bar = account_bar(page)
    expect(bar.locator(".who")).to_have_text(person["real_name"])
    expect(bar.get_by_role("link", name="个人中心")).to_be_visible()
    expect(bar.get_by_role("button", name="退出")).to_be_visible()
    expect(bar.get_by_role("link", name="登录", exact=True)).to_have_count(0)
    name_box = bar.locator(".who").bounding_box()
    menu_box = page.get_by_role("navigation", name="主菜单").bounding_box()
    width = page.viewport_size["width"]
    assert name_box["y"] + name_box["height"] <= menu_box["y"], "the name is not in the top bar"
    brand_box = page.locator("header .brand").bounding_box()
    assert name_box["x"] >= brand_box["x"] + brand_box["width"], f"the name is not right of the brand: {name_box}"
    bar_box = bar.bounding_box()
    assert bar_box["x"] + bar_box["width"] > width - 32, f"the account links do not reach the right edge: {bar_box}"


def expect_signed_out(page) -> None:
    bar = account_bar(page)
    expect(bar.get_by_role("link", name="登录", exact=True)).to_be_visible()
    expect(bar.get_by_role("link", name="注册", exact=True)).to_be_visible()
    expect(bar.locator(".who")).to_have_count(0)
    expect(bar.get_by_role("button", name="退出")).to_have_count(0)


def register_login_logout_walk(page, axe) -> None:
    """个人注册 (empty, then right) → signed in → 退出 → 登录 again, the same with or without JS."""
    person = new_person()
    page.goto("/register")
    expect(page.get_by_role("heading", level=1)).to_have_text("个人注册")
    expect_signed_out(page)
    axe(page)

    page.get_by_role("button", name="注册").click()

    expect(page).to_have_title(re.compile(r"^错误：个人注册"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("请修改以下问题")
    links = summary.get_by_role("link")
    expect(links).to_have_text([message for *_, message in REGISTER_FIELDS])
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"#{field_id}" for field_id, *_ in REGISTER_FIELDS]
    summary_box = summary.bounding_box()
    for field_id, label, message in REGISTER_FIELDS:
        expect(page.locator(f"#{field_id}-error")).to_have_text(f"错误：{message}")
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(rf"(^| ){field_id}-error$"))
        assert summary_box["y"] < field.bounding_box()["y"], "the error summary is not above the fields"
    axe(page)

    summary.get_by_role("link", name="请输入身份证号码").click()
    expect(page).to_have_url(re.compile(r"/register#id_number$"))

    fill_register(page, person)
    page.get_by_role("button", name="注册").click()

    expect(page).to_have_url(re.compile(r"/me/\?welcome=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("个人中心")
    expect(page.get_by_role("status").filter(has_text="注册成功")).to_be_visible()
    expect_signed_in(page, person)
    axe(page)

    account_bar(page).get_by_role("button", name="退出").click()

    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/$"))
    expect_signed_out(page)
    axe(page)
    page.goto("/me/")
    expect(page).to_have_url(re.compile(r"/login\?next=/me/$"))
    expect(page.get_by_role("status").filter(has_text="请先登录")).to_be_visible()

    page.goto("/")
    account_bar(page).get_by_role("link", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    axe(page)
    fill_login(page, person["username"], person["password"])
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect_signed_in(page, person)
    axe(page)


# -- 个人注册 → 退出 → 登录 -------------------------------------------------------------------------


def test_accounts_js_register_errors_then_register_logout_login_shows_name(page, server, axe):
    register_login_logout_walk(page, axe)


def test_accounts_nojs_register_errors_then_register_logout_login_shows_name(page_nojs, server, axe):
    register_login_logout_walk(page_nojs, axe)


# -- 登录 ------------------------------------------------------------------------------------------


def test_accounts_login_wrong_password_says_so_and_keeps_only_username(new_page, page, server, axe):
    person = register_through_the_form(page, "李小红")

    visitor = new_page()  # another browser: not signed in
    visitor.goto("/login")
    axe(visitor)
    fill_login(visitor, person["username"], "wrong-password-9")
    visitor.get_by_role("button", name="登录").click()

    expect(visitor).to_have_title(re.compile(r"^错误：登录"))
    expect(visitor.locator("#username-error")).to_have_text("错误：用户名或密码不正确")
    expect(visitor.locator(".error-summary").get_by_role("link", name="用户名或密码不正确")).to_be_visible()
    expect(visitor.get_by_label("用户名、手机号码或身份证号码", exact=True)).to_have_value(person["username"])
    expect(visitor.get_by_label("密码", exact=True)).to_have_value("")
    expect_signed_out(visitor)
    axe(visitor)

    visitor.get_by_label("密码", exact=True).fill(person["password"])
    visitor.get_by_role("button", name="登录").click()

    expect(visitor).to_have_url(re.compile(r"/me/$"))
    expect_signed_in(visitor, person)


def test_accounts_me_signed_out_redirects_to_login_and_back_after_sign_in(new_page, page, server, axe):
    person = register_through_the_form(page, "张小军")

    visitor = new_page()
    visitor.goto("/me/")

    expect(visitor).to_have_url(re.compile(r"/login\?next=/me/$"))
    assert path_of(visitor) == "/login?next=/me/"
    expect(visitor.get_by_role("heading", level=1)).to_have_text("登录")
    expect_signed_out(visitor)
    axe(visitor)

    fill_login(visitor, person["username"], person["password"])
    visitor.get_by_role("button", name="登录").click()

    expect(visitor).to_have_url(re.compile(r"/me/$"))
    assert path_of(visitor) == "/me/"
    expect(visitor.get_by_role("heading", level=1)).to_have_text("个人中心")
    expect_signed_in(visitor, person)
    axe(visitor)
