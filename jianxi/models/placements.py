"""From 收藏 to 上岗: what a unit does about the people who shortlisted its positions (邀请面试, 录用,
不合适), the 见习记录 (placement) an accepted offer makes, with its 见习协议 and accident insurance,
and the minimum wages the agreement's 基本生活补助 is checked against.

Money is integer 分 throughout (columns named *_fen)."""
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
from .positions import Employer, Position

STEP_INTERVIEW = "interview"
STEP_OFFER = "offer"
STEP_UNSUITABLE = "unsuitable"
STEP_KINDS = {STEP_INTERVIEW: "邀请面试", STEP_OFFER: "录用", STEP_UNSUITABLE: "不合适"}

# An offer's answer. An open offer past its `expires_at` is shown as 已过期 and can no longer be
# accepted (the acceptance's UPDATE asks for expires_at > now), without any job to mark it.
OFFER_OPEN = "open"
OFFER_ACCEPTED = "accepted"
OFFER_DECLINED = "declined"
OFFER_WITHDRAWN = "withdrawn"
OFFER_EXPIRED = "expired"
OFFER_STATUSES = {OFFER_OPEN: "待答复", OFFER_ACCEPTED: "已接受", OFFER_DECLINED: "已婉拒", OFFER_WITHDRAWN: "已撤回",
                  OFFER_EXPIRED: "已过期"}
OFFER_DAYS = 7

UNSUITABLE_REASONS = {
    "education": "学历不符合岗位要求",
    "major": "专业不对口",
    "interview": "面试未通过",
    "absent": "未参加面试",
    "filled": "岗位已招满",
    "other": "其他",
}


class CandidateStep(BaseModel):
    """One step a unit takes toward a person who shortlisted one of its positions: 邀请面试 (time,
    place, note), 录用 (an offer with a proposed start date, open for OFFER_DAYS) or 不合适 (a reason
    and details). Steps are kept as a record: a new invitation or offer is a new row."""

    position = ForeignKeyField(Position, backref="steps")
    employer = ForeignKeyField(Employer)
    user = ForeignKeyField(User, backref="steps")
    kind = CharField(max_length=10)
    meet_at = DateTimeField(null=True)
    place = CharField(max_length=100, default="")
    note = CharField(max_length=300, default="")
    start_date = DateField(null=True)
    status = CharField(max_length=10, default="")
    expires_at = DateTimeField(null=True)
    answered_at = DateTimeField(null=True)
    answer_note = CharField(max_length=200, default="")
    reason = CharField(max_length=12, default="")
    created_at = DateTimeField()
    created_by = ForeignKeyField(User)

    class Meta:
        table_name = "candidate_step"
        constraints = [
            SQL("CHECK (kind IN ('interview', 'offer', 'unsuitable'))"),
            SQL("CHECK (kind <> 'offer' OR (status IN ('open', 'accepted', 'declined', 'withdrawn', 'expired') "
                "AND start_date IS NOT NULL AND expires_at IS NOT NULL))"),
        ]
        indexes = (
            (("position", "user", "created_at"), False),
            (("user", "created_at"), False),
        )

    @property
    def kind_label(self) -> str:
        return STEP_KINDS.get(self.kind, self.kind)

    def offer_status(self, now) -> str:
        """The offer's state as shown: an open one past its time is 已过期."""
        if self.status == OFFER_OPEN and self.expires_at <= now:
            return OFFER_EXPIRED
        return self.status


# One open offer per person and position: a second 录用 replaces nothing and is refused.
CandidateStep.add_index(
    ModelIndex(CandidateStep, (CandidateStep.user, CandidateStep.position), unique=True,
               where=(CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN),
               name="candidatestep_one_open_offer")
)


PLACEMENT_ACCEPTED = "accepted"
PLACEMENT_SUBMITTED = "submitted"
PLACEMENT_RETURNED = "returned"
PLACEMENT_FILED = "filed"
PLACEMENT_ENDED = "ended"
PLACEMENT_STATUSES = {
    PLACEMENT_ACCEPTED: "待签协议",
    PLACEMENT_SUBMITTED: "待备案",
    PLACEMENT_RETURNED: "退回修改",
    PLACEMENT_FILED: "已备案",
    PLACEMENT_ENDED: "已结束",
}
# A 备案 placement is 在岗 from its start date: shown, not stored, so no job has to turn it.
ON_THE_JOB = "在岗"
# What the unit may still change (agreement, insurance) and then submit.
PLACEMENT_EDITABLE = (PLACEMENT_ACCEPTED, PLACEMENT_RETURNED)
MONTHS_MIN, MONTHS_MAX = 3, 12
ENDING_LEFT, ENDING_HIRED, ENDING_COMPLETED = "left", "hired", "completed"
ENDINGS = {ENDING_LEFT: "中途退出", ENDING_HIRED: "提前留用", ENDING_COMPLETED: "期满"}
LEAVE_REASONS = {"personal": "个人原因", "unit": "单位原因", "new_job": "找到其他工作", "other": "其他"}
ASSESSMENTS = {"pass": "合格", "fail": "不合格"}


