"""忘记密码 (issue 24, point 5; auth/views.py, services/password_reset.py): a code by SMS through the
outbox, then a new password; wrong codes, 5 tries, 10 minutes, limits per account and per address,
the same answer whether or not the account exists, every earlier session ended, a code used once."""
import datetime
import re
from types import SimpleNamespace

import pytest

from jianxi.db import db
from jianxi.models import AuditLog, Outbox, PasswordReset, PasswordResetRequest, User
from jianxi.services import password_reset
from jianxi.services.errors import Conflict, ServiceError, Throttled
from tests import clock
from tests.concurrency import run_together
from tests.factories import PASSWORD, make_user
from tests.support import text

MOBILE = "13912345678"
NEW = "brand-new-pass-9"
WRONG_CODE = "验证码不正确或已失效"
SENT = "如果用户名和手机号码相符，验证码已发送到该手机"
T = datetime.datetime(2026, 3, 2, 9, 0)  # for the services, which take the time they are given
KEY = "test-secret-key"


def ask(client, username="zhangsan", mobile=MOBILE, address="203.0.113.5", **extra):
    return client.post("/password/forgot", data={"username": username, "mobile": mobile, **extra},
                       environ_base={"REMOTE_ADDR": address})


def reset(client, code, password=NEW, confirm=None, **extra):
    return client.post("/password/reset", data={"code": code, "new_password": password,
                                                "confirm_password": confirm or password, **extra})


