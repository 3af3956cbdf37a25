"""忘记密码: a 6-digit code by SMS to the account's mobile, then a new password; every earlier session ends.

Nothing answered says whether a username exists or whether the mobile typed is the account's:
`request_code` returns nothing, writes a request row in every case and an SMS only when both match,
and `reset_password` answers every failing code with one message, whether it was wrong, expired,
used up, or never sent.

Limits (also in the README), counted in the database before anything is judged, the way sign-in's
are (signin.counting_alone), so requests arriving all at once get no more than the limits allow:
- per address: 10 requests within 15 minutes, whatever they name; the 11th waits until the oldest
  is 15 minutes old, and is told so, which tells nothing about any account since every request counts;
- per account: 3 codes within an hour; a request past it gets the same answer as any other, and no SMS;
- per code: valid 10 minutes, 5 tries (each counted before it is judged), used once by a conditional
  UPDATE; a newer code ends the earlier ones (only the newest is looked at).

Codes are kept as HMAC-SHA256 under the app's secret key (`key`), so a copy of the table alone
cannot be searched through the million codes.
"""
import datetime
import hashlib
import hmac
import secrets

from peewee import fn
from werkzeug.security import generate_password_hash

from ..db import writing
from ..models import CHANNEL_SMS, Outbox, PasswordReset, PasswordResetRequest, User
from . import audit
from .accounts import end_sessions, password_problem
from .errors import Conflict, ServiceError, Throttled
from .notices import SERVICE
from .signin import counting_alone

CODE_VALID = datetime.timedelta(minutes=10)
MAX_TRIES = 5
ADDRESS_WINDOW = datetime.timedelta(minutes=15)
MAX_REQUESTS_PER_ADDRESS = 10
ACCOUNT_WINDOW = datetime.timedelta(hours=1)
MAX_CODES_PER_ACCOUNT = 3
WRONG_CODE = "验证码不正确或已失效（验证码10分钟内有效，最多可以输入5次）。请核对短信，或重新获取验证码。"
USED_JUST_NOW = "这个验证码刚刚已用于重置密码，请用那次设置的新密码登录。"
NO_ACCOUNT = 0  # no row has this id: the unknown username's queries run the same as a known one's


def sms_text(code: str) -> str:
    return f"{SERVICE}您的验证码为{code}，10分钟内有效，仅用于重置密码。如非本人操作，请忽略。"


def _code_hash(key: bytes | str, user_id: int, code: str) -> str:
    secret = key.encode() if isinstance(key, str) else key
    return hmac.new(secret, f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _account(username: str) -> User | None:
    return User.get_or_none(fn.LOWER(User.username) == username.strip().lower())


def _address_waits_until(address: str, now: datetime.datetime) -> datetime.datetime | None:
    """When this address may ask again, or None if it may ask now."""
    recent = [
        row.requested_at
        for row in PasswordResetRequest.select(PasswordResetRequest.requested_at)
        .where((PasswordResetRequest.address == address) & (PasswordResetRequest.requested_at > now - ADDRESS_WINDOW))
        .order_by(PasswordResetRequest.requested_at.desc())
        .limit(MAX_REQUESTS_PER_ADDRESS)
    ]
    return recent[-1] + ADDRESS_WINDOW if len(recent) >= MAX_REQUESTS_PER_ADDRESS else None


def request_code(username: str, mobile: str, address: str, now: datetime.datetime, key: bytes | str) -> None:
    """Send a code by SMS (an outbox row, in this transaction) if `username` names an account whose
    mobile is `mobile` and that account has had fewer than 3 codes this hour; otherwise nothing.
    The same work is done either way, as far as it can be, and nothing is returned.
    Raises Throttled when this address has asked 10 times within 15 minutes."""
    name, address = username.strip().lower(), address[:45]
    code = f"{secrets.randbelow(10**6):06d}"
    with counting_alone(f"password-reset address {address}", f"password-reset account {name}"):
        until = _address_waits_until(address, now)
        if until:
            raise Throttled(f"获取验证码的次数过多，请在{until:%H:%M}之后再试。", until)
        PasswordResetRequest.delete().where(PasswordResetRequest.requested_at <= now - ADDRESS_WINDOW).execute()
        PasswordResetRequest.create(address=address, requested_at=now)
        user = _account(name)
        user_id = user.id if user else NO_ACCOUNT
        matches = user is not None and hmac.compare_digest(user.mobile.encode(), mobile.strip().encode())
        code_hash = _code_hash(key, user_id, code)
        sent = PasswordReset.select().where(
            (PasswordReset.user == user_id) & (PasswordReset.created_at > now - ACCOUNT_WINDOW)).count()
        if matches and sent < MAX_CODES_PER_ACCOUNT:
            PasswordReset.create(user=user.id, code_hash=code_hash, created_at=now, expires_at=now + CODE_VALID,
                                 address=address)
            Outbox.create(channel=CHANNEL_SMS, address=user.mobile, body=sms_text(code), next_at=now, created_at=now)


def reset_password(username: str, code: str, new_password: str, now: datetime.datetime, key: bytes | str) -> User:
    """A new password for the account, given its newest code while that is live. The try is counted
    before the code is judged; the code is used by one conditional UPDATE in the same transaction as
    the new password, the new session token (every earlier session ends) and the audit row, so two
    submits of one code at once change the password once."""
    problem = password_problem(new_password, username)
    if problem:
        raise ServiceError(problem, field="new_password")
    user = _account(username)
    user_id = user.id if user else NO_ACCOUNT
    newest = (PasswordReset.select().where(PasswordReset.user == user_id)
              .order_by(PasswordReset.created_at.desc(), PasswordReset.id.desc()).first())
    live = ((PasswordReset.id == (newest.id if newest else NO_ACCOUNT)) & PasswordReset.used_at.is_null()
            & (PasswordReset.expires_at > now))
    counted = PasswordReset.update(tries=PasswordReset.tries + 1).where(live & (PasswordReset.tries < MAX_TRIES)).execute()
    if not counted or not hmac.compare_digest(newest.code_hash, _code_hash(key, user_id, code)):
        raise ServiceError(WRONG_CODE, field="code")
    password_hash = generate_password_hash(new_password)  # slow by design: before the write lock
    with writing():
        if not PasswordReset.update(used_at=now).where(live).execute():
            raise Conflict(USED_JUST_NOW, field="code")
        User.update(password_hash=password_hash).where(User.id == user.id).execute()
        end_sessions(user)
        audit.record(user, "password_reset", "user", user.id, now, "忘记密码：短信验证码")
    return user
