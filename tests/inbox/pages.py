"""One page of each kind 消息 and 通知设置 have, for tests/test_html_valid.py to send to the Nu checker."""
import re

from jianxi.db import db
from jianxi.models import Message, Outbox
from tests import clock
from tests.inbox.helpers import give, sign_in


def notice_pages(client, auth, app) -> dict[str, str]:
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, name
        pages[name] = response.get_data(as_text=True)

    for side, inbox in (("unit", "/unit/messages"), ("review", "/review/messages"), ("me", "/me/messages")):
        user = sign_in(client, app, side, f"html{side}")
        grab(f"{side}-messages-empty", client.get(inbox))
        with app.app_context(), db.connection_context():
            give(user, 22)
            read, = give(user, 1, link="")
            Message.update(read_at=clock.now()).where(Message.id == read.id).execute()
        grab(f"{side}-messages", client.get(inbox))
    grab("me-messages-page-2", client.get("/me/messages?page=2"))
    client.post("/me/messages/read-all")
    grab("me-messages-all-read", client.get("/me/messages?done=read"))
    grab("account-notices", client.get("/account/notices"))
    grab("account-notices-errors", client.post("/account/notices", data={"by_sms": ["tasks"], "email": "x@"}))
    client.post("/account/notices", data={"by_email": ["decisions"], "email": "me@example.cn"})
    grab("account-notices-sent", client.get("/account/notices?saved=sent"))
    with app.app_context(), db.connection_context():
        token = re.search(r"token=(\S+)", Outbox.select().order_by(Outbox.id.desc()).get().body).group(1)
    grab("account-verify", client.get(f"/account/email/verify?token={token}"))
    grab("account-verify-wrong", client.get("/account/email/verify?token=wrong"))
    client.post("/account/email/verify", data={"token": token})
    grab("account-verify-used", client.get(f"/account/email/verify?token={token}"))
    grab("account-notices-verified", client.get("/account/notices?saved=verified"))
    client.post("/logout")
    return pages
