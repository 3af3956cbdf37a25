"""审核: the reviewers' queue, what a reviewer checks, and the decision itself. Every query goes through
services.access, so the queue, an application's page and the export show the same rows."""
import datetime
import re
from dataclasses import dataclass, replace
from typing import ClassVar

from peewee import JOIN, Case

from ..db import db, in_chunks
from ..models import (
    APPLICATION_APPROVED,
    APPLICATION_PENDING,
    APPLICATION_REJECTED,
    APPLICATION_STATUSES,
    Application,
    ApplicationAttachment,
    Attachment,
    AuditLog,
    User,
)
from ..reference import regions
from ..reference.codes import (
    APPLICANT_EDUCATION,
    CATEGORIES,
    CATEGORY_GRADUATE,
    CATEGORY_YOUTH,
    ETHNICITIES,
    REJECTION_GROUNDS,
)
from . import access, audit, idcard, lists, notice_texts, notices
from .applications import what_happened
from .eligibility import months_between
from .errors import Conflict, ServiceError
from .exports import as_text, cell
from .matching import contains

FILTER_KEYS = ("status", "month", "county", "q")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REFERENCE = re.compile(r"^JX\d{1,14}$")
REFERENCE_LENGTH = 16  # JX, the day and six digits (services.applications)
ID_TAIL = re.compile(r"^\d{3}[\dX]$")
QUERY_MAX = 30
DETAILS_MAX = 200


@dataclass(frozen=True)
class QueueFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("status", "month", "county", "q")
    status: str = ""
    month: str = ""
    county: str = ""
    q: str = ""


def parse_filters(user, args) -> QueueFilters:
    """Queue filters from the query string; anything unusable is dropped with a notice."""
    read = lists.Reader(args)
    status = read.choice("status", APPLICATION_STATUSES, "审核状态无效，已显示全部状态。")
    month = read.raw("month")
    if month and not MONTH.match(month):
        read.note("申办月份无效，已显示全部月份。")
        month = ""
    viewable = [code for code in county_choices(user) if access.can_view(user, code)]
    county = read.choice("county", viewable, "所选属地不在您的辖区内，已显示全部属地。")
    return read.filters(QueueFilters, status, month, county, read.text("q", QUERY_MAX))


def county_choices(user) -> dict[str, str]:
    """The offices a user can narrow the queue to: a city office's 市本级 and counties; all for an admin."""
    codes = access.viewable_codes(user)
    if codes is None:
        codes = [j.code for city in regions.cities() for j in regions.jurisdictions(city.code)]
    if len(codes) < 2:
        return {}
    return {code: regions.name_of(code) for code in codes}


def _search(query, q: str):
    """申报编号 (or its beginning), the last 4 characters of the ID number, or part of the name."""
    upper = q.upper()
    if REFERENCE.match(upper) and len(upper) == REFERENCE_LENGTH:
        # A whole 申报编号 begins only itself: one seek in its unique index, where a prefix is a scan.
        return query.where(Application.reference == upper)
    if REFERENCE.match(upper):
        return query.where(Application.reference.startswith(upper))
    if ID_TAIL.match(upper):
        return query.where(Application.id_number.endswith(upper))
    return query.where(contains(Application.name, q))


