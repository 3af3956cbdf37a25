"""就业见习人员申请: eligibility, submission and withdrawal; with services.review's decision, one state machine.

Every change of state is a single conditional UPDATE (or an insert guarded by a unique index),
so a double click, a resend or a withdrawal racing a review leaves exactly one outcome.
"""
import datetime
import secrets
from dataclasses import asdict, dataclass
from typing import ClassVar

from peewee import IntegrityError, fn

from ..db import db
from ..models import (
    ACTIVE_STATUSES,
    APPLICATION_PENDING,
    APPLICATION_REJECTED,
    APPLICATION_STATUSES,
    APPLICATION_WITHDRAWN,
    ATTACHMENT_KINDS,
    Application,
    ApplicationAttachment,
    Attachment,
    User,
)
from ..reference.codes import CATEGORY_GRADUATE, CATEGORY_YOUTH, GROUNDS_ABOUT_FILES
from . import audit, eligibility, idcard, lists
from .errors import Conflict, ServiceError

REQUIRED_KINDS = {
    CATEGORY_GRADUATE: ("id_front", "id_back", "diploma"),
    CATEGORY_YOUTH: ("id_front", "id_back", "employment_card"),
}


def missing_attachments(category: str, chosen: dict[str, Attachment]) -> dict[str, str]:
    """The attachments a 人员类别 needs that were not chosen, each with the message for its row."""
    return {
        kind: f"请上传{ATTACHMENT_KINDS[kind]}"
        for kind in REQUIRED_KINDS.get(category, ())
        if kind not in chosen
    }


@dataclass(frozen=True)
class ApplicationData:
    """What the person fills in; name, ID number, gender and birth date come from the account."""

    ethnicity: str
    education: str
    school: str
    major: str
    graduation_month: str  # YYYY-MM
    category: str
    employment_card_no: str
    mobile: str
    household: str
    address: str
    jurisdiction: str


def _new_reference(now: datetime.datetime) -> str:
    return f"JX{now:%Y%m%d}{secrets.randbelow(10**6):06d}"


def by_submission_key(user: User, submission_key: str) -> Application | None:
    if not submission_key:
        return None
    return Application.get_or_none((Application.submission_key == submission_key) & (Application.user == user))


def active_application(user: User) -> Application | None:
    return Application.get_or_none((Application.user == user) & (Application.status.in_(ACTIVE_STATUSES)))


def submit(
    user: User,
    data: ApplicationData,
    files: dict[str, Attachment],
    submission_key: str,
    now: datetime.datetime,
) -> Application:
    """Store the application as 未审核. The same submission_key again returns the first one."""
    earlier = by_submission_key(user, submission_key)
    if earlier is not None:
        return earlier
    person = idcard.parse(user.id_number, now.date())
    eligibility.check(data.category, person.birth_date, data.graduation_month, now.date())
    missing = missing_attachments(data.category, files)
    if missing:
        kind, message = next(iter(missing.items()))
        raise ServiceError(message, field=kind)
    _refuse_second_active(user, submission_key)
    for _ in range(5):
        try:
            with db.atomic():
                application = Application.create(
                    user=user,
                    reference=_new_reference(now),
                    submission_key=submission_key,
                    name=user.real_name,
                    gender=person.gender,
                    birth_date=person.birth_date,
                    id_number=person.number,
                    submitted_at=now,
                    submitted_month=f"{now:%Y-%m}",
                    **asdict(data),
                )
                ApplicationAttachment.insert_many(
                    [{"application": application, "attachment": a} for a in files.values()]
                ).execute()
                audit.record(user, "submit", "application", application.id, now)
                return application
        except IntegrityError:
            earlier = by_submission_key(user, submission_key)
            if earlier is not None:
                return earlier
            _refuse_second_active(user, submission_key)
            # Otherwise two references collided; draw another.
    raise ServiceError("系统繁忙，请稍后再提交")


def _refuse_second_active(user: User, submission_key: str) -> None:
    active = active_application(user)
    if active is not None and active.submission_key != submission_key:
        raise Conflict("您已有一份未审核或审核通过的申请，不能重复申报。")


