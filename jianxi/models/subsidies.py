"""在岗 to paid: the working-day calendar, the subsidy rules, a unit's monthly records, its claims
and their lines, and the offices' 公示 batches.

Money is integer 分 (columns named *_fen). "Nothing is paid twice" is held here, not in code: a
claim line for a placement's month (or its insurance refund) is unique among the lines that were
not returned, whatever the timing of requests."""
from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    ModelIndex,
    TextField,
)

from .applications import Attachment
from .base import BaseModel, Region
from .people import User
from .placements import Placement
from .positions import Employer

# A day that is not what its weekday says: a 法定节假日 (or 调休 rest day) on a weekday, or a 调休
# working day on a weekend, as the State Council's yearly notice arranges them.
DAY_HOLIDAY, DAY_WORKDAY = "holiday", "workday"
DAY_KINDS = {DAY_HOLIDAY: "放假", DAY_WORKDAY: "调休上班"}


class CalendarDay(BaseModel):
    """One day of the yearly 节假日安排 that differs from Monday–Friday, kept by operators."""

    day = DateField(unique=True)
    kind = CharField(max_length=8)
    name = CharField(max_length=20, default="")
    source = CharField(max_length=300, default="")
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True)

    class Meta:
        table_name = "calendar_day"
        constraints = [SQL("CHECK (kind IN ('holiday', 'workday'))")]


# The code of a rule for the whole province; a city's or county's own rows come before it.
PROVINCE = "140000"


class SubsidyRule(BaseModel):
    """见习补贴 as data, for the province, a city (its 市本级 and counties without rows) or a county,
    in force from `effective_from` until the next row of the same place: the share of the minimum
    wage paid per trainee-month, the cap of the insurance refund, whether the remaining months of
    an early hire are paid (剩余期限补贴), and an optional higher share for units whose 留用率
    reaches a threshold. `demo` marks figures that are not a published rule."""

    region_code = CharField(max_length=6)
    effective_from = DateField()
    share_percent = IntegerField()
    insurance_cap_fen = IntegerField()
    pays_remaining = BooleanField(default=False)
    retention_rate_percent = IntegerField(null=True)
    retention_share_percent = IntegerField(null=True)
    source = CharField(max_length=300, default="")
    demo = BooleanField(default=False)
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True)

    class Meta:
        table_name = "subsidy_rule"
        constraints = [
            SQL("CHECK (share_percent BETWEEN 1 AND 100)"),
            SQL("CHECK (insurance_cap_fen >= 0)"),
            SQL("CHECK ((retention_rate_percent IS NULL) = (retention_share_percent IS NULL))"),
            SQL("CHECK (retention_rate_percent IS NULL OR retention_rate_percent BETWEEN 1 AND 100)"),
            SQL("CHECK (retention_share_percent IS NULL OR retention_share_percent BETWEEN 1 AND 100)"),
        ]
        indexes = ((("region_code", "effective_from"), True),)


class MonthRecord(BaseModel):
    """A unit's record of one month of a placement, made once the month has ended: the days the
    trainee attended and the 基本生活补助 actually paid (amount, date, optional proof). `month` is the
    month's first day. It can be corrected until a claim line for that month stands."""

    placement = ForeignKeyField(Placement, backref="month_records")
    month = DateField()
    days_attended = IntegerField()
    paid_fen = IntegerField()
    paid_on = DateField()
    proof = ForeignKeyField(Attachment, null=True)
    recorded_at = DateTimeField()
    recorded_by = ForeignKeyField(User)
    updated_at = DateTimeField()

    class Meta:
        table_name = "month_record"
        constraints = [SQL("CHECK (days_attended >= 0)"), SQL("CHECK (paid_fen >= 0)")]
        indexes = ((("placement", "month"), True),)


BATCH_PUBLISHED, BATCH_PAID = "published", "paid"
BATCH_STATUSES = {BATCH_PUBLISHED: "公示中", BATCH_PAID: "已拨付"}
PUBLICITY_DAYS = 5  # working days


