"""消息: one person's messages, newest first, 20 a page, and marking them read. Every read and
change is narrowed to the person's own: another's message is NotFound, never told apart from none."""
import datetime

from ..models import Message
from . import lists, notices
from .errors import NotFound

ORDER = (Message.created_at.desc(), Message.id.desc())


def page(user, filters: lists.Filters) -> lists.ListPage:
    return lists.ListPage(*lists.page_of(notices.of_user(user), filters, *ORDER))


def open_message(user, message_id: int, now: datetime.datetime) -> Message:
    """The person's message, marked read (once: the first reading's time stays), for its link."""
    mine = (Message.id == message_id) & (Message.user == user.id)
    Message.update(read_at=now).where(mine & Message.read_at.is_null()).execute()
    message = Message.get_or_none(mine)
    if message is None:
        raise NotFound("没有这条消息")
    return message


def mark_all_read(user, now: datetime.datetime) -> int:
    """全部标为已读: how many were unread."""
    return Message.update(read_at=now).where((Message.user == user.id) & Message.read_at.is_null()).execute()