def withdraw(user: User, application_id: int, now: datetime.datetime) -> Application:
    """撤回: only the owner, only while 未审核, decided by one conditional UPDATE."""
    mine = (Application.id == application_id) & (Application.user == user)
    with db.atomic():
        changed = (
            Application.update(status=APPLICATION_WITHDRAWN, withdrawn_at=now)
            .where(mine & (Application.status == APPLICATION_PENDING))
            .execute()
        )
        application = Application.get_or_none(mine)
        if application is None:
            raise ServiceError("没有找到这份申请")
        if not changed:
            raise Conflict(f"这份申请已是“{application.status_label}”，不能撤回。")
        audit.record(user, "withdraw", "application", application.id, now)
    return application


def what_happened(application: Application) -> str:
    """Why a 未审核-only action found the application no longer 未审核."""
    if application.status == APPLICATION_WITHDRAWN:
        return f"申请人已于{application.withdrawn_at:%Y-%m-%d %H:%M}撤回这份申请，未做更改。"
    if application.reviewed_by_id:
        return (
            f"这份申请已由{application.reviewed_by.real_name}于{application.reviewed_at:%Y-%m-%d %H:%M}"
            f"审核为“{application.status_label}”，未做更改。"
        )
    return f"这份申请已是“{application.status_label}”，未做更改。"


def for_user(user: User, status: str = "", month: str = ""):
    """The person's applications, newest first, optionally by 审核状态 and 申办月份."""
    query = Application.select().where(Application.user == user)
    if status in APPLICATION_STATUSES:
        query = query.where(Application.status == status)
    if month:
        query = query.where(Application.submitted_month == month)
    return query.order_by(*NEWEST_FIRST)


NEWEST_FIRST = (Application.submitted_at.desc(), Application.id.desc())


@dataclass(frozen=True)
class MineFilters(lists.Filters):
    """我的办件's filters: 审核状态 and 申办月份."""

    KEYS: ClassVar[tuple[str, ...]] = ("status", "month")
    status: str = ""
    month: str = ""


def parse_mine(user: User, args) -> MineFilters:
    read = lists.Reader(args)
    status = read.choice("status", APPLICATION_STATUSES, "审核状态无效，已显示全部状态。")
    month = read.choice("month", months_for(user), "申办月份无效，已显示全部月份。")
    return read.filters(MineFilters, status, month)


def mine(user: User, filters: MineFilters) -> lists.ListPage:
    """我的办件: a page of the person's applications, newest first."""
    return lists.ListPage(*lists.page_of(for_user(user, filters.status, filters.month), filters, *NEWEST_FIRST))


def months_for(user: User) -> list[str]:
    """The 申办月份 in which the person applied, newest first."""
    query = (
        Application.select(fn.DISTINCT(Application.submitted_month))
        .where(Application.user == user)
        .order_by(Application.submitted_month.desc())
    )
    return [row[0] for row in query.tuples()]


def latest(user: User) -> Application | None:
    """The last application, to pre-fill the form when the person applies again."""
    return Application.select().where(Application.user == user).order_by(Application.id.desc()).first()


def files_to_replace(application: Application | None) -> set[int]:
    """The attachments of a rejected application whose grounds are about its files (看不清或不完整):
    re-applying, they are marked 请重新上传 instead of ready."""
    if application is None or application.status != APPLICATION_REJECTED:
        return set()
    if not GROUNDS_ABOUT_FILES & set(application.ground_codes):
        return set()
    return {a.id for a in files_of(application)}


def files_of(application: Application) -> list[Attachment]:
    return list(
        Attachment.select().join(ApplicationAttachment).where(ApplicationAttachment.application == application)
    )


@dataclass(frozen=True)
class Step:
    """One step of 办理进度 as the applicant sees it; `at` is None for the step still waiting."""

    label: str
    at: datetime.datetime | None


def progress(application: Application) -> list[Step]:
    """提交 → 审核 (or 撤回): where the application stands."""
    steps = [Step("提交申请", application.submitted_at)]
    if application.status == APPLICATION_WITHDRAWN:
        steps.append(Step("已撤回", application.withdrawn_at))
    elif application.status == APPLICATION_PENDING:
        steps.append(Step("等待审核", None))
    else:
        steps.append(Step(application.status_label, application.reviewed_at))
    return steps
