"""Sign-in and registration throttling that no stranger can turn against the account's owner.

Failed sign-ins are kept in the database, so every worker process and every server counts the
same. The policy (also in the README):

- From a browser that has signed in to this account before (it holds the account's signed
  device cookie): 5 failures within 15 minutes lock that browser for 15 minutes. Nobody else's
  failures count against it, so a stranger cannot lock the owner out.
- From any other browser, counted by address: 5 failures for one username lock that username at
  that address; 20 failures for any usernames lock that address; and 30 failures for one username
  from all such browsers together lock it for all of them (this slows guessing spread over many
  addresses; the owner's own browser is still let in). Each lock lasts 15 minutes from the last
  failure.
- 个人注册: 10 attempts per address within 15 minutes, then 15 minutes' wait.
"""
import datetime

from peewee import fn
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import LoginAttempt, RegistrationAttempt, User
from .errors import ServiceError, Throttled

WINDOW = datetime.timedelta(minutes=15)
LOCKOUT = datetime.timedelta(minutes=15)
MAX_FAILURES_PER_DEVICE = 5
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_UNTRUSTED_FAILURES_PER_ACCOUNT = 30
MAX_REGISTRATIONS_PER_ADDRESS = 10
# A hash to check against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def _lock_ends(failures: list[datetime.datetime], limit: int, now: datetime.datetime):
    """When a lock from `limit` failures within WINDOW ends, or None if not locked."""
    if len(failures) < limit:
        return None
    latest = failures[0]
    if failures[limit - 1] > latest - WINDOW and now < latest + LOCKOUT:
        return latest + LOCKOUT
    return None


def _locked(model, condition, limit: int, now: datetime.datetime):
    recent = (
        model.select(model.attempted_at)
        .where(condition & (model.attempted_at > now - WINDOW - LOCKOUT))
        .order_by(model.attempted_at.desc())
        .limit(limit)
    )
    return _lock_ends([row.attempted_at for row in recent], limit, now)


def locked_until(username: str, address: str, device: str | None, now: datetime.datetime):
    """When this sign-in may be tried again, or None if it may be tried now."""
    name = LoginAttempt.username == username.lower()
    if device:
        checks = [(name & (LoginAttempt.device == device), MAX_FAILURES_PER_DEVICE)]
    else:
        untrusted = LoginAttempt.device.is_null()
        checks = [
            (name & (LoginAttempt.address == address) & untrusted, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS),
            ((LoginAttempt.address == address) & untrusted, MAX_FAILURES_PER_ADDRESS),
            (name & untrusted, MAX_UNTRUSTED_FAILURES_PER_ACCOUNT),
        ]
    ends = [end for condition, limit in checks if (end := _locked(LoginAttempt, condition, limit, now))]
    return max(ends) if ends else None


def _throttled(until: datetime.datetime) -> Throttled:
    return Throttled(f"登录失败次数过多，请在{until:%H:%M}之后再试。", until)


def authenticate(username: str, password: str, address: str, now: datetime.datetime, device: str | None = None) -> User:
    """The user for these credentials; refuses while this browser or address is locked out.
    `device` is the id from the account's device cookie, when the browser showed one."""
    until = locked_until(username, address, device, now)
    if until:
        raise _throttled(until)
    user = User.get_or_none(fn.LOWER(User.username) == username.lower())
    if user is None or not check_password_hash(user.password_hash, password):
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
        LoginAttempt.create(username=username.lower()[:50], address=address, device=device, attempted_at=now)
        until = locked_until(username, address, device, now)
        if until:
            raise _throttled(until)
        raise ServiceError("用户名或密码不正确", field="username")
    # The owner got in: forget this browser's and this address's failures, not everybody's.
    mine = LoginAttempt.address == address if device is None else LoginAttempt.device == device
    LoginAttempt.delete().where((LoginAttempt.username == username.lower()) & mine).execute()
    prune_attempts(now)
    return user


def check_registration_allowed(address: str, now: datetime.datetime) -> None:
    """Count this registration attempt; refuse when the address has made too many lately."""
    until = _locked(RegistrationAttempt, RegistrationAttempt.address == address, MAX_REGISTRATIONS_PER_ADDRESS, now)
    if until:
        raise Throttled(f"注册尝试过于频繁，请在{until:%H:%M}之后再试。", until)
    RegistrationAttempt.create(address=address, attempted_at=now)


def prune_attempts(now: datetime.datetime) -> int:
    """Forget attempts older than any lock could need (at every successful sign-in)."""
    old = now - WINDOW - LOCKOUT
    RegistrationAttempt.delete().where(RegistrationAttempt.attempted_at < old).execute()
    return LoginAttempt.delete().where(LoginAttempt.attempted_at < old).execute()