class Batch(BaseModel):
    """An office's numbered 批次 (e.g. 2026年第3批) of approved claims: published for PUBLICITY_DAYS
    working days from the day after `published_on` (until `window_ends`), then paid."""

    region = ForeignKeyField(Region)
    year = IntegerField()
    number = IntegerField()
    status = CharField(max_length=10, default=BATCH_PUBLISHED)
    contact = CharField(max_length=200)
    published_on = DateField()
    window_ends = DateField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User)
    paid_on = DateField(null=True)
    voucher = CharField(max_length=40, default="")
    paid_at = DateTimeField(null=True)
    paid_by = ForeignKeyField(User, null=True)

    class Meta:
        constraints = [
            SQL("CHECK (status IN ('published', 'paid'))"),
            SQL("CHECK (number > 0)"),
            SQL("CHECK (window_ends > published_on)"),
            SQL("CHECK ((status = 'paid') = (paid_on IS NOT NULL))"),
        ]
        indexes = ((("region", "year", "number"), True),)

    @property
    def title(self) -> str:
        return f"{self.year}年第{self.number}批"

    @property
    def slug(self) -> str:
        return f"{self.region_id}-{self.year}-{self.number}"


CLAIM_SUBMITTED, CLAIM_DECIDED = "submitted", "decided"
CLAIM_STATUSES = {CLAIM_SUBMITTED: "待审核", CLAIM_DECIDED: "已审核"}


class Claim(BaseModel):
    """A unit's 补贴申请 for a period (a quarter by default), to the office its placements were 备案
    with. Its lines are computed from the records and the rules when it is submitted."""

    employer = ForeignKeyField(Employer, backref="claims")
    region = ForeignKeyField(Region)
    period_from = DateField()
    period_to = DateField()
    status = CharField(max_length=10, default=CLAIM_SUBMITTED)
    submitted_at = DateTimeField()
    submitted_by = ForeignKeyField(User)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(User, null=True)
    batch = ForeignKeyField(Batch, null=True, backref="claims")

    class Meta:
        constraints = [SQL("CHECK (status IN ('submitted', 'decided'))"), SQL("CHECK (period_to >= period_from)")]
        # The office's list in its order (waiting first, oldest first) read from the index alone.
        indexes = ((("region", "status", "submitted_at"), False), (("employer", "submitted_at"), False))


LINE_MONTH, LINE_REMAINING, LINE_INSURANCE = "month", "remaining", "insurance"
LINE_KINDS = {LINE_MONTH: "见习补贴", LINE_REMAINING: "剩余期限补贴", LINE_INSURANCE: "意外伤害保险费补贴"}
LINE_CLAIMED, LINE_APPROVED, LINE_RETURNED, LINE_HELD, LINE_PAID = "claimed", "approved", "returned", "held", "paid"
LINE_STATES = {LINE_CLAIMED: "待审核", LINE_APPROVED: "已通过", LINE_RETURNED: "已退回", LINE_HELD: "异议暂缓",
               LINE_PAID: "已拨付"}


class ClaimLine(BaseModel):
    """One figure of a claim: a trainee-month (or the part of one) served, a remaining month of an
    early hire, or the placement's insurance refund; with the figures it was computed from and the
    sentence that shows how. A returned line frees its month to be claimed again."""

    claim = ForeignKeyField(Claim, backref="lines")
    placement = ForeignKeyField(Placement, backref="claim_lines")
    kind = CharField(max_length=10)
    month = DateField(null=True)
    amount_fen = IntegerField()
    wage_fen = IntegerField(null=True)
    share_percent = IntegerField(null=True)
    served_days = IntegerField(null=True)
    working_days = IntegerField(null=True)
    premium_fen = IntegerField(null=True)
    cap_fen = IntegerField(null=True)
    basis = TextField()
    state = CharField(max_length=10, default=LINE_CLAIMED)
    reason = CharField(max_length=200, default="")
    decided_at = DateTimeField(null=True)

    class Meta:
        table_name = "claim_line"
        constraints = [
            SQL("CHECK (kind IN ('month', 'remaining', 'insurance'))"),
            SQL("CHECK ((kind = 'insurance') = (month IS NULL))"),
            SQL("CHECK (amount_fen >= 0)"),
            SQL("CHECK (state IN ('claimed', 'approved', 'returned', 'held', 'paid'))"),
        ]
        indexes = ((("placement", "month"), False),)


# Nothing is paid twice: one standing line per placement, kind and month, and one insurance refund
# per placement. Partial unique indexes, the same on SQLite and PostgreSQL.
ClaimLine.add_index(
    ModelIndex(ClaimLine, (ClaimLine.placement, ClaimLine.kind, ClaimLine.month), unique=True,
               where=(ClaimLine.kind != LINE_INSURANCE) & (ClaimLine.state != LINE_RETURNED),
               name="claimline_month_once")
)
ClaimLine.add_index(
    ModelIndex(ClaimLine, (ClaimLine.placement,), unique=True,
               where=(ClaimLine.kind == LINE_INSURANCE) & (ClaimLine.state != LINE_RETURNED),
               name="claimline_insurance_once")
)