class Placement(BaseModel):
    """见习记录: made when a trainee accepts an offer, with its 见习协议 in the same row.

    The agreement has a `version`, raised by every change the unit makes; each party's
    confirmation records the version it saw, so it is signed when both confirmed the current one.
    Mentor and allowance are copied in: a signed agreement does not change when the unit's
    认定 does."""

    user = ForeignKeyField(User, backref="placements")
    position = ForeignKeyField(Position, backref="placements")
    employer = ForeignKeyField(Employer, backref="placements")
    offer = ForeignKeyField(CandidateStep, unique=True)
    # The office that 备案 it: the unit's jurisdiction when the offer was accepted.
    region = ForeignKeyField(Region)
    status = CharField(max_length=10, default=PLACEMENT_ACCEPTED)
    accepted_at = DateTimeField()
    start_date = DateField()
    months = IntegerField()
    end_date = DateField()
    allowance_fen = IntegerField(null=True)
    mentor_name = CharField(max_length=20, default="")
    mentor_title = CharField(max_length=30, default="")
    mentor_phone = CharField(max_length=20, default="")
    working_hours = CharField(max_length=200, default="")
    duties = TextField(default="")
    terms = TextField(default="")
    version = IntegerField(default=1)
    unit_version = IntegerField(null=True)
    unit_confirmed_at = DateTimeField(null=True)
    unit_confirmed_by = ForeignKeyField(User, null=True)
    trainee_version = IntegerField(null=True)
    trainee_confirmed_at = DateTimeField(null=True)
    submitted_at = DateTimeField(null=True)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(User, null=True)
    reason = CharField(max_length=200, default="")
    updated_at = DateTimeField()
    # How it ended (status 'ended'): ENDINGS; the last day served; 中途退出's reason; 提前留用's labour
    # contract date and 社保 start; 期满's 见习鉴定 and then 留用 (with its contract date) or not.
    ending = CharField(max_length=10, null=True)
    ended_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(User, null=True)
    last_day = DateField(null=True)
    leave_reason = CharField(max_length=10, default="", constraints=[SQL("DEFAULT ''")])
    leave_note = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
    contract_on = DateField(null=True)
    insured_from = DateField(null=True)
    assessment = CharField(max_length=4, null=True)
    assessment_text = TextField(default="", constraints=[SQL("DEFAULT ''")])
    retained = BooleanField(null=True)
    # 见习证明's verification code, for a 合格 placement (anyone checks it at /verify/<code>).
    certificate_code = CharField(max_length=16, null=True, unique=True)

    class Meta:
        constraints = [
            SQL("CHECK (ending IS NULL OR ending IN ('left', 'hired', 'completed'))"),
            SQL("CHECK ((status = 'ended') = (ending IS NOT NULL))"),
            SQL("CHECK (assessment IS NULL OR assessment IN ('pass', 'fail'))"),
            SQL("CHECK (status IN ('accepted', 'submitted', 'returned', 'filed', 'ended'))"),
            SQL("CHECK (months BETWEEN 3 AND 12)"),
            SQL("CHECK (end_date > start_date)"),
            SQL("CHECK (allowance_fen IS NULL OR allowance_fen > 0)"),
        ]
        indexes = (
            # The office's roster read from the index alone: its page, counts, months and units.
            (("region", "status", "start_date", "end_date", "employer"), False),
            (("employer", "status"), False),
            (("position", "status"), False),
        )

    @property
    def signed(self) -> bool:
        return self.unit_version == self.version and self.trainee_version == self.version

    def state(self, today) -> str:
        """The state as shown: 在岗 from the start date of a 备案 placement; an ended one by how."""
        if self.status == PLACEMENT_FILED and self.start_date <= today:
            return ON_THE_JOB
        if self.status == PLACEMENT_ENDED and self.ending:
            return ENDINGS[self.ending]
        return PLACEMENT_STATUSES.get(self.status, self.status)


# One placement that has not ended per person, held by the database whatever the timing.
Placement.add_index(
    ModelIndex(Placement, (Placement.user,), unique=True, where=Placement.status != PLACEMENT_ENDED,
               name="placement_one_unended_per_user")
)


class Insurance(BaseModel):
    """意外伤害保险 the unit buys for a placement before its first day; the period covers the placement."""

    placement = ForeignKeyField(Placement, unique=True, backref="insurance")
    insurer = CharField(max_length=60)
    policy_number = CharField(max_length=40)
    starts_on = DateField()
    ends_on = DateField()
    premium_fen = IntegerField()
    scan = ForeignKeyField(Attachment)
    recorded_at = DateTimeField()
    recorded_by = ForeignKeyField(User)

    class Meta:
        constraints = [SQL("CHECK (premium_fen >= 0)"), SQL("CHECK (ends_on >= starts_on)")]


class MinimumWage(BaseModel):
    """月最低工资标准 in force from a date, for a county (or a whole city, where its counties have no
    row of their own), kept by operators; `demo` marks figures that are not the published ones."""

    region = ForeignKeyField(Region)
    effective_from = DateField()
    monthly_fen = IntegerField()
    tier = CharField(max_length=10, default="")
    source = CharField(max_length=300, default="")
    demo = BooleanField(default=False)
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True)

    class Meta:
        table_name = "minimum_wage"
        constraints = [SQL("CHECK (monthly_fen > 0)")]
        indexes = ((("region", "effective_from"), True),)
