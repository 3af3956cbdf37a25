"""通知设置 and the e-mail link over HTTP (account/views.py): the defaults shown when nothing was
chosen, saving every group at once, a new address kept unverified with its link written to the
outbox in the same transaction, the link's page (GET shows, POST verifies once; wrong, expired,
used, another's), CSRF on each POST, and every signed-in role welcome, visitors sent to sign in."""
import datetime
import hashlib
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from jianxi.db import db
from jianxi.models import (
    CHANNEL_EMAIL,
    GROUPS,
    AuditLog,
    EmailAddress,
    NoticeChoice,
    Outbox,
)
from jianxi.services import audit, notice_settings, notices
from tests import clock
from tests.inbox.helpers import SIDES, sign_in
from tests.support import text

EVERY_GROUP = list(GROUPS)


@pytest.fixture
def person(client, app):
    return sign_in(client, app, "me", "shezhi1")


def ticked(body: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="(\w+)" checked', body))


def save(client, sms=(), email=(), address="", **extra):
    return client.post("/account/notices", data={"by_sms": list(sms), "by_email": list(email), "email": address, **extra})


def link_in(outbox_row) -> str:
    return re.search(r"(\S+/account/email/verify\?token=\S+)", outbox_row.body).group(1)


def token_in(outbox_row) -> str:
    return link_in(outbox_row).split("token=")[1]


def rows(app, model, *where):
    with app.app_context(), db.connection_context():
        query = model.select()
        return list(query.where(*where) if where else query)


def test_notices_defaults_when_nothing_chosen(client, person):
    body = text(client.get("/account/notices"))
    assert ticked(body, "by_sms") == {g for g, (sms, _) in notices.DEFAULTS.items() if sms}
    assert ticked(body, "by_email") == {g for g, (_, mail) in notices.DEFAULTS.items() if mail}
    for label in GROUPS.values():
        assert label in body
    assert body.count("站内消息：始终发送") == len(GROUPS)
    assert "站内消息不能关闭" in body and "审核决定" in body


def test_notices_save_upserts_every_group_and_audits(client, app, person):
    response = save(client, sms=["offers"], email=["money", "offers"])
    assert response.status_code == 303 and response.headers["Location"] == "/account/notices?saved=saved"
    chosen = {row.group: (row.sms, row.email) for row in rows(app, NoticeChoice, NoticeChoice.user == person.id)}
    assert chosen == {g: (g == "offers", g in ("money", "offers")) for g in GROUPS}
    body = text(client.get(response.headers["Location"]))
    assert "通知设置已保存。" in body and ticked(body, "by_sms") == {"offers"}
    assert ticked(body, "by_email") == {"money", "offers"}
    logged, = rows(app, AuditLog, AuditLog.action == "notices")
    assert logged.actor_id == person.id and "审核结果·短信：是 → 否" in logged.detail

    save(client, sms=EVERY_GROUP)  # again: the same rows, changed
    chosen = {row.group: (row.sms, row.email) for row in rows(app, NoticeChoice, NoticeChoice.user == person.id)}
    assert chosen == {g: (True, False) for g in GROUPS}
    assert len(rows(app, AuditLog, AuditLog.action == "notices")) == 2
    save(client, sms=EVERY_GROUP)  # nothing changed: nothing to audit
    assert len(rows(app, AuditLog, AuditLog.action == "notices")) == 2


def test_notices_unknown_group_is_ignored(client, app, person):
    assert save(client, sms=["nonsense", "tasks"]).status_code == 303
    chosen = {row.group: row.sms for row in rows(app, NoticeChoice, NoticeChoice.user == person.id)}
    assert chosen == {g: g == "tasks" for g in GROUPS}


def test_notices_new_email_kept_unverified_with_its_link_in_the_outbox(client, app, person):
    response = save(client, email=["decisions"], address="  zhang@example.cn ")
    assert response.headers["Location"] == "/account/notices?saved=sent"
    kept, = rows(app, EmailAddress)
    assert (kept.user_id, kept.address, kept.verified_at) == (person.id, "zhang@example.cn", None)
    sent, = rows(app, Outbox)
    assert (sent.channel, sent.address, sent.subject) == (CHANNEL_EMAIL, "zhang@example.cn", "【山西就业见习】请验证您的电子邮箱")
    assert sent.message_id is None and sent.status == "pending"
    assert link_in(sent).startswith("http://localhost/account/email/verify?token=")
    token = token_in(sent)
    assert len(token) >= 40 and token not in kept.token_hash
    assert kept.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert abs(kept.token_expires_at - (clock.now() + datetime.timedelta(hours=24))) < datetime.timedelta(minutes=1)
    body = text(client.get(response.headers["Location"]))
    assert "验证邮件已发到" in body and "未验证" in body and 'value="zhang@example.cn"' in body
    with app.app_context(), db.connection_context():
        assert notices.verified_email(person) is None


def test_notices_link_uses_service_url_when_set(client, app, person):
    app.config["SERVICE_URL"] = "https://jianxi.example.cn/"
    save(client, address="zhang@example.cn")
    sent, = rows(app, Outbox)
    assert link_in(sent).startswith("https://jianxi.example.cn/account/email/verify?token=")


def test_notices_address_and_outbox_row_in_one_transaction(client, app, person, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(audit, "record", broken)
    assert save(client, sms=EVERY_GROUP, address="zhang@example.cn").status_code == 500
    assert rows(app, EmailAddress) == [] and rows(app, Outbox) == [] and rows(app, NoticeChoice) == []


@pytest.mark.parametrize("address, message", [
    ("zhang", notice_settings.BAD_EMAIL), ("zhang@example", notice_settings.BAD_EMAIL),
    ("a b@example.cn", notice_settings.BAD_EMAIL), ("x" * 110 + "@example.cn", notice_settings.LONG_EMAIL)])
def test_notices_bad_email_says_why_and_saves_nothing(client, app, person, address, message):
    response = save(client, sms=EVERY_GROUP, address=address)
    body = text(response)
    assert response.status_code == 422 and message in body and "<title>错误：通知设置" in body
    assert 'href="#email"' in body and ticked(body, "by_sms") == set(GROUPS), "what was ticked stays"
    assert rows(app, NoticeChoice) == [] and rows(app, EmailAddress) == [] and rows(app, Outbox) == []


def test_notices_same_unverified_address_sends_again_only_after_a_minute(client, app, person):
    save(client, address="zhang@example.cn")
    assert save(client, address="zhang@example.cn").headers["Location"] == "/account/notices?saved=recent"
    assert len(rows(app, Outbox)) == 1
    with app.app_context(), db.connection_context():
        sent_at = EmailAddress.get().token_expires_at - datetime.timedelta(hours=24)
        EmailAddress.update(token_expires_at=sent_at + datetime.timedelta(hours=24, minutes=-2)).execute()
    assert save(client, address="zhang@example.cn").headers["Location"] == "/account/notices?saved=sent"
    first, second = rows(app, Outbox)
    kept, = rows(app, EmailAddress)
    assert kept.token_hash == hashlib.sha256(token_in(second).encode()).hexdigest()


def test_notices_empty_address_removes_it(client, app, person):
    save(client, address="zhang@example.cn")
    assert save(client, address="").headers["Location"] == "/account/notices?saved=removed"
    assert rows(app, EmailAddress) == []


# The link in the e-mail

@pytest.fixture
def mailed(client, app, person):
    """The person saved an address: the token of the link mailed to it."""
    save(client, email=["decisions"], address="zhang@example.cn")
    return token_in(rows(app, Outbox)[0])


def test_verify_email_get_shows_the_address_and_changes_nothing(client, app, mailed):
    body = text(client.get(f"/account/email/verify?token={mailed}"))
    assert "zhang@example.cn" in body and "确认验证" in body and f'name="token" value="{mailed}"' in body
    assert rows(app, EmailAddress)[0].verified_at is None


def test_verify_email_post_verifies_once(client, app, person, mailed):
    response = client.post("/account/email/verify", data={"token": mailed})
    assert response.status_code == 303 and response.headers["Location"] == "/account/notices?saved=verified"
    body = text(client.get(response.headers["Location"]))
    assert "电子邮箱已验证" in body and "已验证" in body
    with app.app_context(), db.connection_context():
        assert notices.verified_email(person) == "zhang@example.cn"
        verified_at = EmailAddress.get().verified_at
    assert len(rows(app, AuditLog, AuditLog.action == "email_verified")) == 1
    again = client.post("/account/email/verify", data={"token": mailed})
    assert again.status_code == 422 and notice_settings.USED_LINK in text(again)
    assert notice_settings.USED_LINK in text(client.get(f"/account/email/verify?token={mailed}"))
    assert rows(app, EmailAddress)[0].verified_at == verified_at
    assert save(client, address="zhang@example.cn").headers["Location"] == "/account/notices?saved=kept"
    assert len(rows(app, Outbox)) == 1, "a verified address saved again is not mailed again"


@pytest.mark.parametrize("token", ["", "wrong", "x" * 300])
def test_verify_email_wrong_token_says_so(client, app, mailed, token):
    page = text(client.get(f"/account/email/verify?token={quote(token)}"))
    assert notice_settings.WRONG_LINK in page and "确认验证" not in page
    refused = client.post("/account/email/verify", data={"token": token})
    assert refused.status_code == 422 and notice_settings.WRONG_LINK in text(refused)
    assert rows(app, EmailAddress)[0].verified_at is None


def test_verify_email_expired_token_says_so(client, app, mailed):
    with app.app_context(), db.connection_context():
        EmailAddress.update(token_expires_at=clock.now() - datetime.timedelta(seconds=1)).execute()
    assert notice_settings.EXPIRED_LINK in text(client.get(f"/account/email/verify?token={mailed}"))
    refused = client.post("/account/email/verify", data={"token": mailed})
    assert refused.status_code == 422 and notice_settings.EXPIRED_LINK in text(refused)
    assert rows(app, EmailAddress)[0].verified_at is None


def test_verify_email_earlier_link_after_a_new_address_is_wrong(client, app, mailed):
    save(client, address="new@example.cn")
    refused = client.post("/account/email/verify", data={"token": mailed})
    assert refused.status_code == 422 and notice_settings.WRONG_LINK in text(refused)
    newest = token_in(rows(app, Outbox)[-1])
    assert client.post("/account/email/verify", data={"token": newest}).status_code == 303
    assert rows(app, EmailAddress)[0].address == "new@example.cn"


def test_verify_email_of_another_account_is_wrong_for_this_one(client, app, mailed):
    sign_in(client, app, "me", "other1")
    refused = client.post("/account/email/verify", data={"token": mailed})
    assert refused.status_code == 422 and notice_settings.WRONG_LINK in text(refused)
    assert rows(app, EmailAddress)[0].verified_at is None


def test_verify_email_visitor_signs_in_and_comes_back(client, app, mailed):
    client.post("/logout")
    response = client.get(f"/account/email/verify?token={mailed}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?")
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [f"/account/email/verify?token={mailed}"]
    login = client.post(response.headers["Location"], data={"username": "shezhi1", "password": "secret-pass-1"})
    assert login.status_code == 303 and login.headers["Location"] == f"/account/email/verify?token={mailed}"


@pytest.mark.parametrize("side", list(SIDES))
def test_notices_every_signed_in_role_has_its_own(client, app, side):
    user = sign_in(client, app, side, f"{side}1")
    assert client.get("/account/notices").status_code == 200
    assert save(client, sms=["tasks"]).status_code == 303
    assert {row.user_id for row in rows(app, NoticeChoice)} == {user.id}


def test_notices_visitor_is_sent_to_sign_in(client, dbc):
    response = client.get("/account/notices")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert client.post("/account/notices", data={"by_sms": ["tasks"]}).status_code == 302
    assert client.post("/account/email/verify", data={"token": "x"}).status_code == 302
    assert NoticeChoice.select().count() == 0


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_csrf_notices_token_rendered_and_required(client, app, person, csrf_on):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                      text(client.get("/account/notices")))
    token = token.group(1) or token.group(2)
    stale = save(client, sms=["tasks"], address="zhang@example.cn")
    assert stale.status_code == 422 and "页面已过期" in text(stale)
    assert 'value="zhang@example.cn"' in text(stale), "what was typed stays"
    assert rows(app, NoticeChoice) == [] and rows(app, Outbox) == []
    assert save(client, sms=["tasks"], csrf_token=token).status_code == 303


def test_csrf_verify_email_token_rendered_and_required(client, app, mailed, csrf_on):
    page = text(client.get(f"/account/email/verify?token={mailed}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post("/account/email/verify", data={"token": mailed})
    assert refused.status_code == 400 and "页面已过期" in text(refused)
    assert rows(app, EmailAddress)[0].verified_at is None
    assert client.post("/account/email/verify", data={"token": mailed, "csrf_token": token}).status_code == 303
