"""消息 as every side serves them: applicants at /me/messages, a unit's accounts at /unit/messages,
office staff at /review/messages. Each blueprint's guard decides who may come in, then its views
hand the request here; services.inbox keeps every read and change to the person's own messages.
Also the header's unread count, read once per request."""
from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user
from peewee import PeeweeException

from ..auth.guards import safe_next
from ..services import clock, inbox, lists, notices
from ..web import htmx

MESSAGES_FRAGMENTS = {"messages": "messages"}
DONE = {"read": "全部消息已标为已读。"}
_UNREAD = "jianxi.unread_messages"


@dataclass(frozen=True)
class Side:
    """Where one side's 消息 live: its blueprint, and the page they lead back to."""

    blueprint: str
    home_label: str
    home_endpoint: str
    section: str | None = None

    def endpoint(self, view: str) -> str:
        return f"{self.blueprint}.{view}"


def unread() -> int | None:
    """The signed-in person's unread messages, counted once per request (the header and the inbox
    share it); None when it cannot be read, so an error page still renders."""
    if not current_user.is_authenticated:
        return 0
    if _UNREAD not in request.environ:
        try:
            request.environ[_UNREAD] = notices.unread_count(current_user)
        except PeeweeException:
            request.environ[_UNREAD] = None
    return request.environ[_UNREAD]


def messages_endpoint(user) -> str:
    """The inbox of a signed-in person, by role."""
    return {"applicant": "me.messages", "unit": "unit.messages"}.get(user.role, "review.messages")


def page(side: Side):
    """One page of the person's messages, newest first; htmx swaps the list when paging."""
    read = lists.Reader(request.args)
    result = inbox.page(current_user, read.filters(lists.Filters))
    return htmx.render("_partials/messages.html", MESSAGES_FRAGMENTS, result=result, side=side,
                       done=DONE.get(request.args.get("done", "")))


def open_link(side: Side, message_id: int):
    """Marks the message read, then opens the page it leads to (or the inbox when it leads nowhere)."""
    message = inbox.open_message(current_user, message_id, clock.now())
    return htmx.redirect(safe_next(message.link) or url_for(side.endpoint("messages")))


def read_all(side: Side):
    inbox.mark_all_read(current_user, clock.now())
    return htmx.redirect(url_for(side.endpoint("messages"), done="read"))