def codes_sent(mobile=MOBILE) -> list[str]:
    rows = Outbox.select().where(Outbox.address == mobile).order_by(Outbox.id)
    return [re.search(r"验证码为(\d{6})", row.body).group(1) for row in rows]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def csrf_token(body: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', body).group(1)


def without_token(body: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', body)


def signed_in(client) -> bool:
    return client.get("/me/").status_code == 200


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


# The whole flow

def test_login_links_to_forgot_password(client, dbc):
    body = text(client.get("/login"))
    assert '<a href="/password/forgot">忘记密码？</a>' in body
    page = text(client.get("/password/forgot"))
    assert 'action="/password/forgot"' in page and '<label for="username">用户名' in page
    assert '<label for="mobile">手机号码' in page and 'autocomplete="username"' in page


def test_forgot_then_reset_sets_the_password_ends_sessions_and_audits(client, app, dbc):
    user = make_user()
    earlier = app.test_client()
    earlier.post("/login", data={"username": "zhangsan", "password": PASSWORD})
    assert signed_in(earlier)
    asked = ask(client)
    assert asked.status_code == 303 and asked.headers["Location"] == "/password/reset"
    page = client.get("/password/reset")
    assert page.status_code == 200 and SENT in text(page) and 'autocomplete="one-time-code"' in text(page)
    [code] = codes_sent()
    sms = Outbox.get()
    assert (sms.channel, sms.address, sms.status, sms.message) == ("sms", MOBILE, "pending", None)
    assert sms.body == f"【山西就业见习】您的验证码为{code}，10分钟内有效，仅用于重置密码。如非本人操作，请忽略。"
    row = PasswordReset.get()
    assert row.user_id == user.id and row.address == "203.0.113.5" and code not in row.code_hash
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=10)

    done = reset(client, code)
    assert done.status_code == 303 and done.headers["Location"] == "/login?reset=done"
    assert "密码已重置，所有设备上的登录都已退出。请用新密码登录。" in text(client.get("/login?reset=done"))
    assert not signed_in(earlier), "a session from before the reset is over"
    assert PasswordReset.get().used_at is not None
    audit = AuditLog.get(AuditLog.action == "password_reset")
    assert (audit.actor_id, audit.object_type, audit.object_id) == (user.id, "user", user.id)
    assert client.post("/login", data={"username": "zhangsan", "password": PASSWORD}).status_code == 422
    assert client.post("/login", data={"username": "zhangsan", "password": NEW}).status_code == 303
    assert reset(app.test_client(), code).status_code == 303, "no step to reset: back to 忘记密码"


def test_a_person_signed_in_here_is_signed_out_by_the_reset(client, auth, dbc):
    auth.login()
    ask(client)
    assert reset(client, codes_sent()[0]).status_code == 303
    assert not signed_in(client)
    assert client.get("/password/reset").headers["Location"] == "/password/forgot", "the step is over"


def test_reset_without_asking_first_goes_to_forgot_password(client, dbc):
    assert client.get("/password/reset").headers["Location"] == "/password/forgot"
    r = reset(client, "123456")
    assert r.status_code == 303 and r.headers["Location"] == "/password/forgot"


def test_usernames_match_whatever_their_letter_case(client, dbc):
    make_user("ZhangSan")
    ask(client, username="zhangSAN")
    assert reset(client, codes_sent()[0]).status_code == 303
    assert client.post("/login", data={"username": "ZhangSan", "password": NEW}).status_code == 303


# Mistakes: each by its field, typed values kept (never passwords), no try spent on the form's shape

@pytest.mark.parametrize("form, field, message", [
    ({"username": "", "mobile": MOBILE}, "username", "请输入用户名"),
    ({"username": "zhangsan", "mobile": ""}, "mobile", "请输入手机号码"),
    ({"username": "zhangsan", "mobile": "1391234567"}, "mobile", "请输入11位手机号码"),
    ({"username": "z" * 21, "mobile": MOBILE}, "username", "用户名不能超过20个字"),
])
def test_forgot_mistakes_by_their_field(client, dbc, form, field, message):
    r = client.post("/password/forgot", data=form)
    body = text(r)
    assert r.status_code == 422 and f'id="{field}-error"' in body and message in body
    assert "错误：忘记密码" in body and f'value="{form["username"]}"' in body
    assert not Outbox.select().exists() and not PasswordResetRequest.select().exists()


@pytest.mark.parametrize("code, password, confirm, field, message", [
    ("", NEW, NEW, "code", "请输入短信验证码"),
    ("12345", NEW, NEW, "code", "验证码是短信中的6位数字"),
    ("abcdef", NEW, NEW, "code", "验证码是短信中的6位数字"),
    (None, "1234567890", "1234567890", "new_password", "密码不能全是数字"),
    (None, "short1", "short1", "new_password", "密码至少需要8个字符"),
    (None, "zhangsan", "zhangsan", "new_password", "密码不能与用户名相同"),
    (None, NEW, "other-pass-9", "confirm_password", "两次输入的新密码不一致"),
    (None, "", "", "new_password", "请输入新密码"),
])
def test_reset_mistakes_by_their_field_spend_no_try(client, dbc, code, password, confirm, field, message):
    make_user()
    ask(client)
    typed = codes_sent()[0] if code is None else code
    r = reset(client, typed, password, confirm)
    body = text(r)
    assert r.status_code == 422 and f'id="{field}-error"' in body and message in body
    assert f'value="{typed}"' in body, "the code typed stays"
    assert password not in body.replace(f'value="{typed}"', "") or password == "", "passwords never come back"
    assert PasswordReset.get().tries == 0
    assert reset(client, codes_sent()[0]).status_code == 303, "the code still works"


# Wrong codes, 5 tries, 10 minutes, a newer code

def test_a_wrong_code_counts_a_try_and_the_fifth_ends_the_code(client, dbc):
    make_user()
    ask(client)
    [code] = codes_sent()
    for tries in range(1, 6):
        r = reset(client, wrong(code))
        assert r.status_code == 422 and WRONG_CODE in text(r) and 'id="code-error"' in text(r)
        assert PasswordReset.get().tries == tries
    r = reset(client, code)
    assert r.status_code == 422 and WRONG_CODE in text(r), "after 5 tries even the right code is refused"
    assert PasswordReset.get().used_at is None
    assert client.post("/login", data={"username": "zhangsan", "password": PASSWORD}).status_code == 303


def test_four_wrong_codes_leave_the_fifth_try_for_the_right_one(client, dbc):
    make_user()
    ask(client)
    [code] = codes_sent()
    for _ in range(4):
        assert reset(client, wrong(code)).status_code == 422
    assert reset(client, code).status_code == 303


@pytest.mark.parametrize("age, works", [(datetime.timedelta(minutes=9, seconds=50), True),
                                        (datetime.timedelta(minutes=10), False),
                                        (datetime.timedelta(minutes=30), False)])
def test_a_code_lasts_ten_minutes(client, dbc, age, works):
    make_user()
    ask(client)
    # The code was sent `age` ago: its times moved back rather than the clock forward.
    now = clock.now()
    PasswordReset.update(created_at=now - age, expires_at=now - age + datetime.timedelta(minutes=10)).execute()
    r = reset(client, codes_sent()[0])
    assert (r.status_code == 303) is works
    if not works:
        assert WRONG_CODE in text(r) and PasswordReset.get().tries == 0, "an expired code is not even judged"


def test_a_code_expires_at_ten_minutes_by_the_services_clock(dbc, app):
    user = make_user()
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.5", T, KEY)
    [code] = codes_sent()
    with pytest.raises(ServiceError, match=WRONG_CODE):
        password_reset.reset_password("zhangsan", code, NEW, T + datetime.timedelta(minutes=10), KEY)
    done = password_reset.reset_password("zhangsan", code, NEW, T + datetime.timedelta(minutes=9, seconds=59), KEY)
    assert done.id == user.id


def test_a_newer_code_ends_the_earlier_one(client, dbc):
    make_user()
    ask(client)
    ask(client)
    first, second = codes_sent()
    assert reset(client, first).status_code == 422
    assert reset(client, second).status_code == 303


# No enumeration: an unknown username, a wrong mobile and the right pair look the same

def test_unknown_user_wrong_mobile_and_right_pair_get_the_same_pages(app, csrf_on, monkeypatch):
    # No app context held across the requests (dbc): Flask-WTF keeps a request's token in `g`.
    monkeypatch.setattr(password_reset, "secrets", SimpleNamespace(randbelow=lambda n: 654321))
    with app.app_context(), db.connection_context():
        make_user()
    answers = []
    for username, mobile in (("nobody99", MOBILE), ("zhangsan", "13800000000"), ("zhangsan", MOBILE)):
        browser = app.test_client()
        form = text(browser.get("/password/forgot"))
        posted = ask(browser, username, mobile, csrf_token=csrf_token(form))
        step = browser.get(posted.headers["Location"])
        tried = reset(browser, "123456", csrf_token=csrf_token(text(step)))  # the code sent is 654321
        answers.append((posted.status_code, posted.headers["Location"], posted.get_data(), step.status_code,
                        without_token(text(step)).encode(), tried.status_code, without_token(text(tried)).encode()))
    assert answers[0] == answers[1] == answers[2], "byte for byte, the CSRF token aside"
    assert answers[0][0] == 303 and answers[0][3] == 200 and answers[0][5] == 422
    assert SENT.encode() in answers[0][4] and WRONG_CODE.encode() in answers[0][6]
    with app.app_context(), db.connection_context():
        assert [row.address for row in Outbox.select()] == [MOBILE], "only the right pair sends an SMS"
        assert PasswordResetRequest.select().count() == 3, "every request is counted"


def test_the_account_limit_answers_like_any_other_request(client, dbc):
    make_user()
    pages = []
    for i in range(4):  # from four addresses: only the account's limit applies
        asked = ask(client, address=f"198.51.100.{i}")
        pages.append((asked.status_code, asked.headers["Location"], text(client.get("/password/reset"))))
    assert pages[0] == pages[1] == pages[2] == pages[3]
    assert len(codes_sent()) == 3, "3 codes an hour; the 4th request sends nothing"


# Limits per account and per address, by the services' clock

def test_three_codes_per_account_per_hour(dbc):
    make_user()
    for minute in (0, 10, 20, 59):
        password_reset.request_code("zhangsan", MOBILE, f"198.51.100.{minute}", T + datetime.timedelta(minutes=minute),
                                    KEY)
    assert len(codes_sent()) == 3
    password_reset.request_code("zhangsan", MOBILE, "198.51.100.99", T + datetime.timedelta(minutes=60, seconds=1), KEY)
    assert len(codes_sent()) == 4, "an hour after the first, a code may go again"


def test_ten_requests_per_address_per_fifteen_minutes(dbc):
    make_user()
    for i in range(10):
        password_reset.request_code(f"guess{i}", MOBILE, "203.0.113.9", T + datetime.timedelta(minutes=i), KEY)
    with pytest.raises(Throttled) as refused:
        password_reset.request_code("zhangsan", MOBILE, "203.0.113.9", T + datetime.timedelta(minutes=14), KEY)
    assert refused.value.until == T + datetime.timedelta(minutes=15) and "09:15" in refused.value.message
    assert not codes_sent(), "a refused request sends nothing, even for the right pair"
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.10", T + datetime.timedelta(minutes=14), KEY)
    assert len(codes_sent()) == 1, "another address is not held up"
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.9", T + datetime.timedelta(minutes=15), KEY)
    assert len(codes_sent()) == 2, "once the oldest is 15 minutes old, the address may ask again"


def test_the_eleventh_request_from_an_address_is_told_to_wait(client, dbc):
    make_user()
    for i in range(10):
        assert ask(client, username=f"guess{i:02d}").status_code == 303
    r = ask(client, username="zhangsan")
    body = text(r)
    assert r.status_code == 429 and "获取验证码的次数过多，请在" in body and "之后再试" in body
    assert 'value="zhangsan"' in body and f'value="{MOBILE}"' in body, "typed values stay"
    assert not Outbox.select().exists()
    assert ask(client, address="203.0.113.77").status_code == 303 and len(codes_sent()) == 1


def test_requests_at_once_for_one_account_send_at_most_three_codes(app, dbc):
    make_user()
    requests = [lambda i=i: password_reset.request_code("zhangsan", MOBILE, f"198.51.100.{i}", T, KEY)
                for i in range(7)]
    assert run_together(app, *requests) == [None] * 7
    assert len(codes_sent()) == 3 and PasswordReset.select().count() == 3


def test_requests_at_once_from_one_address_get_ten_counted(app, dbc):
    for i in range(4):
        password_reset.request_code(f"nobody{i}", MOBILE, "203.0.113.9", T, KEY)
    requests = [lambda i=i: password_reset.request_code(f"other{i}", MOBILE, "203.0.113.9", T, KEY) for i in range(7)]
    results = run_together(app, *requests)
    assert sum(result is None for result in results) == 6 and sum(isinstance(r, Throttled) for r in results) == 1
    assert PasswordResetRequest.select().count() == 10


# A code used once, even by two submits at once

def test_two_resets_with_one_code_at_once_succeed_once(app, dbc):
    user = make_user()
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.5", T, KEY)
    [code] = codes_sent()
    later = T + datetime.timedelta(minutes=1)
    results = run_together(app, lambda: password_reset.reset_password("zhangsan", code, NEW, later, KEY),
                           lambda: password_reset.reset_password("zhangsan", code, "other-pass-7", later, KEY))
    done = [r for r in results if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], Conflict) or WRONG_CODE in refused[0].message
    assert AuditLog.select().where(AuditLog.action == "password_reset").count() == 1
    token = User.get_by_id(user.id).session_token
    assert token != user.session_token and PasswordReset.get().used_at == later


