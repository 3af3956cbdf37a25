"""Tables. Query helpers return unexecuted queries so callers can filter further."""
import datetime

from flask_login import UserMixin
from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
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


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Region(BaseModel):
    """A city (its 市本级 office) or a county-level division, by official code."""

    code = CharField(max_length=6, primary_key=True)
    name = CharField(max_length=20)
    city = ForeignKeyField("self", null=True, backref="counties")

    @property
    def is_city(self) -> bool:
        return self.city_id is None


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

    class Meta:
        constraints = [SQL("CHECK (role IN ('applicant', 'reviewer', 'admin'))")]


class LoginAttempt(BaseModel):
    """Failed sign-ins, kept in the database so every worker process sees the same count."""

    username = CharField(max_length=50, index=True)
    address = CharField(max_length=45, index=True)
    attempted_at = DateTimeField(index=True)


ALL = [Region, Employer, Position, User, LoginAttempt]
