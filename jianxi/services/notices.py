"""Notices: each state change that concerns someone writes a 消息 for them, and an SMS or e-mail in
the outbox where they chose one, in the same transaction as the change (call `send` inside it).
A worker (services.outbox) sends the outbox; a backend that is down delays notices and never fails
the request that caused them.

Texts are short, carry the service's name, and hold nothing personal beyond what the recipient
already knows (never an ID number; names only of the recipient's own unit or position)."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import fn

from ..models import (
    ACCOUNT_CONFIRMED,
    CHANNEL_EMAIL,
    CHANNEL_SMS,
    GROUP_DECISIONS,
    GROUP_MONEY,
    GROUP_OFFERS,
    GROUP_TASKS,
    GROUPS,
    ROLE_REVIEWER,
    EmailAddress,
    Message,
    NoticeChoice,
    Outbox,
    UnitAccount,
    User,
)

SERVICE = "【山西就业见习】"
PAGE_SIZE = 20
# Also by SMS, also by e-mail, for a group without a choice of the person's: decisions and offers
# (which expire) reach a phone; the rest stay in the service until the person asks for more.
DEFAULTS = {GROUP_DECISIONS: (True, False), GROUP_OFFERS: (True, False), GROUP_TASKS: (False, False),
            GROUP_MONEY: (False, False)}
assert set(DEFAULTS) == set(GROUPS)


@dataclass(frozen=True)
class Notice:
    """What a change tells: kind (for tests and reminders), group (for channel choices), a title and
    a sentence for the 消息, the page to act on, and the SMS text (the service's name is added)."""

    kind: str
    group: str
    title: str
    body: str
    link: str
    sms: str


def choices(user: User) -> dict[str, tuple[bool, bool]]:
    """(sms, email) per group: the person's choice, else the default."""
    chosen = {row.group: (row.sms, row.email) for row in NoticeChoice.select().where(NoticeChoice.user == user.id)}
    return {group: chosen.get(group, default) for group, default in DEFAULTS.items()}


def verified_email(user: User) -> str | None:
    row = EmailAddress.get_or_none((EmailAddress.user == user.id) & EmailAddress.verified_at.is_null(False))
    return row.address if row else None


def send(users: Iterable[User], notice: Notice, now: datetime.datetime) -> list[Message]:
    """One 消息 per person (each once), and their SMS / e-mail rows: call inside the change's transaction."""
    made, seen = [], set()
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        message = Message.create(user=user.id, kind=notice.kind, group=notice.group, title=notice.title,
                                 body=notice.body, link=notice.link, created_at=now)
        by_sms, by_email = choices(user).get(notice.group, (False, False))
        if by_sms and user.mobile:
            Outbox.create(channel=CHANNEL_SMS, address=user.mobile, body=f"{SERVICE}{notice.sms}", message=message,
                          next_at=now, created_at=now)
        address = verified_email(user) if by_email else None
        if address:
            Outbox.create(channel=CHANNEL_EMAIL, address=address, subject=f"{SERVICE}{notice.title}",
                          body=notice.body, message=message, next_at=now, created_at=now)
        made.append(message)
    return made


def unit_users(employer_id: int) -> list[User]:
    """The confirmed accounts acting for a unit: each gets the unit's notices."""
    return list(User.select().join(UnitAccount, on=UnitAccount.user == User.id)
                .where((UnitAccount.employer == employer_id) & (UnitAccount.status == ACCOUNT_CONFIRMED)))


def office_users(region_code: str) -> list[User]:
    """The staff of one office (a county's, or a city's 市本级)."""
    return list(User.select().where((User.role == ROLE_REVIEWER) & (User.jurisdiction == region_code)))


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.select(fn.COUNT(Message.id)).where((Message.user == user.id) & Message.read_at.is_null()).scalar()


def of_user(user: User):
    return Message.select().where(Message.user == user.id).order_by(Message.created_at.desc(), Message.id.desc())

