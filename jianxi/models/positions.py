"""见习单位, 见习岗位 and trainees' favorites (收藏)."""
import datetime

from peewee import SQL, BlobField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..search.keywords import index_text
from ..services import clock
from .base import BaseModel, Region
from .people import User

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
# 结束招募 needs one of these reasons.
CLOSE_REASONS = {"filled": "已招满", "withdrawn": "单位撤回", "other": "其他"}
CLOSE_OTHER = "other"
CLOSE_NOTE_MAX = 100


# A 见习单位's standing: kept by an office (registered by it, or 已认定 after its own application),
# registered by an account and not (yet) recognised, or recognised once and then 取消认定.
EMPLOYER_RECOGNISED = "recognised"
EMPLOYER_UNRECOGNISED = "unrecognised"
EMPLOYER_REVOKED = "revoked"
EMPLOYER_STATUSES = {EMPLOYER_RECOGNISED: "已认定", EMPLOYER_UNRECOGNISED: "未认定", EMPLOYER_REVOKED: "已取消认定"}


class Employer(BaseModel):
    """见习单位, recognised by the office of its jurisdiction (a county, or a city's 市本级)."""

    name = CharField(max_length=100)
    # 统一社会信用代码 (GB 32100-2015). Rows loaded before it was asked for may have none.
    credit_code = CharField(max_length=18, null=True, unique=True)
    region = ForeignKeyField(Region)
    address = CharField(max_length=200)
    contact_person = CharField(max_length=20)
    phone = CharField(max_length=20)
    updated_at = DateTimeField(null=True)
    status = CharField(max_length=12, default=EMPLOYER_RECOGNISED, constraints=[SQL("DEFAULT 'recognised'")])
    # 单位类型 and 所属行业 (codes of reference.codes), known once the unit applied for 认定.
    unit_type = CharField(max_length=12, default="", constraints=[SQL("DEFAULT ''")])
    industry = CharField(max_length=1, default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        constraints = [SQL("CHECK (status IN ('recognised', 'unrecognised', 'revoked'))")]

    @property
    def status_label(self) -> str:
        return EMPLOYER_STATUSES.get(self.status, self.status)


class Position(BaseModel):
    title = CharField(max_length=60)
    employer = ForeignKeyField(Employer, backref="positions")
    # Jurisdiction: a county code, or a city code for the city's 市本级 positions.
    region = ForeignKeyField(Region)
    # Denormalized from region so a city search is one indexed equality.
    city = ForeignKeyField(Region)
    address = CharField(max_length=200)
    openings = IntegerField()
    # Accepted placements (services.placements): raised by one conditional UPDATE per acceptance
    # and never above `openings` (a CHECK), so no burst of acceptances can over-fill a position.
    placed = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    education = CharField(max_length=10, choices=list(EDUCATION_LEVELS.items()))
    major = CharField(max_length=60)
    duration_months = IntegerField()
    monthly_subsidy = IntegerField()
    duties = TextField()
    contact = CharField(max_length=60)
    published_at = DateTimeField(default=clock.now)
    deadline = DateField()
    status = CharField(max_length=10, default=POSITION_OPEN)
    close_reason = CharField(max_length=10, default="")
    # 结束招募 for 其他: the reason in the office's words (CLOSE_NOTE_MAX characters at most). The
    # database's own default too, since bulk loads (ops.bulk) write rows without it.
    close_note = CharField(max_length=100, default="", constraints=[SQL("DEFAULT ''")])
    closed_at = DateTimeField(null=True)
    updated_at = DateTimeField(null=True)
    # The keyword index text (search.keywords): pieces of the title and employer name; search.catalog
    # indexes it with the position's place and 学历要求.
    search_text = TextField(default="")
    # 岗位编号: the employer's own reference; with the employer, the key that lets a CSV import
    # update a position instead of adding it twice.
    external_ref = CharField(max_length=40, null=True)

    class Meta:
        indexes = (
            (("employer", "external_ref"), True),
            (("employer", "status"), False),
            # What the keyword search checks for each candidate, read without touching the table.
            (("id", "status", "deadline", "city", "region", "education", "published_at"), False),
            # id last: the deadline order walks it without sorting a day's positions (search.planner).
            (("status", "deadline", "id"), False),
            (("status", "published_at"), False),
            (("status", "education", "deadline"), False),
            (("status", "education", "published_at"), False),
            # education last: a count by place and 学历要求 is answered from the index alone.
            (("city", "status", "deadline", "education"), False),
            (("city", "status", "published_at"), False),
            (("region", "status", "deadline", "education"), False),
            (("region", "status", "published_at"), False),
        )
        constraints = [
            SQL("CHECK (openings > 0)"),
            SQL("CHECK (duration_months BETWEEN 3 AND 12)"),
            SQL("CHECK (monthly_subsidy >= 0)"),
            SQL("CHECK (status IN ('open', 'closed'))"),
            SQL("CHECK (placed >= 0 AND placed <= openings)"),
        ]

    @classmethod
    def open(cls, today: datetime.date):
        """Positions still recruiting: not closed and not past their deadline."""
        return cls.select().where(
            (cls.status == POSITION_OPEN) & (cls.deadline >= today)
        )

    def save(self, *args, **kwargs):
        """Every save keeps the keyword index text in step (bulk writes set it themselves)."""
        self.search_text = index_text(self.title, self.employer.name)
        return super().save(*args, **kwargs)

    def is_open(self, today: datetime.date) -> bool:
        """Still recruiting: the row-level twin of Position.open()."""
        return self.status == POSITION_OPEN and self.deadline >= today

    @property
    def education_label(self) -> str:
        return EDUCATION_LEVELS.get(self.education, self.education)


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


class ImportDraft(BaseModel):
    """An uploaded CSV between its dry run and its confirmation, kept in the database so that the
    confirmation may reach any app server."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    token = CharField(max_length=32, unique=True)
    filename = CharField(max_length=120)
    content = BlobField()
    created_at = DateTimeField()


class CatalogVersion(BaseModel):
    """One row: the data version of positions and employers, raised by every write to them
    (search.catalog), so cached search results know when they are out of date."""

    id = IntegerField(primary_key=True)
    version = IntegerField(default=1)
