"""见习单位 by their own door: the accounts acting for a unit, its 认定 application with its
带教老师, and the positions it proposes, which the office publishes (or sends back) as it decides."""
from peewee import SQL, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, ModelIndex, TextField

from .applications import Attachment
from .base import BaseModel, Region
from .people import User
from .positions import EDUCATION_LEVELS, Employer, Position

ACCOUNT_PENDING = "pending"
ACCOUNT_CONFIRMED = "confirmed"
ACCOUNT_REFUSED = "refused"
ACCOUNT_STATUSES = {ACCOUNT_PENDING: "待确认", ACCOUNT_CONFIRMED: "已确认", ACCOUNT_REFUSED: "未确认"}


class UnitAccount(BaseModel):
    """A person acting for one unit. An account that registered a new unit is confirmed at once;
    one asking to act for a unit already known (kept by an office, or by other accounts) waits for
    the office of the unit's jurisdiction, and sees nothing of the unit until confirmed."""

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    employer = ForeignKeyField(Employer, backref="accounts")
    status = CharField(max_length=10)
    created_at = DateTimeField()
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(User, null=True)
    reason = CharField(max_length=200, default="")

    class Meta:
        constraints = [SQL("CHECK (status IN ('pending', 'confirmed', 'refused'))")]


RECOGNITION_DRAFT = "draft"
RECOGNITION_PENDING = "pending"
RECOGNITION_RECOGNISED = "recognised"
RECOGNITION_REFUSED = "refused"
RECOGNITION_RETURNED = "returned"
RECOGNITION_REVOKED = "revoked"
RECOGNITION_STATUSES = {
    RECOGNITION_DRAFT: "草稿",
    RECOGNITION_PENDING: "待审核",
    RECOGNITION_RECOGNISED: "已认定",
    RECOGNITION_REFUSED: "不予认定",
    RECOGNITION_RETURNED: "退回补充",
    RECOGNITION_REVOKED: "取消认定",
}
# What the unit may still edit: everything but an application the office is deciding or has granted.
RECOGNITION_EDITABLE = (RECOGNITION_DRAFT, RECOGNITION_RETURNED, RECOGNITION_REFUSED, RECOGNITION_REVOKED)


class Recognition(BaseModel):
    """认定: the unit's application to host trainees, one per unit, taken up again after a 退回补充,
    a 不予认定 or a 取消认定. Each change of `status` is one conditional UPDATE with its audit row."""

    employer = ForeignKeyField(Employer, unique=True, backref="recognition")
    status = CharField(max_length=10, default=RECOGNITION_DRAFT)
    unit_type = CharField(max_length=12, default="")
    industry = CharField(max_length=1, default="")
    insured_staff = IntegerField(null=True)
    address = CharField(max_length=200, default="")
    # 业务办理归属地: the office that decides (a county, or a city's 市本级).
    region = ForeignKeyField(Region, null=True)
    contact_person = CharField(max_length=20, default="")
    phone = CharField(max_length=20, default="")
    statement = TextField(default="")
    licence = ForeignKeyField(Attachment, null=True)
    updated_at = DateTimeField()
    submitted_at = DateTimeField(null=True)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(User, null=True)
    # 不予认定 and 退回补充: the grounds ticked (codes, comma-separated) and the office's words.
    grounds = CharField(max_length=200, default="")
    reason = CharField(max_length=500, default="")

    class Meta:
        constraints = [
            SQL("CHECK (status IN ('draft', 'pending', 'recognised', 'refused', 'returned', 'revoked'))"),
            SQL("CHECK (insured_staff IS NULL OR insured_staff >= 0)"),
        ]
        indexes = ((("region", "status", "submitted_at"), False),)

    @property
    def status_label(self) -> str:
        return RECOGNITION_STATUSES.get(self.status, self.status)

    @property
    def ground_codes(self) -> list[str]:
        return [code for code in self.grounds.split(",") if code]


class Mentor(BaseModel):
    """带教老师: one or more per 认定 application, in the order the unit gave them."""

    recognition = ForeignKeyField(Recognition, backref="mentors", on_delete="CASCADE")
    number = IntegerField()
    name = CharField(max_length=20)
    title = CharField(max_length=30)
    phone = CharField(max_length=20)

    class Meta:
        indexes = ((("recognition", "number"), True),)


PROPOSAL_PENDING = "pending"
PROPOSAL_RETURNED = "returned"
PROPOSAL_APPROVED = "approved"
PROPOSAL_STATUSES = {PROPOSAL_PENDING: "待审核", PROPOSAL_RETURNED: "退回修改", PROPOSAL_APPROVED: "已发布"}
# What the unit may still change, and what waits for the office or came back from it.
PROPOSAL_OPEN = (PROPOSAL_PENDING, PROPOSAL_RETURNED)


class PositionProposal(BaseModel):
    """A position a unit wants published: a new one, or an edit of a published one (`position`),
    which stays public as it was until the office approves the edit. Approved (已发布), it is
    written to the position (a new one's `position` is then set) and kept as the record of what
    was approved; 退回修改 keeps it, with the reason, for the unit to edit."""

    employer = ForeignKeyField(Employer, backref="proposals")
    position = ForeignKeyField(Position, null=True, backref="proposals", on_delete="CASCADE")
    status = CharField(max_length=10, default=PROPOSAL_PENDING)
    title = CharField(max_length=60)
    address = CharField(max_length=200)
    openings = IntegerField()
    education = CharField(max_length=10, choices=list(EDUCATION_LEVELS.items()))
    major = CharField(max_length=60)
    duration_months = IntegerField()
    monthly_subsidy = IntegerField()
    duties = TextField()
    contact = CharField(max_length=60)
    deadline = DateField()
    external_ref = CharField(max_length=40, null=True)
    submitted_at = DateTimeField()
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(User, null=True)
    reason = CharField(max_length=200, default="")

    class Meta:
        constraints = [
            SQL("CHECK (status IN ('pending', 'returned', 'approved'))"),
            SQL("CHECK (openings > 0)"),
            SQL("CHECK (duration_months BETWEEN 3 AND 12)"),
            SQL("CHECK (monthly_subsidy >= 0)"),
        ]
        indexes = ((("employer", "status"), False),)

    @property
    def status_label(self) -> str:
        return PROPOSAL_STATUSES.get(self.status, self.status)


# One open edit per published position: a second edit changes the one already waiting.
PositionProposal.add_index(
    ModelIndex(PositionProposal, (PositionProposal.position,), unique=True,
               where=PositionProposal.position.is_null(False) & PositionProposal.status.in_(PROPOSAL_OPEN),
               name="positionproposal_one_per_position")
)
