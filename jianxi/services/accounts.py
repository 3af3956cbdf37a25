"""Accounts: registration, passwords, and the session token that ends every session at once.
Sign-in and its throttling are in services/signin.py."""
import datetime
import re
from dataclasses import dataclass

from peewee import IntegrityError, fn
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db
from ..models import ROLE_APPLICANT, ROLE_REVIEWER, Region, User, new_session_token
from . import audit
from .errors import Conflict, ServiceError

USERNAME_TAKEN = "该用户名已被注册"
# Usernames start with a letter, so neither of these can be a username.
ID_NUMBER_TYPED = re.compile(r"^\d{17}[\dXx]$")
MOBILE_TYPED = re.compile(r"^1[3-9]\d{9}$")
ID_NUMBER_TAKEN = "该身份证号码已注册过账号，请直接登录"


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


def login_name(typed: str) -> str:
    """The username that what was typed at 登录 names: the account of an ID number, or of a mobile
    number only one account gives; otherwise the text itself. Resolved before anything is judged,
    so every sign-in limit counts per account whichever of the three a guesser types."""
    typed = typed.strip()
    if ID_NUMBER_TYPED.match(typed):
        user = User.get_or_none(User.id_number == typed.upper())
        return user.username if user else typed
    if MOBILE_TYPED.match(typed):
        names = [u.username for u in User.select(User.username).where(User.mobile == typed).limit(2)]
        return names[0] if len(names) == 1 else typed
    return typed


def create_user(new: NewUser) -> User:
    """A new account. The password is hashed before anything is looked up, so an answer about a
    taken username or ID number takes as long as a registration and tells no one by its speed."""
    problem = password_problem(new.password, new.username)
    if problem:
        raise ServiceError(problem, field="password")
    password_hash = generate_password_hash(new.password)
    if new.role == ROLE_REVIEWER and not Region.get_or_none(Region.code == new.jurisdiction):
        raise ServiceError("经办人员必须指定辖区（市或县区代码）", field="jurisdiction")
    _refuse_taken(new)
    try:
        with db.atomic():
            return User.create(
                username=new.username,
                password_hash=password_hash,
                real_name=new.real_name,
                id_number=new.id_number,
                mobile=new.mobile,
                role=new.role,
                jurisdiction=new.jurisdiction if new.role == ROLE_REVIEWER else None,
            )
    except IntegrityError:
        # Two registrations raced past the check; the unique indexes decided which one stands.
        _refuse_taken(new)
        raise Conflict(USERNAME_TAKEN, field="username") from None


def _refuse_taken(new: NewUser) -> None:
    if User.select().where(fn.LOWER(User.username) == new.username.lower()).exists():
        raise Conflict(USERNAME_TAKEN, field="username")
    if new.id_number and User.select().where(User.id_number == new.id_number).exists():
        raise Conflict(ID_NUMBER_TAKEN, field="id_number")


def end_sessions(user: User) -> str:
    """A new session token: every session cookie made with the old one stops working."""
    token = new_session_token()
    User.update(session_token=token).where(User.id == user.id).execute()
    user.session_token = token
    return token


def set_password(user: User, new_password: str, actor: User | None, now: datetime.datetime) -> None:
    """A new password (by its owner, or by an operator); every earlier session ends."""
    problem = password_problem(new_password, user.username)
    if problem:
        raise ServiceError(problem, field="new_password")
    with db.atomic():
        User.update(password_hash=generate_password_hash(new_password)).where(User.id == user.id).execute()
        end_sessions(user)
        audit.record(actor, "password", "user", user.id, now)


def change_password(user: User, current: str, new_password: str, now: datetime.datetime) -> None:
    """修改密码: the current password first, then the same rules as registration."""
    if not check_password_hash(user.password_hash, current):
        raise ServiceError("当前密码不正确", field="current_password")
    if current == new_password:
        raise ServiceError("新密码不能与当前密码相同", field="new_password")
    set_password(user, new_password, user, now)
