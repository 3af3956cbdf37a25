"""Tables. Query helpers return unexecuted queries so callers can filter further."""
import datetime
import secrets

from flask_login import UserMixin
from peewee import (
    SQL,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelIndex,
    TextField,
    fn,
)

from .extensions import db

EDUCATION_LEVELS = {
    "any": "不限",
    "secondary": "高中/中专",
    "college": "大专",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}

POSITION_OPEN = "open"
POSITION_CLOSED = "closed"
POSITION_STATUSES = {POSITION_OPEN: "招募中", POSITION_CLOSED: "已结束"}


def new_session_token() -> str:
    return secrets.token_hex(16)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Region(BaseModel):
    """A city (its 市本级 office) or a county-level division, by official code."""

    code = CharField(max_length=6, primary_key=True)
    name = CharField(max_length=20)
    city = ForeignKeyField("self", null=True, backref="counties")


class Employer(BaseModel):
    name = CharField(max_length=100)
    region = ForeignKeyField(Region)
    address = CharField(max_length=200)
    contact_person = CharField(max_length=20)
    phone = CharField(max_length=20)


class Position(BaseModel):
    title = CharField(max_length=60)
    employer = ForeignKeyField(Employer, backref="positions")
    # Jurisdiction: a county code, or a city code for the city's 市本级 positions.
    region = ForeignKeyField(Region)
    # Denormalized from region so a city search is one indexed equality.
    city = ForeignKeyField(Region)
    address = CharField(max_length=200)
    openings = IntegerField()
    education = CharField(max_length=10, choices=list(EDUCATION_LEVELS.items()))
    major = CharField(max_length=60)
    duration_months = IntegerField()
    monthly_subsidy = IntegerField()
    duties = TextField()
    contact = CharField(max_length=60)
    published_at = DateTimeField(default=datetime.datetime.now)
    deadline = DateField()
    status = CharField(max_length=10, default=POSITION_OPEN)

    class Meta:
        indexes = (
            (("status", "deadline"), False),
            (("status", "published_at"), False),
            (("city", "status", "deadline"), False),
            (("city", "status", "published_at"), False),
            (("region", "status", "deadline"), False),
            (("region", "status", "published_at"), False),
        )
        constraints = [
            SQL("CHECK (openings > 0)"),
            SQL("CHECK (duration_months BETWEEN 3 AND 12)"),
        ]

    @classmethod
    def open(cls, today: datetime.date):
        """Positions still recruiting: not closed and not past their deadline."""
        return cls.select().where(
            (cls.status == POSITION_OPEN) & (cls.deadline >= today)
        )

    def is_open(self, today: datetime.date) -> bool:
        """Still recruiting: the row-level twin of Position.open()."""
        return self.status == POSITION_OPEN and self.deadline >= today

    @property
    def education_label(self) -> str:
        return EDUCATION_LEVELS.get(self.education, self.education)


ROLE_APPLICANT = "applicant"
ROLE_REVIEWER = "reviewer"
ROLE_ADMIN = "admin"
ROLES = {ROLE_APPLICANT: "个人用户", ROLE_REVIEWER: "经办人员", ROLE_ADMIN: "管理员"}


class User(UserMixin, BaseModel):
    username = CharField(max_length=20, unique=True)
    password_hash = CharField(max_length=255)
    real_name = CharField(max_length=30)
    # Staff accounts may have none; NULLs do not collide in a unique index.
    id_number = CharField(max_length=18, unique=True, null=True)
    mobile = CharField(max_length=11)
    role = CharField(max_length=10, default=ROLE_APPLICANT)
    jurisdiction = ForeignKeyField(Region, null=True)
    created_at = DateTimeField(default=datetime.datetime.now)
    # Part of every session cookie of this person; a new one (退出, a new password) ends them all.
    session_token = CharField(max_length=32, default=new_session_token)

    class Meta:
        constraints = [SQL("CHECK (role IN ('applicant', 'reviewer', 'admin'))")]

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


APPLICATION_PENDING = "pending"
APPLICATION_APPROVED = "approved"
APPLICATION_REJECTED = "rejected"
APPLICATION_WITHDRAWN = "withdrawn"
APPLICATION_STATUSES = {
    APPLICATION_PENDING: "未审核",
    APPLICATION_APPROVED: "审核通过",
    APPLICATION_REJECTED: "审核不通过",
    APPLICATION_WITHDRAWN: "已撤回",
}
ACTIVE_STATUSES = (APPLICATION_PENDING, APPLICATION_APPROVED)


