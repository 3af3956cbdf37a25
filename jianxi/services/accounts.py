"""Accounts: registration, sign-in with throttling that holds across worker processes."""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError, fn
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ROLE_APPLICANT, ROLE_REVIEWER, LoginAttempt, Region, User
from .errors import Conflict, ServiceError, Throttled

WINDOW = datetime.timedelta(minutes=15)
LOCKOUT = datetime.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
# A hash to check against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    real_name: str
    mobile: str
    id_number: str | None = None
    role: str = ROLE_APPLICANT
    jurisdiction: str | None = None


def password_problem(password: str, username: str) -> str | None:
    """Why a password is not acceptable, or None."""
    if len(password) < 8:
        return "密码至少需要8个字符"
    if password.isdigit():
        return "密码不能全是数字，请加入字母或符号"
    if password.lower() == username.lower():
        return "密码不能与用户名相同"
    return None


def create_user(new: NewUser) -> User:
    problem = password_problem(new.password, new.username)
    if problem:
        raise ServiceError(problem, field="password")
    if new.role == ROLE_REVIEWER and not Region.get_or_none(Region.code == new.jurisdiction):
        raise ServiceError("经办人员必须指定辖区（市或县区代码）", field="jurisdiction")
    if User.select().where(fn.LOWER(User.username) == new.username.lower()).exists():
        raise Conflict("该用户名已被注册", field="username")
    if new.id_number and User.select().where(User.id_number == new.id_number).exists():
        raise Conflict("该身份证号码已注册过账号，请直接登录", field="id_number")
    try:
        with db.atomic():
            return User.create(
                username=new.username,
                password_hash=generate_password_hash(new.password),
                real_name=new.real_name,
                id_number=new.id_number,
                mobile=new.mobile,
                role=new.role,
                jurisdiction=new.jurisdiction if new.role == ROLE_REVIEWER else None,
            )
    except IntegrityError:
        # Two registrations raced past the checks above; the unique indexes decided.
        raise Conflict("该用户名或身份证号码已被注册", field="username") from None


def _lock_ends(failures: list[datetime.datetime], limit: int, now: datetime.datetime):
    """When a lock from `limit` failures within WINDOW ends, or None if not locked."""
    if len(failures) < limit:
        return None
    latest = failures[0]
    if failures[limit - 1] > latest - WINDOW and now < latest + LOCKOUT:
        return latest + LOCKOUT
    return None


def _recent_failures(column, value: str, limit: int, now: datetime.datetime):
    query = (
        LoginAttempt.select(LoginAttempt.attempted_at)
        .where((column == value) & (LoginAttempt.attempted_at > now - WINDOW - LOCKOUT))
        .order_by(LoginAttempt.attempted_at.desc())
        .limit(limit)
    )
    return [row.attempted_at for row in query]


def locked_until(username: str, address: str, now: datetime.datetime):
    ends = [
        _lock_ends(_recent_failures(LoginAttempt.username, username.lower(), MAX_FAILURES_PER_ACCOUNT, now),
                   MAX_FAILURES_PER_ACCOUNT, now),
        _lock_ends(_recent_failures(LoginAttempt.address, address, MAX_FAILURES_PER_ADDRESS, now),
                   MAX_FAILURES_PER_ADDRESS, now),
    ]
    ends = [e for e in ends if e]
    return max(ends) if ends else None


def authenticate(username: str, password: str, address: str, now: datetime.datetime) -> User:
    """The user for these credentials; refuses while the account or address is locked."""
    until = locked_until(username, address, now)
    if until:
        raise Throttled(f"登录失败次数过多，请在{until:%H:%M}之后再试。", until)
    user = User.get_or_none(fn.LOWER(User.username) == username.lower())
    if user is None or not check_password_hash(user.password_hash, password):
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
        LoginAttempt.create(username=username.lower()[:50], address=address, attempted_at=now)
        until = locked_until(username, address, now)
        if until:
            raise Throttled(f"登录失败次数过多，请在{until:%H:%M}之后再试。", until)
        raise ServiceError("用户名或密码不正确", field="username")
    LoginAttempt.delete().where(LoginAttempt.username == username.lower()).execute()
    prune_attempts(now)
    return user


def prune_attempts(now: datetime.datetime) -> int:
    """Forget failures older than any lock could need (run from cron or at sign-in)."""
    return LoginAttempt.delete().where(LoginAttempt.attempted_at < now - WINDOW - LOCKOUT).execute()
