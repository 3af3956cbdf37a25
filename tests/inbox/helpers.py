"""What the 消息 tests share: the three sides (who signs in, where their inbox is, a page of theirs
that shows the header), messages written by the service's `send`, and an inbox emptied of what
setting up wrote (registering a unit may itself notify an office).

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import datetime
import zlib

from jianxi.db import db
from jianxi.models import GROUP_DECISIONS, Message, Outbox, User
from jianxi.services import notices
from tests import clock
from tests.factories import PASSWORD, make_user, register_unit, unit_code

# side → (the inbox, a page of that side's own, the role signing in)
SIDES = {
    "me": ("/me/messages", "/me/", "applicant"),
    "unit": ("/unit/messages", "/unit/", "unit"),
    "review": ("/review/messages", "/review/", "reviewer"),
    "admin": ("/review/messages", "/review/", "admin"),
}


def make_person(side: str, username: str):
    """An account of `side`'s role (a unit's by 单位注册, confirmed), not signed in."""
    if side == "unit":
        user, _ = register_unit(username, unit_code(f"MA0{zlib.crc32(username.encode()) % 10**6:06d}"), now=clock.now())
        return user
    role = SIDES[side][2]
    fields = {"jurisdiction": "140105"} if role == "reviewer" else {}
    return make_user(username, role=role, **fields)


def sign_in(client, app, side: str, username: str = "owner1"):
    """`side`'s person (made first if new), signed in through /login; the inbox emptied."""
    with app.app_context(), db.connection_context():
        user = User.get_or_none(User.username == username) or make_person(side, username)
        empty_inboxes()
    client.post("/logout")
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)
    return user


def empty_inboxes() -> None:
    Outbox.delete().execute()
    Message.delete().execute()


def give(user, count: int, start: datetime.datetime | None = None, link: str = "/positions/", title: str = "消息"):
    """`count` messages to `user` by notices.send, a minute apart from `start`: the last is the newest."""
    start = start or clock.now() - datetime.timedelta(hours=1)
    made = []
    for n in range(count):
        notice = notices.Notice("test", GROUP_DECISIONS, f"{title}{n:02d}", f"第{n:02d}条消息的内容。", link, "短信")
        made += notices.send([user], notice, start + datetime.timedelta(minutes=n))
    return made
