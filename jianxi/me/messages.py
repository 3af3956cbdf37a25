"""消息 under /me/messages: an applicant's or trainee's own, served as every side serves them (jianxi.inbox)."""
from .. import inbox
from .blueprint import bp

SIDE = inbox.Side("me", "个人中心", "me.index", section="personal")


@bp.get("/messages")
def messages():
    """消息, newest first, 20 a page."""
    return inbox.page(SIDE)


@bp.post("/messages/<id:message_id>/read")
def read_message(message_id: int):
    """Marks one message read and opens the page it links to."""
    return inbox.open_link(SIDE, message_id)


@bp.post("/messages/read-all")
def read_all_messages():
    """全部标为已读."""
    return inbox.read_all(SIDE)
