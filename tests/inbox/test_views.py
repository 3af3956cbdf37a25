"""消息 over HTTP on every side (jianxi.inbox, mounted by me/, unit/ and review/): only the person's
own, newest first, 20 a page, unread ones marked in words; opening a message's link by POST marks it
read, 全部标为已读 too, GET changes nothing; another's message is 404; the header's count on every
page of each side, gone once read; CSRF on each POST; who may open which inbox."""
import datetime
import re

import pytest

from jianxi.db import db
from jianxi.models import Message, User
from jianxi.services import notices
from tests import clock
from tests.factories import PASSWORD, register_unit, unit_code
from tests.inbox.helpers import SIDES, give, make_person, sign_in
from tests.support import text

ALL_SIDES = list(SIDES)


def count_in_header(body: str) -> str | None:
    found = re.search(r'>消息(?:（(\d+)<span class="visually-hidden">条未读</span>）)?</a>', body)
    assert found, "the header links to 消息"
    return found.group(1)


def csrf_token(body: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


@pytest.fixture(params=ALL_SIDES)
def side(request):
    return request.param


@pytest.fixture
def owner(client, app, side):
    return sign_in(client, app, side)


@pytest.fixture
def stranger(app):
    """Someone else of the same side, with messages of their own."""
    with app.app_context(), db.connection_context():
        other = make_person("me", "stranger1")
        give(other, 2, title="别人的消息")
    return other


def test_messages_shows_only_own_newest_first_unread_marked(client, app, side, owner, stranger):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        older, newer = give(owner, 2)
        Message.update(read_at=clock.now()).where(Message.id == older.id).execute()
    body = text(client.get(inbox))
    assert "别人的消息" not in body
    assert body.index("消息01") < body.index("消息00"), "newest first"
    newest, oldest = body.split('<li class="message')[1:3]
    assert newest.startswith(' unread"') and "未读" in newest and "第01条消息的内容。" in newest
    assert "未读" not in oldest and "已读" in oldest
    assert "共 <strong>2</strong> 条，其中 <strong>1</strong> 条未读" in body
    assert f'action="{inbox}/{newer.id}/read"' in body and f'action="{inbox}/read-all"' in body


def test_messages_twenty_a_page(client, app, side, owner):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        give(owner, 23)
    first = text(client.get(inbox))
    assert first.count('<li class="message') == 20 and "第1页，共2页" in first
    assert "消息22" in first and "消息02" not in first
    second = text(client.get(f"{inbox}?page=2"))
    assert second.count('<li class="message') == 3 and "消息00" in second and "消息03" not in second
    assert "没有第9页，已显示最后一页。" in text(client.get(f"{inbox}?page=9"))


def test_messages_htmx_paging_swaps_the_list_only(client, app, owner, side):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        give(owner, 21)
    fragment = client.get(f"{inbox}?page=2", headers={"HX-Request": "true", "HX-Target": "messages"})
    body = text(fragment)
    assert fragment.status_code == 200 and "<html" not in body and body.lstrip().startswith('<section id="messages"')
    assert {"HX-Request", "HX-Target"} <= set(fragment.vary)
    assert "<html" in text(client.get(inbox, headers={"HX-Request": "true", "HX-Target": "other"}))


def test_read_message_marks_it_read_and_opens_its_link(client, app, side, owner):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        message, = give(owner, 1, link="/positions/?q=会计")
    before = text(client.get(SIDES[side][1]))
    assert count_in_header(before) == "1"
    response = client.post(f"{inbox}/{message.id}/read")
    assert response.status_code == 303 and response.headers["Location"] == "/positions/?q=%E4%BC%9A%E8%AE%A1"
    with app.app_context(), db.connection_context():
        read_at = Message.get_by_id(message.id).read_at
    assert read_at is not None
    assert count_in_header(text(client.get(SIDES[side][1]))) is None
    client.post(f"{inbox}/{message.id}/read")  # again: still read, its first reading kept
    with app.app_context(), db.connection_context():
        assert Message.get_by_id(message.id).read_at == read_at


def test_read_message_with_a_link_off_the_site_comes_back_to_the_inbox(client, app, side, owner):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        outside, = give(owner, 1, link="//evil.example/")
        nowhere, = give(owner, 1, link="")
    assert client.post(f"{inbox}/{outside.id}/read").headers["Location"] == inbox
    assert client.post(f"{inbox}/{nowhere.id}/read").headers["Location"] == inbox


def test_read_message_of_another_person_is_404_and_stays_unread(client, app, side, owner, stranger):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        theirs = Message.get(Message.user == stranger.id)
    assert client.post(f"{inbox}/{theirs.id}/read").status_code == 404
    assert client.post(f"{inbox}/99999999/read").status_code == 404
    with app.app_context(), db.connection_context():
        assert Message.get_by_id(theirs.id).read_at is None


def test_read_all_marks_only_own_and_says_so(client, app, side, owner, stranger):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        give(owner, 3)
    response = client.post(f"{inbox}/read-all")
    assert response.status_code == 303 and response.headers["Location"] == f"{inbox}?done=read"
    body = text(client.get(response.headers["Location"]))
    assert "全部消息已标为已读。" in body and "read-all" not in body and count_in_header(body) is None
    with app.app_context(), db.connection_context():
        assert notices.unread_count(owner) == 0 and notices.unread_count(stranger) == 2


def test_messages_get_changes_nothing(client, app, side, owner):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        message, = give(owner, 1)
    assert client.get(inbox).status_code == 200
    assert client.get(f"{inbox}/{message.id}/read").status_code == 405
    assert client.get(f"{inbox}/read-all").status_code == 405
    with app.app_context(), db.connection_context():
        assert Message.get_by_id(message.id).read_at is None


@pytest.mark.parametrize("page", ["/", "/positions/", "/public/", "/account/notices", "/positions/999999"])
def test_header_count_on_every_page_and_gone_after_reading(client, app, side, owner, page):
    with app.app_context(), db.connection_context():
        give(owner, 3)
    body = text(client.get(page))
    assert count_in_header(body) == "3"
    assert f'href="{SIDES[side][0]}">消息（3<span class="visually-hidden">条未读</span>）</a>' in body
    client.post(f"{SIDES[side][0]}/read-all")
    assert count_in_header(text(client.get(page))) is None


def test_header_count_on_the_sides_own_pages(client, app, side, owner):
    with app.app_context(), db.connection_context():
        give(owner, 2)
    assert count_in_header(text(client.get(SIDES[side][1]))) == "2"
    assert count_in_header(text(client.get(SIDES[side][0]))) == "2"


def test_header_count_is_one_query_per_page(client, app, owner, side, monkeypatch):
    calls = []
    counted = notices.unread_count
    monkeypatch.setattr(notices, "unread_count", lambda user: calls.append(user.id) or counted(user))
    with app.app_context(), db.connection_context():
        give(owner, 1)
    body = text(client.get(SIDES[side][0]))  # the header and the list both say how many are unread
    assert count_in_header(body) == "1" and "<strong>1</strong> 条未读" in body
    assert calls == [owner.id]


def test_header_has_no_count_for_visitors(client, dbc):
    body = text(client.get("/"))
    assert "消息" not in body.split("</header>")[0]


@pytest.mark.parametrize("side_of_url, others", [("me", ["unit", "review", "admin"]), ("unit", ["me", "review"]),
                                                  ("review", ["me", "unit"])])
def test_messages_wrong_role_is_403_and_visitor_signs_in(client, app, side_of_url, others):
    inbox = SIDES[side_of_url][0]
    visitor = client.get(inbox)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/login?next=")
    assert client.get(inbox, headers={"HX-Request": "true", "HX-Target": "messages"}).status_code == 401
    assert client.post(f"{inbox}/1/read").status_code == 302
    for n, other in enumerate(others):
        sign_in(client, app, other, username=f"other{n}")
        assert client.get(inbox).status_code == 403, other
        assert client.post(f"{inbox}/read-all").status_code == 403, other


def test_unit_account_waiting_for_the_office_reads_its_own_messages(client, app):
    with app.app_context(), db.connection_context():
        register_unit("danwei1", unit_code("MA0K2B3C4"), now=clock.now())
        waiting, _ = register_unit("daili1", unit_code("MA0K2B3C4"), now=clock.now())  # asks to act for it
        message, = give(waiting, 1, link="/unit/")
    client.post("/login", data={"username": "daili1", "password": PASSWORD})
    assert client.get("/unit/positions/").status_code == 403
    body = text(client.get("/unit/messages"))
    assert "消息00" in body
    assert client.post(f"/unit/messages/{message.id}/read").status_code == 303


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_csrf_read_and_read_all_need_the_pages_token(client, app, side, owner, csrf_on):
    inbox = SIDES[side][0]
    with app.app_context(), db.connection_context():
        message, = give(owner, 2)[:1]
    token = csrf_token(text(client.get(inbox)))
    for url in (f"{inbox}/{message.id}/read", f"{inbox}/read-all"):
        refused = client.post(url)
        assert refused.status_code == 400 and "页面已过期" in text(refused)
        assert client.post(url, data={"csrf_token": "stale"}).status_code == 400
    with app.app_context(), db.connection_context():
        assert notices.unread_count(owner) == 2
    assert client.post(f"{inbox}/{message.id}/read", data={"csrf_token": token}).status_code == 303
    assert client.post(f"{inbox}/read-all", data={"csrf_token": token}).status_code == 303
    with app.app_context(), db.connection_context():
        assert notices.unread_count(owner) == 0


def test_a_decision_reaches_the_applicant_and_the_header(client, app):
    """An office's decision, through the service: the applicant's header counts it, the inbox shows it."""
    applicant = sign_in(client, app, "me", "shenqing1")
    with app.app_context(), db.connection_context():
        notices.send([User.get_by_id(applicant.id)],
                     notices.Notice("application_decided", "decisions", "就业见习人员申请已审核通过",
                                    "您的就业见习人员申请已审核通过。", "/me/", "已审核通过"),
                     clock.now() - datetime.timedelta(minutes=1))
    body = text(client.get("/me/"))
    assert count_in_header(body) == "1"
    assert "就业见习人员申请已审核通过" in text(client.get("/me/messages"))
