"""通知设置: which groups of notices also go by SMS or e-mail (in the service they always go), and
the e-mail address they go to. A new address is used only once the link sent to it is opened
(services.notices.verified_email): the link's token is random, kept only as its sha256, and lasts
24 hours; the e-mail carrying it is written to the outbox in the same transaction as the address."""
import datetime
import hashlib
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass

from ..db import db
from ..models import CHANNEL_EMAIL, GROUPS, EmailAddress, NoticeChoice, Outbox
from . import audit, notices
from .errors import Conflict, ServiceError

VERIFY_PATH = "/account/email/verify"
LINK_LIFETIME = datetime.timedelta(hours=24)
# Saving the same unverified address again sends a new link, but not twice within this.
RESEND_AFTER = datetime.timedelta(minutes=1)
EMAIL_SUBJECT = f"{notices.SERVICE}请验证您的电子邮箱"
EMAIL_MAX = 120
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

BAD_EMAIL = "请输入正确的电子邮箱地址，例如 name@example.com"
LONG_EMAIL = f"电子邮箱不能超过{EMAIL_MAX}个字符"
WRONG_LINK = "验证链接无效。请检查链接是否完整；如果之后又保存过邮箱地址，只有最新一封验证邮件里的链接有效。"
EXPIRED_LINK = "验证链接已过期（24小时内有效）。请在通知设置中再保存一次邮箱地址，我们会重新发送验证邮件。"
USED_LINK = "这个电子邮箱已经验证过了，不需要再验证。"

# What saving did to the address, for the page to say.
SENT, RECENT, REMOVED, KEPT = "sent", "recent", "removed", "kept"


@dataclass(frozen=True)
class Settings:
    choices: dict[str, tuple[bool, bool]]
    email: EmailAddress | None


def current(user) -> Settings:
    return Settings(notices.choices(user), EmailAddress.get_or_none(EmailAddress.user == user.id))


def clean_email(raw: str) -> str:
    """The address as kept ('' for none), or a ServiceError saying what is wrong with it."""
    address = (raw or "").strip()
    if len(address) > EMAIL_MAX:
        raise ServiceError(LONG_EMAIL, field="email")
    if address and not EMAIL.match(address):
        raise ServiceError(BAD_EMAIL, field="email")
    return address


def verify_link(service_url: str, token: str) -> str:
    return f"{service_url.rstrip('/')}{VERIFY_PATH}?token={token}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def save(user, by_sms: Collection[str], by_email: Collection[str], email: str, now: datetime.datetime,
         service_url: str) -> str | None:
    """The person's choice for every group and their address, in one transaction with its audit row;
    returns what happened to the address (SENT a new link, RECENT: one went out a minute ago, REMOVED,
    KEPT) or None when there is none."""
    address = clean_email(email)
    before = current(user)
    after = {group: (group in by_sms, group in by_email) for group in GROUPS}
    with db.atomic():
        for group, (sms, mail) in after.items():
            NoticeChoice.insert(user=user.id, group=group, sms=sms, email=mail).on_conflict(
                conflict_target=[NoticeChoice.user, NoticeChoice.group],
                update={NoticeChoice.sms: sms, NoticeChoice.email: mail}).execute()
        outcome = _save_address(user, before.email, address, now, service_url)
        changed = _changes(before.choices, after, outcome)
        if changed:
            audit.record(user, "notices", "user", user.id, now, changed)
    return outcome


def _save_address(user, kept: EmailAddress | None, address: str, now: datetime.datetime, service_url: str):
    if not address:
        if kept is None:
            return None
        EmailAddress.delete().where(EmailAddress.user == user.id).execute()
        return REMOVED
    if kept is not None and kept.address == address:
        if kept.verified_at is not None:
            return KEPT
        if kept.token_expires_at and kept.token_expires_at - LINK_LIFETIME > now - RESEND_AFTER:
            return RECENT
    token = secrets.token_urlsafe(32)
    values = {"address": address, "token_hash": _hash(token), "token_expires_at": now + LINK_LIFETIME,
              "verified_at": None, "updated_at": now}
    EmailAddress.insert(user=user.id, **values).on_conflict(
        conflict_target=[EmailAddress.user], update={getattr(EmailAddress, k): v for k, v in values.items()}).execute()
    Outbox.create(channel=CHANNEL_EMAIL, address=address, subject=EMAIL_SUBJECT, body=_email_body(service_url, token),
                  next_at=now, created_at=now)
    return SENT


def _email_body(service_url: str, token: str) -> str:
    return ("您在山西就业见习服务的通知设置中填写了这个电子邮箱。请在24小时内打开下面的链接完成验证，"
            f"验证后才会向这个邮箱发送通知：\n{verify_link(service_url, token)}\n"
            "如果不是您本人填写的，请忽略本邮件。")


def _changes(before: dict, after: dict, outcome: str | None) -> str:
    words = {True: "是", False: "否"}
    labels, old, new = {}, {}, {}
    for group, label in GROUPS.items():
        for index, channel in enumerate(("短信", "电子邮件")):
            key = f"{group}:{index}"
            labels[key] = f"{label.split('（')[0]}·{channel}"
            old[key], new[key] = words[before[group][index]], words[after[group][index]]
    parts = [audit.changes(old, new, labels)]
    parts.append({SENT: "通知邮箱：已填写，待验证", REMOVED: "通知邮箱：已删除"}.get(outcome or "", ""))
    return "；".join(part for part in parts if part)


def check_link(user, token: str, now: datetime.datetime) -> EmailAddress:
    """The address a link verifies, if it is the person's latest link, unused and in time."""
    found = token and EmailAddress.get_or_none((EmailAddress.user == user.id) & (EmailAddress.token_hash == _hash(token)))
    if not found:
        raise ServiceError(WRONG_LINK)
    if found.verified_at is not None:
        raise Conflict(USED_LINK)
    if found.token_expires_at is None or found.token_expires_at <= now:
        raise ServiceError(EXPIRED_LINK)
    return found


def verify(user, token: str, now: datetime.datetime) -> EmailAddress:
    """Verifies the address by one conditional UPDATE, so a link works once, however often it is sent."""
    if not token:
        raise ServiceError(WRONG_LINK)
    with db.atomic():
        verified = EmailAddress.update(verified_at=now, updated_at=now).where(
            (EmailAddress.user == user.id) & (EmailAddress.token_hash == _hash(token))
            & EmailAddress.verified_at.is_null() & (EmailAddress.token_expires_at > now)).execute()
        if not verified:
            check_link(user, token, now)  # says why
            raise Conflict(USED_LINK)  # verified by a request that raced this one
        audit.record(user, "email_verified", "user", user.id, now)
    return EmailAddress.get(EmailAddress.user == user.id)
