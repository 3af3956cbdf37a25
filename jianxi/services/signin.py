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

Every attempt is counted before it is judged: checking the counts and adding the attempt are one
step that no other request counting the same things can interleave with, and the password hash
(~100 ms) comes after it. So guesses arriving all at once, at any number of workers and servers,
get no more judged than the limits allow. A sign-in attempt's row is its failure unless the
password turns out right, when it goes with this browser's or address's other failures.
"""
import contextlib
import datetime
import hashlib

from peewee import fn
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, is_postgres
from ..models import LoginAttempt, RegistrationAttempt, User
from .errors import ServiceError, Throttled

WINDOW = datetime.timedelta(minutes=15)
LOCKOUT = datetime.timedelta(minutes=15)
MAX_FAILURES_PER_DEVICE = 5
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_UNTRUSTED_FAILURES_PER_ACCOUNT = 30
MAX_REGISTRATIONS_PER_ADDRESS = 10
WRONG_PASSWORD = "用户名或密码不正确"
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


def _lock_key(counter: str) -> int:
    """A PostgreSQL advisory lock id (a signed 64-bit number) for one counter. Two counters that
    happen to share an id only wait for each other; a count is never missed."""
    digest = hashlib.blake2b(f"jianxi.signin {counter}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def counting_alone(*counters: str):
    """A transaction in which no other request counts or adds to these counters, so a check of
    the counts and the attempt it lets in are one step, on every worker and server (忘记密码's
    limits, services/password_reset.py, count the same way)."""
    if is_postgres():
        with db.atomic():
            # Always in the same order, so two steps that share two counters cannot deadlock.
            for key in sorted({_lock_key(counter) for counter in counters}):
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (key,))
            yield
    else:
        # SQLite has one writer at a time: IMMEDIATE takes that lock before the counts are read.
        with db.atomic("IMMEDIATE"):
            yield


def _sign_in_counters(name: str, address: str, device: str | None) -> tuple[str, ...]:
    """What a sign-in's checks count, as lock names: every check sharing a count shares a name."""
    if device:
        return (f"device {name} {device}",)
    # Also covers the username-at-this-address count: every attempt adding to it takes both.
    return (f"username {name}", f"address {address}")


def locked_until(username: str, address: str, device: str | None, now: datetime.datetime):
    """When this sign-in may be tried again, or None if it may be tried now."""
    name = LoginAttempt.username == username.lower()[:50]
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


def _throttled(until: datetime.datetime, judged: bool = False) -> Throttled:
    """The lock's message; a guess that was judged and then locked says it was wrong, so that
    'judged' and 'refused unjudged' can be told apart by anyone reading the answers."""
    wait = f"登录失败次数过多，请在{until:%H:%M}之后再试。"
    return Throttled(f"{WRONG_PASSWORD}。{wait}" if judged else wait, until)


def _admit_sign_in(name: str, address: str, device: str | None, now: datetime.datetime) -> None:
    """Count this attempt as a failure before its password is judged, or refuse it while locked."""
    with counting_alone(*_sign_in_counters(name, address, device)):
        until = locked_until(name, address, device, now)
        if until:
            raise _throttled(until)
        LoginAttempt.create(username=name, address=address, device=device, attempted_at=now)


def _forget_failures(name: str, address: str, device: str | None, now: datetime.datetime) -> None:
    """The owner got in: forget this browser's and this address's failures (this attempt's own
    row among them), not everybody's."""
    mine = LoginAttempt.address == address if device is None else LoginAttempt.device == device
    with db.atomic():
        LoginAttempt.delete().where((LoginAttempt.username == name) & mine).execute()
        prune_attempts(now)


def authenticate(username: str, password: str, address: str, now: datetime.datetime, device: str | None = None) -> User:
    """The user for these credentials; refuses while this browser or address is locked out.
    `device` is the id from the account's device cookie, when the browser showed one."""
    name = username.lower()[:50]
    _admit_sign_in(name, address, device, now)
    user = User.get_or_none(fn.LOWER(User.username) == username.lower())
    if user is None or not check_password_hash(user.password_hash, password):
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
        until = locked_until(name, address, device, now)
        if until:
            raise _throttled(until, judged=True)
        raise ServiceError(WRONG_PASSWORD, field="username")
    _forget_failures(name, address, device, now)
    return user


def check_registration_allowed(address: str, now: datetime.datetime) -> None:
    """Count this registration attempt; refuse when the address has made too many lately."""
    with counting_alone(f"registration {address}"):
        condition = RegistrationAttempt.address == address
        until = _locked(RegistrationAttempt, condition, MAX_REGISTRATIONS_PER_ADDRESS, now)
        if until:
            raise Throttled(f"注册尝试过于频繁，请在{until:%H:%M}之后再试。", until)
        RegistrationAttempt.create(address=address, attempted_at=now)


def prune_attempts(now: datetime.datetime) -> int:
    """Forget attempts older than any lock could need (at every successful sign-in)."""
    old = now - WINDOW - LOCKOUT
    with db.atomic():
        RegistrationAttempt.delete().where(RegistrationAttempt.attempted_at < old).execute()
        return LoginAttempt.delete().where(LoginAttempt.attempted_at < old).execute()