def test_a_used_code_cannot_be_used_again(dbc):
    make_user()
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.5", T, KEY)
    [code] = codes_sent()
    password_reset.reset_password("zhangsan", code, NEW, T, KEY)
    with pytest.raises(ServiceError, match=WRONG_CODE):
        password_reset.reset_password("zhangsan", code, "other-pass-7", T, KEY)


def test_codes_are_kept_hashed_under_the_key(dbc):
    make_user()
    password_reset.request_code("zhangsan", MOBILE, "203.0.113.5", T, KEY)
    [code] = codes_sent()
    row = PasswordReset.get()
    assert len(row.code_hash) == 64 and code not in row.code_hash
    with pytest.raises(ServiceError, match=WRONG_CODE):
        password_reset.reset_password("zhangsan", code, NEW, T, "another-key")


# CSRF on both forms

def test_csrf_forgot_token_rendered_and_required(client, dbc, csrf_on):
    make_user()
    token = csrf_token(text(client.get("/password/forgot")))
    missing = ask(client)
    assert missing.status_code == 422 and "页面已过期" in text(missing) and 'value="zhangsan"' in text(missing)
    assert not PasswordResetRequest.select().exists()
    assert ask(client, csrf_token=token).status_code == 303


def test_csrf_reset_token_rendered_and_required(client, dbc, csrf_on):
    make_user()
    ask(client, csrf_token=csrf_token(text(client.get("/password/forgot"))))
    token = csrf_token(text(client.get("/password/reset")))
    [code] = codes_sent()
    missing = reset(client, code)
    assert missing.status_code == 422 and "页面已过期" in text(missing) and PasswordReset.get().tries == 0
    assert reset(client, code, csrf_token=token).status_code == 303
