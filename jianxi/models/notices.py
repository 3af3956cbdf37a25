"""Notices: the in-service 消息 each state change writes for the people it concerns, the outbox of
SMS and e-mail a worker sends, each person's choices of channel and e-mail address, the reminders
already sent, and 忘记密码's one-time codes.

A message and its outbox rows are written in the same transaction as the change that causes them
(services.notices), so a change that fails writes neither, and a backend that is down only
delays them."""
from peewee import SQL, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, ModelIndex

from .base import BaseModel
from .people import User

# What a message is about, grouped for the person's channel choices (services.notices.GROUPS).
GROUP_DECISIONS, GROUP_OFFERS, GROUP_TASKS, GROUP_MONEY = "decisions", "offers", "tasks", "money"
GROUPS = {
    GROUP_DECISIONS: "审核结果（申请、认定、岗位、备案）",
    GROUP_OFFERS: "面试和录用通知",
    GROUP_TASKS: "待办和提醒（协议确认、月度登记、岗位截止、公示期满）",
    GROUP_MONEY: "补贴申请、公示和拨付",
}


class Message(BaseModel):
    """One 消息 to one person: a short title, a sentence, and the page to act on."""

    user = ForeignKeyField(User, backref="messages")
    kind = CharField(max_length=30)
    group = CharField(max_length=10)
    title = CharField(max_length=60)
    body = CharField(max_length=300)
    link = CharField(max_length=200)
    created_at = DateTimeField()
    read_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "created_at"), False),)


# The header's unread count is one index lookup per page.
Message.add_index(ModelIndex(Message, (Message.user,), where=Message.read_at.is_null(),
                             name="message_unread_by_user"))

CHANNEL_SMS, CHANNEL_EMAIL = "sms", "email"
OUTBOX_PENDING, OUTBOX_SENDING, OUTBOX_SENT, OUTBOX_FAILED = "pending", "sending", "sent", "failed"


class Outbox(BaseModel):
    """An SMS or e-mail to send. A worker claims a pending row (conditional UPDATE to 'sending'
    with its name and time, or SKIP LOCKED on PostgreSQL), sends it, and marks it sent; a failure
    puts it back with a later `next_at`, up to a number of attempts. A claim older than a lease
    (a worker killed mid-send) is taken again."""

    channel = CharField(max_length=5)
    address = CharField(max_length=120)
    subject = CharField(max_length=100, default="")
    body = CharField(max_length=500)
    message = ForeignKeyField(Message, null=True)
    status = CharField(max_length=8, default=OUTBOX_PENDING)
    attempts = IntegerField(default=0)
    next_at = DateTimeField()
    claimed_by = CharField(max_length=40, default="")
    claimed_at = DateTimeField(null=True)
    sent_at = DateTimeField(null=True)
    last_error = CharField(max_length=300, default="")
    created_at = DateTimeField()

    class Meta:
        constraints = [SQL("CHECK (channel IN ('sms', 'email'))"),
                       SQL("CHECK (status IN ('pending', 'sending', 'sent', 'failed'))")]
        indexes = ((("status", "next_at"), False),)


class NoticeChoice(BaseModel):
    """A person's choice for one group of notices: also by SMS, also by e-mail (in-service always).
    No row: the group's default (services.notices.DEFAULTS)."""

    user = ForeignKeyField(User)
    group = CharField(max_length=10)
    sms = BooleanField()
    email = BooleanField()

    class Meta:
        table_name = "notice_choice"
        indexes = ((("user", "group"), True),)


class EmailAddress(BaseModel):
    """A person's e-mail address for notices, used once verified by the link sent to it."""

    user = ForeignKeyField(User, unique=True)
    address = CharField(max_length=120)
    token_hash = CharField(max_length=64, default="")
    token_expires_at = DateTimeField(null=True)
    verified_at = DateTimeField(null=True)
    updated_at = DateTimeField()

    class Meta:
        table_name = "email_address"


class Reminder(BaseModel):
    """A reminder sent: at most one per kind, person and object, held by the unique index."""

    kind = CharField(max_length=20)
    user = ForeignKeyField(User)
    object_id = IntegerField()
    sent_at = DateTimeField()

    class Meta:
        indexes = ((("kind", "user", "object_id"), True),)


class PasswordReset(BaseModel):
    """忘记密码: a 6-digit code sent by SMS to the account's mobile, kept hashed, valid 10 minutes
    for 5 tries; used once."""

    user = ForeignKeyField(User)
    code_hash = CharField(max_length=64)
    created_at = DateTimeField()
    expires_at = DateTimeField()
    tries = IntegerField(default=0)
    used_at = DateTimeField(null=True)
    address = CharField(max_length=45, default="")

    class Meta:
        table_name = "password_reset"
        indexes = ((("user", "created_at"), False),)
