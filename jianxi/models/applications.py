"""就业见习人员申请 and its attachments."""

from peewee import (
    SQL,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    ModelIndex,
)

from ..services import clock
from .base import BaseModel, Region
from .people import User

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
            # An office's queue: its 未审核 (or any one state) in submission order, and a month's.
            (("jurisdiction", "status", "submitted_at"), False),
            (("jurisdiction", "submitted_month", "status"), False),
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
# A unit's 营业执照 for its 认定: kept and checked as applicants' files are, never on their form.
LICENCE = "licence"
# A unit's 意外伤害保险 policy for a placement (保单), likewise.
POLICY = "policy"
# 生活补助发放凭证: the proof of a month's payment a unit may attach to its monthly record.
PAY_PROOF = "pay_proof"
FILE_KINDS = {**ATTACHMENT_KINDS, LICENCE: "营业执照", POLICY: "保单", PAY_PROOF: "发放凭证"}


class Attachment(BaseModel):
    """An uploaded file. Stored under a random name outside static/; served only to its owner."""

    owner = ForeignKeyField(User, backref="attachments")
    kind = CharField(max_length=20)
    original_name = CharField(max_length=120)
    stored_name = CharField(max_length=80, unique=True)
    size = IntegerField()
    content_type = CharField(max_length=40)
    sha256 = CharField(max_length=64)
    uploaded_at = DateTimeField(default=clock.now)
    # 删除 hides it from the form; the file stays while an application refers to it.
    removed = BooleanField(default=False)

    class Meta:
        indexes = ((("owner", "kind", "removed"), False),)

    @property
    def kind_label(self) -> str:
        return FILE_KINDS.get(self.kind, self.kind)


class ApplicationAttachment(BaseModel):
    application = ForeignKeyField(Application, backref="files", on_delete="CASCADE")
    attachment = ForeignKeyField(Attachment, backref="uses")

    class Meta:
        primary_key = CompositeKey("application", "attachment")
