"""People: accounts and the attempts counted against sign-in, registration and 忘记密码."""
import secrets

from peewee import SQL, CharField, DateTimeField, ForeignKeyField, ModelIndex, fn

from ..services import clock
from .base import BaseModel, Region

ROLE_APPLICANT = "applicant"
ROLE_REVIEWER = "reviewer"
ROLE_ADMIN = "admin"
# A person acting for a 见习单位 (the stand-in for the platform's 法人登录); services.units says which.
ROLE_UNIT = "unit"
ROLES = {ROLE_APPLICANT: "个人用户", ROLE_REVIEWER: "经办人员", ROLE_ADMIN: "管理员", ROLE_UNIT: "单位经办人"}


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(BaseModel):
    username = CharField(max_length=20, unique=True)
    password_hash = CharField(max_length=255)
    real_name = CharField(max_length=30)
    # Staff accounts may have none; NULLs do not collide in a unique index.
    id_number = CharField(max_length=18, unique=True, null=True)
    mobile = CharField(max_length=11)
    role = CharField(max_length=10, default=ROLE_APPLICANT)
    jurisdiction = ForeignKeyField(Region, null=True)
    created_at = DateTimeField(default=clock.now)
    # Part of every session cookie of this person; a new one (退出, a new password) ends them all.
    session_token = CharField(max_length=32, default=new_session_token)

    class Meta:
        constraints = [SQL("CHECK (role IN ('applicant', 'reviewer', 'admin', 'unit'))")]

    # What Flask-Login asks of a signed-in person, answered here rather than by its UserMixin so
    # that the domain needs no web framework: an account that exists may sign in.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the current session token."""
        return f"{self.id}:{self.session_token}"


# Usernames differing only in letter case are one account, whichever registration came first.
User.add_index(ModelIndex(User, (fn.LOWER(User.username),), unique=True, name="user_username_lower"))


class LoginAttempt(BaseModel):
    """Failed sign-ins, kept in the database so every worker process sees the same count.
    `device` is set when the browser showed a device cookie of this account (a trusted device)."""

    username = CharField(max_length=50, index=True)
    address = CharField(max_length=45, index=True)
    device = CharField(max_length=32, null=True, index=True)
    attempted_at = DateTimeField(index=True)


class RegistrationAttempt(BaseModel):
    """个人注册 posts per address, so nobody can try ID numbers against the register form at speed."""

    address = CharField(max_length=45)
    attempted_at = DateTimeField()

    class Meta:
        indexes = ((("address", "attempted_at"), False),)


class PasswordResetRequest(BaseModel):
    """忘记密码 requests per address, whether or not they named an account, so that the address's
    limit says nothing about any account (the codes sent are counted per account in password_reset)."""

    address = CharField(max_length=45)
    requested_at = DateTimeField()

    class Meta:
        table_name = "password_reset_request"
        indexes = ((("address", "requested_at"), False),)