class Application(BaseModel):
    """就业见习人员申请. Fields are copied at submission so later account edits do not rewrite it."""

    user = ForeignKeyField(User, backref="applications")
    reference = CharField(max_length=20, unique=True)
    # One per rendered form: a double click or a resend finds the first submission.
    submission_key = CharField(max_length=36, unique=True)
    status = CharField(max_length=10, default=APPLICATION_PENDING)
    name = CharField(max_length=30)
    gender = CharField(max_length=1)
    birth_date = DateField()
    ethnicity = CharField(max_length=2)
    id_number = CharField(max_length=18)
    education = CharField(max_length=10)
    school = CharField(max_length=60)
    major = CharField(max_length=60)
    graduation_month = CharField(max_length=7)
    category = CharField(max_length=10)
    employment_card_no = CharField(max_length=30, default="")
    mobile = CharField(max_length=11)
    household = CharField(max_length=100)
    address = CharField(max_length=200)
    jurisdiction = ForeignKeyField(Region)
    submitted_at = DateTimeField()
    submitted_month = CharField(max_length=7)
    reviewed_at = DateTimeField(null=True)
    reviewed_by = ForeignKeyField(User, null=True, backref="reviews")
    # 审核不通过: the grounds ticked (codes of reference.REJECTION_GROUNDS, comma-separated) and details.
    grounds = CharField(max_length=200, default="")
    reason = CharField(max_length=500, default="")
    withdrawn_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("user", "submitted_month"), False),
            (("jurisdiction", "status"), False),
            (("status", "submitted_at"), False),
        )
        constraints = [
            SQL("CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))"),
        ]

    @property
    def status_label(self) -> str:
        return APPLICATION_STATUSES[self.status]

    @property
    def ground_codes(self) -> list[str]:
        return [code for code in self.grounds.split(",") if code]


# At most one pending-or-approved application per person, held by the database itself.
Application.add_index(
    ModelIndex(
        Application,
        (Application.user,),
        unique=True,
        where=Application.status.in_(ACTIVE_STATUSES),
        name="application_one_active_per_user",
    )
)

ATTACHMENT_KINDS = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "diploma": "学历证明",
    "employment_card": "就业创业证",
    "other": "其他",
}


class Attachment(BaseModel):
    """An uploaded file. Stored under a random name outside static/; served only to its owner."""

    owner = ForeignKeyField(User, backref="attachments")
    kind = CharField(max_length=20)
    original_name = CharField(max_length=120)
    stored_name = CharField(max_length=80, unique=True)
    size = IntegerField()
    content_type = CharField(max_length=40)
    sha256 = CharField(max_length=64)
    uploaded_at = DateTimeField(default=datetime.datetime.now)
    # 删除 hides it from the form; the file stays while an application refers to it.
    removed = BooleanField(default=False)

    class Meta:
        indexes = ((("owner", "kind", "removed"), False),)

    @property
    def kind_label(self) -> str:
        return ATTACHMENT_KINDS.get(self.kind, self.kind)


class ApplicationAttachment(BaseModel):
    application = ForeignKeyField(Application, backref="files", on_delete="CASCADE")
    attachment = ForeignKeyField(Attachment, backref="uses")

    class Meta:
        primary_key = CompositeKey("application", "attachment")


FAVORITE_LIMIT = 3


class Favorite(BaseModel):
    """收藏: a trainee's shortlisted position. At most FAVORITE_LIMIT per person, held by the
    database: each favorite takes one of the person's numbered slots, and both (person, slot)
    and (person, position) are unique, so no burst of requests can make a fourth."""

    user = ForeignKeyField(User, backref="favorites", on_delete="CASCADE")
    position = ForeignKeyField(Position, backref="favorites", on_delete="CASCADE")
    slot = IntegerField()
    created_at = DateTimeField()

    class Meta:
        indexes = (
            (("user", "position"), True),
            (("user", "slot"), True),
            (("position", "created_at"), False),
        )
        constraints = [SQL(f"CHECK (slot BETWEEN 1 AND {FAVORITE_LIMIT})")]


class AuditLog(BaseModel):
    """Who did what to which object, when: state changes, and reviewers opening personal files."""

    actor = ForeignKeyField(User, null=True)
    action = CharField(max_length=20)
    object_type = CharField(max_length=20)
    object_id = IntegerField()
    detail = CharField(max_length=500, default="")
    at = DateTimeField(default=datetime.datetime.now, index=True)

    class Meta:
        indexes = ((("object_type", "object_id", "at"), False),)


ALL = [
    Region, Employer, Position, User, LoginAttempt, RegistrationAttempt, Application, Attachment,
    ApplicationAttachment, Favorite, AuditLog,
]