def filtered(user, filters: QueueFilters):
    query = access.applications(user)
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.month:
        # The month's time span too (submitted_month is submitted_at's month): a walk along
        # (status, submitted_at) then starts at the month instead of at the oldest application.
        first = datetime.datetime(int(filters.month[:4]), int(filters.month[5:]), 1)
        following = datetime.datetime(first.year + first.month // 12, first.month % 12 + 1, 1)
        query = query.where((Application.submitted_month == filters.month) & (Application.submitted_at >= first)
                            & (Application.submitted_at < following))
    if filters.county:
        query = query.where(Application.jurisdiction == filters.county)
    if filters.q:
        query = _search(query, filters.q)
    return query


PENDING_FIRST = Case(None, ((Application.status == APPLICATION_PENDING, 0),), 1)


@dataclass(frozen=True)
class Queue(lists.ListPage):
    pending: int = 0


BY_SUBMISSION = (Application.submitted_at, Application.id)


def queue(user, filters: QueueFilters) -> Queue:
    """未审核 first, oldest first; 20 a page."""
    query = filtered(user, filters)
    is_pending = Application.status == APPLICATION_PENDING
    pending = query.where(is_pending).count()
    if filters.status:  # one state: 未审核 first is the submission order
        return Queue(*lists.page_of(query, filters, *BY_SUBMISSION), pending)
    # The order PENDING_FIRST gives, read as two walks along (state, submission time) instead of a
    # sort of the office's every application: the page's share of 未审核, then of the others.
    total = query.count()
    filters = lists.within(filters, total)
    start = (filters.page - 1) * lists.PAGE_SIZE
    items = []
    if start < pending:
        items = list(query.where(is_pending).order_by(*BY_SUBMISSION).offset(start).limit(lists.PAGE_SIZE))
    if len(items) < lists.PAGE_SIZE:
        others = query.where(~is_pending).order_by(*BY_SUBMISSION)
        items += list(others.offset(max(0, start - pending)).limit(lists.PAGE_SIZE - len(items)))
    return Queue(filters, items, total, pending)


@dataclass(frozen=True)
class Decision:
    """审核通过, or 审核不通过 with at least one of the usual grounds and optional details."""

    approve: bool
    grounds: tuple[str, ...] = ()
    details: str = ""

    def problem(self) -> tuple[str, str] | None:
        """(field, Chinese message) when a rejection is incomplete, else None."""
        if self.approve:
            return None
        if not self.grounds or any(code not in REJECTION_GROUNDS for code in self.grounds):
            return "grounds", "请至少选择一项不通过原因"
        if len(self.details.strip()) > DETAILS_MAX:
            return "details", f"补充说明不能超过{DETAILS_MAX}个字"
        return None

    def summary(self) -> str:
        """The decision in words, for the audit log."""
        if self.approve:
            return ""
        labels = "、".join(REJECTION_GROUNDS[code].label for code in self.grounds)
        return f"{labels}；{self.details.strip()}" if self.details.strip() else labels


def decide(reviewer: User, application_id: int, decision: Decision, now: datetime.datetime) -> Application:
    """审核通过 or 审核不通过, only while 未审核 and only by the office of its jurisdiction.

    One conditional UPDATE decides; when it changes nothing, the Conflict says what happened
    instead (withdrawn, or decided by whom and when).
    """
    problem = decision.problem()
    if problem:
        raise ServiceError(problem[1], field=problem[0])
    office = access.own_office(reviewer)
    mine = (Application.id == application_id) & (Application.jurisdiction == office)
    with db.atomic():
        changed = (
            Application.update(
                status=APPLICATION_APPROVED if decision.approve else APPLICATION_REJECTED,
                reviewed_at=now,
                reviewed_by=reviewer,
                grounds=",".join(decision.grounds),
                reason=decision.details.strip(),
            )
            .where(mine & (Application.status == APPLICATION_PENDING))
            .execute()
        )
        application = Application.get_or_none(mine) if office else None
        if application is None:
            raise ServiceError("没有找到这份申请，或它不归您审核")
        if not changed:
            raise Conflict(what_happened(application))
        action = "approve" if decision.approve else "reject"
        audit.record(reviewer, action, "application", application.id, now, decision.summary())
        notices.send([application.user], notice_texts.application_decided(application.id, decision.approve), now)
    return application


# Each office's months, newest first, one index seek each (application's (jurisdiction, month, status)
# index) rather than a read of all its applications: a city's are some 150,000 at a province's scale.
MONTHS_OF_OFFICES = """
WITH RECURSIVE office(code) AS (VALUES {offices}),
found(code, month) AS (
    SELECT code, (SELECT MAX(submitted_month) FROM application WHERE jurisdiction_id = office.code) FROM office
    UNION ALL
    SELECT code, (SELECT MAX(submitted_month) FROM application
                  WHERE jurisdiction_id = found.code AND submitted_month < found.month)
    FROM found WHERE month IS NOT NULL
)
SELECT DISTINCT month FROM found WHERE month IS NOT NULL ORDER BY month DESC"""


def months(user) -> list[str]:
    """The 申办月份 that occur in the user's jurisdiction, newest first."""
    codes = access.viewable_codes(user)
    if codes is None:
        codes = [row["code"] for row in regions.rows()]
    if not codes:
        return []
    sql = MONTHS_OF_OFFICES.format(offices=", ".join([f"({db.param})"] * len(codes)))
    return [row[0] for row in db.execute_sql(sql, list(codes)).fetchall()]


def next_pending(user, filters: QueueFilters, after: Application) -> Application | None:
    """The oldest 未审核 application of the queue (same filters) that this user decides."""
    office = access.own_office(user)
    if office is None:
        return None
    query = filtered(user, replace(filters, status=APPLICATION_PENDING)).where(
        (Application.status == APPLICATION_PENDING)
        & (Application.jurisdiction == office)
        & (Application.id != after.id)
    )
    return query.order_by(Application.submitted_at, Application.id).first()


def viewable(user, application_id: int) -> Application | None:
    return access.visible(user, Application.select(), application_id)


def decided_alike(user, application_id: int, decision: Decision) -> Application | None:
    """The application if this user has already made this very decision on it: a double click or
    a second tab sends the same decision again, and is answered as the first was (the decision
    itself is made once, by its conditional update)."""
    application = Application.get_or_none(Application.id == application_id)
    if application is None or application.reviewed_by_id != user.id:
        return None
    status = APPLICATION_APPROVED if decision.approve else APPLICATION_REJECTED
    alike = (application.status, application.ground_codes, application.reason) == (
        status, list(decision.grounds), decision.details.strip())
    return application if alike else None


def waiting_label(application: Application, today: datetime.date) -> str:
    """How long a 未审核 application has waited: '今天提交', '已等待3天'."""
    days = (today - application.submitted_at.date()).days
    return "今天提交" if days <= 0 else f"已等待{days}天"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    ok: bool | None = None  # True / False when it decides eligibility, None when only informative


def facts(application: Application, today: datetime.date) -> list[Fact]:
    """What a reviewer checks, computed here rather than by eye: age today, time since leaving
    school, and the person's earlier applications with their outcomes."""
    age = idcard.age_on(application.birth_date, today)
    months_out = months_between(application.graduation_month, today)
    rows = [
        Fact("今天的年龄", f"{age}周岁（按身份证号码）",
             16 <= age <= 24 if application.category == CATEGORY_YOUTH else None),
        Fact("离校时间", f"{application.graduation_month}毕业，已离校{months_out}个月",
             months_out <= 24 if application.category == CATEGORY_GRADUATE else None),
    ]
    earlier = list(
        Application.select()
        .where((Application.user == application.user_id) & (Application.id != application.id))
        .order_by(Application.submitted_at.desc())
    )
    if earlier:
        outcomes = "；".join(f"{a.reference}（{a.submitted_at:%Y-%m-%d}，{a.status_label}）" for a in earlier)
        rows.append(Fact("以前的申请", f"{len(earlier)}份：{outcomes}"))
    else:
        rows.append(Fact("以前的申请", "没有，这是第一次申请"))
    return rows


def attachments_of(application: Application) -> list[Attachment]:
    return list(
        Attachment.select()
        .join(ApplicationAttachment)
        .where(ApplicationAttachment.application == application)
        .order_by(Attachment.id)
    )


ACTION_LABELS = {
    "submit": "提交申请",
    "withdraw": "申请人撤回",
    "approve": "审核通过",
    "reject": "审核不通过",
    "view_file": "查看附件",
}


@dataclass(frozen=True)
class Event:
    at: datetime.datetime
    label: str
    who: str
    detail: str
    # A reviewer's day of opening files, shown as one line: how many times, until when.
    count: int = 1
    until: datetime.datetime | None = None


def timeline(application: Application) -> list[Event]:
    """The application's history from the audit log: each state change, and each reviewer's day
    of opening its files as one line (how many times, which kinds); the log keeps every view."""
    kinds = {a.id: a.kind_label for a in attachments_of(application)}
    condition = (AuditLog.object_type == "application") & (AuditLog.object_id == application.id)
    if kinds:
        condition |= (AuditLog.object_type == "attachment") & AuditLog.object_id.in_(list(kinds))
    rows = list(
        AuditLog.select(AuditLog, User)
        .join(User, on=(AuditLog.actor == User.id))
        .where(condition)
        .order_by(AuditLog.at, AuditLog.id)
    )
    changes = [
        Event(row.at, ACTION_LABELS.get(row.action, row.action), row.actor.real_name, row.detail)
        for row in rows if row.action != "view_file"
    ]
    views = _views_by_reviewer_and_day([row for row in rows if row.action == "view_file"], kinds)
    return sorted(changes + views, key=lambda event: event.at)


def _views_by_reviewer_and_day(rows: list[AuditLog], kinds: dict[int, str]) -> list[Event]:
    days: dict[tuple, list[AuditLog]] = {}
    for row in rows:
        days.setdefault((row.actor_id, row.at.date()), []).append(row)
    events = []
    for seen in days.values():
        labels = list(dict.fromkeys(kinds[row.object_id] for row in seen))
        first, last = seen[0], seen[-1]
        events.append(Event(first.at, ACTION_LABELS["view_file"], first.actor.real_name, "、".join(labels),
                            len(seen), last.at if len(seen) > 1 else None))
    return events


def record_file_view(user, attachment: Attachment, now: datetime.datetime) -> None:
    """An office opening a person's file is personal data seen: it is written down."""
    audit.record(user, "view_file", "attachment", attachment.id, now, f"{attachment.kind_label}：{attachment.original_name}")


def record_export(user, filters: QueueFilters, now: datetime.datetime) -> None:
    """A spreadsheet of personal data leaving the system is written down, with its filters."""
    audit.record(user, "export", "applications", 0, now, str(filters.query_args()))


EXPORT_HEADER = (
    "申报编号", "审核状态", "姓名", "性别", "出生日期", "民族", "身份证号码", "学历", "毕业院校", "所学专业",
    "毕业时间", "人员类别", "就业创业证号", "手机号码", "户籍所在地", "现居住地址", "业务办理属地",
    "提交时间", "审核时间", "审核人", "不通过原因",
)


def export_rows(user, filters: QueueFilters):
    """The queue's applications (all pages) as spreadsheet rows, in queue order. Read as plain
    tuples of the columns the file shows: making a model object per row would cost more than the
    rest of the export together."""
    reviewer = User.alias()
    a = Application
    query = (
        filtered(user, filters)
        .select(a.reference, a.status, a.name, a.gender, a.birth_date, a.ethnicity, a.id_number, a.education, a.school,
                a.major, a.graduation_month, a.category, a.employment_card_no, a.mobile, a.household, a.address,
                a.jurisdiction, a.submitted_at, a.reviewed_at, reviewer.real_name, a.grounds, a.reason)
        .join(reviewer, join_type=JOIN.LEFT_OUTER, on=(a.reviewed_by == reviewer.id))
        .order_by(PENDING_FIRST, a.submitted_at, a.id)
        .tuples()
    )
    for (reference, status, name, gender, birth_date, ethnicity, id_number, education, school, major, graduated,
         category, card_no, mobile, household, address, office, submitted_at, reviewed_at, reviewer_name, grounds,
         reason) in in_chunks(query):
        named = "、".join(REJECTION_GROUNDS[code].label for code in grounds.split(",") if code in REJECTION_GROUNDS)
        yield (
            reference, APPLICATION_STATUSES[status], cell(name), gender, birth_date.isoformat(),
            ETHNICITIES.get(ethnicity, ""), as_text(id_number), APPLICANT_EDUCATION.get(education, ""),
            cell(school), cell(major), graduated, CATEGORIES.get(category, ""),
            as_text(card_no), as_text(mobile), cell(household), cell(address),
            regions.name_of(office), submitted_at.isoformat(" ", "minutes"),
            reviewed_at.isoformat(" ", "minutes") if reviewed_at else "",
            cell(reviewer_name or ""), cell("；".join(part for part in (named, reason) if part)),
        )
