"""认定: a unit's application to host trainees, and the office's decision on it.

    草稿 → 待审核 → 已认定 | 不予认定 | 退回补充 (→ edited → 待审核 again); 已认定 → 取消认定.

The unit edits only what is not being decided (RECOGNITION_EDITABLE); each change of state is one
conditional UPDATE with its audit row in the same transaction, so two reviewers deciding at once,
or a unit resubmitting while the office decides, leave exactly one outcome. Deciding is the
office's of the 业务办理归属地, as for applications; a city office views its counties'.
"""
import datetime
import re
from dataclasses import dataclass
from typing import ClassVar

from ..db import writing
from ..models import (
    EMPLOYER_RECOGNISED,
    EMPLOYER_REVOKED,
    POSITION_OPEN,
    PROPOSAL_OPEN,
    RECOGNITION_DRAFT,
    RECOGNITION_EDITABLE,
    RECOGNITION_PENDING,
    RECOGNITION_RECOGNISED,
    RECOGNITION_REFUSED,
    RECOGNITION_RETURNED,
    RECOGNITION_REVOKED,
    RECOGNITION_STATUSES,
    AuditLog,
    Employer,
    Mentor,
    Position,
    PositionProposal,
    Recognition,
    User,
)
from ..reference import regions
from ..reference.codes import INDUSTRIES, RECOGNITION_GROUNDS, UNIT_TYPES
from . import access, audit, lists, notice_texts, notices
from .errors import Conflict, ServiceError
from .matching import contains

PHONE = re.compile(r"^[0-9][0-9-]{6,19}$")
MENTORS_MAX = 5
STATEMENT_MAX = 500
REVOKED_NOTE = "见习单位已被取消认定"


@dataclass(frozen=True)
class MentorData:
    name: str
    title: str
    phone: str


@dataclass(frozen=True)
class RecognitionData:
    unit_type: str
    industry: str
    insured_staff: int | None
    address: str
    region: str
    contact_person: str
    phone: str
    statement: str
    mentors: tuple[MentorData, ...] = ()


def parse(raw, mentors_raw: list[dict]) -> tuple[RecognitionData, dict[str, str]]:
    """The form as typed, cleaned, and {field: message} for what is wrong. A draft may be saved
    with mistakes left out; `problems` says what keeps it from being submitted."""
    errors = {}

    def text(name, label, limit):
        value = " ".join(str(raw.get(name) or "").split())
        if len(value) > limit:
            errors[name] = f"{label}不能超过{limit}个字"
            return value[:limit]
        return value

    unit_type = str(raw.get("unit_type") or "")
    if unit_type and unit_type not in UNIT_TYPES:
        errors["unit_type"], unit_type = "请选择单位类型", ""
    industry = str(raw.get("industry") or "")
    if industry and industry not in INDUSTRIES:
        errors["industry"], industry = "请选择所属行业", ""
    staff_text = str(raw.get("insured_staff") or "").strip()
    staff = None
    if staff_text:
        if staff_text.isascii() and staff_text.isdigit() and len(staff_text) <= 6:
            staff = int(staff_text)
        else:
            errors["insured_staff"] = "参保职工人数应为0或正整数"
    region = str(raw.get("region") or "")
    if region and not regions.city_of(region):
        errors["region"], region = "请选择业务办理归属地", ""
    phone = text("phone", "联系电话", 20)
    if phone and not PHONE.match(phone):
        errors["phone"] = "联系电话只能包含数字和“-”，如 0351-1234567 或 13912345678"
    statement = str(raw.get("statement") or "").strip()
    if len(statement) > STATEMENT_MAX:
        errors["statement"] = f"单位情况说明不能超过{STATEMENT_MAX}个字"
    mentors = []
    for number, row in enumerate(mentors_raw[:MENTORS_MAX], 1):
        values = {key: " ".join(str(row.get(key) or "").split()) for key in ("name", "title", "phone")}
        if not any(values.values()):
            continue
        if not all(values.values()):
            errors[f"mentor-{number}"] = f"请填写第{number}位带教老师的姓名、职务和联系电话"
        elif len(values["name"]) > 20 or len(values["title"]) > 30 or not PHONE.match(values["phone"]):
            errors[f"mentor-{number}"] = f"第{number}位带教老师的信息有误：姓名最多20字、职务最多30字、电话只含数字和“-”"
        mentors.append(MentorData(values["name"][:20], values["title"][:30], values["phone"][:20]))
    data = RecognitionData(unit_type, industry, staff, text("address", "注册地址", 200), region,
                           text("contact_person", "联系人", 20), phone, statement[:STATEMENT_MAX], tuple(mentors))
    return data, errors


def problems(data: RecognitionData, licence_id: int | None) -> dict[str, str]:
    """What a complete application has that this one lacks: {field: message}."""
    missing = {
        "unit_type": "请选择单位类型", "industry": "请选择所属行业", "insured_staff": "请填写参保职工人数",
        "address": "请填写注册地址", "region": "请选择业务办理归属地", "contact_person": "请填写联系人",
        "phone": "请填写联系电话", "statement": "请填写单位情况说明",
    }
    found = {name: message for name, message in missing.items() if getattr(data, name) in ("", None)}
    if not data.mentors:
        found["mentor-1"] = "请至少填写一位带教老师"
    if licence_id is None:
        found["licence"] = "请上传营业执照"
    return found


def find(unit: Employer) -> Recognition | None:
    """The unit's 认定 application if it has one (a unit an office registered has none)."""
    return Recognition.get_or_none(Recognition.employer == unit.id)


def current(unit: Employer, now: datetime.datetime) -> Recognition:
    """The unit's 认定 application; a draft, filled from what is known of the unit, the first time."""
    found = find(unit)
    if found:
        return found
    Recognition.insert(
        employer=unit.id, status=RECOGNITION_DRAFT, address=unit.address, region=unit.region_id,
        contact_person=unit.contact_person, phone=unit.phone, unit_type=unit.unit_type, industry=unit.industry,
        updated_at=now,
    ).on_conflict_ignore().execute()
    return Recognition.get(Recognition.employer == unit.id)


def mentors_of(recognition: Recognition) -> list[Mentor]:
    return list(Mentor.select().where(Mentor.recognition == recognition.id).order_by(Mentor.number))


def save(user, unit: Employer, data: RecognitionData, licence_id: int | None, now: datetime.datetime) -> Recognition:
    """保存: what the unit typed, while it may edit. A 不予认定 or 取消认定 edited is a draft again;
    a 退回补充 stays so until resubmitted."""
    recognition = current(unit, now)
    fields = {name: getattr(data, name) for name in
              ("unit_type", "industry", "insured_staff", "address", "region", "contact_person", "phone", "statement")}
    fields["region"] = data.region or None
    with writing():
        changed = (
            Recognition.update(**fields, licence=licence_id, updated_at=now,
                               status=_after_edit(recognition.status))
            .where((Recognition.id == recognition.id) & Recognition.status.in_(RECOGNITION_EDITABLE))
            .execute()
        )
        if not changed:
            raise Conflict(_not_editable(Recognition.get_by_id(recognition.id)))
        Mentor.delete().where(Mentor.recognition == recognition.id).execute()
        if data.mentors:
            Mentor.insert_many([
                {"recognition": recognition.id, "number": number, "name": m.name, "title": m.title, "phone": m.phone}
                for number, m in enumerate(data.mentors, 1)
            ]).execute()
        audit.record(user, "save", "recognition", recognition.id, now)
    return Recognition.get_by_id(recognition.id)


def _after_edit(status: str) -> str:
    return RECOGNITION_RETURNED if status == RECOGNITION_RETURNED else RECOGNITION_DRAFT


def _not_editable(recognition: Recognition) -> str:
    if recognition.status == RECOGNITION_PENDING:
        return "认定申请已提交，正在审核，暂时不能修改。"
    return f"认定申请已是“{recognition.status_label}”，不能修改。"


def submit(user, unit: Employer, now: datetime.datetime) -> Recognition:
    """提交: a complete draft (or a 退回补充 completed) goes to the office of its 业务办理归属地."""
    recognition = current(unit, now)
    data = _data_of(recognition)
    missing = problems(data, recognition.licence_id)
    if missing:
        raise ServiceError("认定申请还不完整：" + "；".join(missing.values()))
    with writing():
        changed = (
            Recognition.update(status=RECOGNITION_PENDING, submitted_at=now, grounds="", reason="")
            .where((Recognition.id == recognition.id)
                   & Recognition.status.in_((RECOGNITION_DRAFT, RECOGNITION_RETURNED)))
            .execute()
        )
        if not changed:
            raise Conflict(_not_editable(Recognition.get_by_id(recognition.id)))
        if unit.status != EMPLOYER_RECOGNISED:  # the office that decides keeps the unit from now on
            Employer.update(region=recognition.region_id).where(Employer.id == unit.id).execute()
        audit.record(user, "submit", "recognition", recognition.id, now)
        notices.send(notices.office_users(recognition.region_id),
                     notice_texts.recognition_submitted(recognition.id, unit.name), now)
    return Recognition.get_by_id(recognition.id)


def _data_of(recognition: Recognition) -> RecognitionData:
    mentors = tuple(MentorData(m.name, m.title, m.phone) for m in mentors_of(recognition))
    return RecognitionData(recognition.unit_type, recognition.industry, recognition.insured_staff, recognition.address,
                           recognition.region_id or "", recognition.contact_person, recognition.phone,
                           recognition.statement, mentors)


RECOGNISE, REFUSE, RETURN = "recognise", "refuse", "return"
OUTCOMES = {RECOGNISE: RECOGNITION_RECOGNISED, REFUSE: RECOGNITION_REFUSED, RETURN: RECOGNITION_RETURNED}


@dataclass(frozen=True)
class Decision:
    """已认定; 不予认定 with at least one ground; or 退回补充 saying what to add."""

    outcome: str
    grounds: tuple[str, ...] = ()
    details: str = ""

    def problem(self) -> tuple[str, str] | None:
        if self.outcome not in OUTCOMES:
            return "outcome", "请选择审核结果"
        details = self.details.strip()
        if self.outcome == REFUSE and (not self.grounds or any(g not in RECOGNITION_GROUNDS for g in self.grounds)):
            return "grounds", "请至少选择一项不予认定的原因"
        if self.outcome == RETURN and not details:
            return "details", "请写明需要单位补充或修改的内容"
        if len(details) > 500:
            return "details", "说明不能超过500个字"
        return None

    def summary(self) -> str:
        labels = "、".join(RECOGNITION_GROUNDS[g] for g in self.grounds if g in RECOGNITION_GROUNDS)
        return "；".join(part for part in (labels, self.details.strip()) if part)


def decide(office, recognition_id: int, decision: Decision, now: datetime.datetime) -> Recognition:
    """The office's decision, once, on a 待审核 application of its own 业务办理归属地."""
    problem = decision.problem()
    if problem:
        raise ServiceError(problem[1], field=problem[0])
    recognition = access.load(office, access.recognitions(office), recognition_id, change=True)
    status = OUTCOMES[decision.outcome]
    with writing():
        changed = (
            Recognition.update(status=status, decided_at=now, decided_by=office, grounds=",".join(decision.grounds),
                               reason=decision.details.strip())
            .where((Recognition.id == recognition.id) & (Recognition.status == RECOGNITION_PENDING))
            .execute()
        )
        if not changed:
            raise Conflict(_already(Recognition.get_by_id(recognition.id)))
        if status == RECOGNITION_RECOGNISED:
            Employer.update(
                status=EMPLOYER_RECOGNISED, region=recognition.region_id, unit_type=recognition.unit_type,
                industry=recognition.industry, address=recognition.address, contact_person=recognition.contact_person,
                phone=recognition.phone, updated_at=now,
            ).where(Employer.id == recognition.employer_id).execute()
        audit.record(office, decision.outcome, "recognition", recognition.id, now, decision.summary())
        notices.send(notices.unit_users(recognition.employer_id),
                     notice_texts.recognition_decided(RECOGNITION_STATUSES[status], decision.summary()), now)
    return Recognition.get_by_id(recognition.id)


def _already(recognition: Recognition) -> str:
    if recognition.decided_by_id and recognition.status != RECOGNITION_PENDING:
        who = User.get_by_id(recognition.decided_by_id).real_name
        return f"这份认定申请已由{who}于{recognition.decided_at:%Y-%m-%d %H:%M}处理为“{recognition.status_label}”，未做更改。"
    return f"这份认定申请现在是“{recognition.status_label}”，未做更改。"


def revoke(office, recognition_id: int, reason: str, now: datetime.datetime) -> Recognition:
    """取消认定 with a reason: the unit can post nothing more, and its open positions leave the search."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("请填写取消认定的原因", field="reason")
    if len(reason) > 500:
        raise ServiceError("原因不能超过500个字", field="reason")
    recognition = access.load(office, access.recognitions(office), recognition_id, change=True)
    with writing():
        changed = (
            Recognition.update(status=RECOGNITION_REVOKED, decided_at=now, decided_by=office, grounds="", reason=reason)
            .where((Recognition.id == recognition.id) & (Recognition.status == RECOGNITION_RECOGNISED))
            .execute()
        )
        if not changed:
            raise Conflict(_already(Recognition.get_by_id(recognition.id)))
        Employer.update(status=EMPLOYER_REVOKED, updated_at=now).where(Employer.id == recognition.employer_id).execute()
        Position.update(status="closed", close_reason="other", close_note=REVOKED_NOTE, closed_at=now, updated_at=now) \
            .where((Position.employer == recognition.employer_id) & (Position.status == POSITION_OPEN)).execute()
        PositionProposal.delete().where((PositionProposal.employer == recognition.employer_id)
                                        & PositionProposal.status.in_(PROPOSAL_OPEN)).execute()
        audit.record(office, "revoke", "recognition", recognition.id, now, reason)
        notices.send(notices.unit_users(recognition.employer_id),
                     notice_texts.recognition_decided(RECOGNITION_STATUSES[RECOGNITION_REVOKED], reason), now)
    return Recognition.get_by_id(recognition.id)


@dataclass(frozen=True)
class RecognitionFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("status", "q")
    status: str = RECOGNITION_PENDING
    q: str = ""


QUEUE_STATUSES = {key: label for key, label in RECOGNITION_STATUSES.items() if key != RECOGNITION_DRAFT}


def parse_filters(args) -> RecognitionFilters:
    read = lists.Reader(args)
    status = read.choice("status", set(QUEUE_STATUSES) | {"all"}, "认定状态无效，已显示待审核。") or RECOGNITION_PENDING
    return read.filters(RecognitionFilters, status, read.text("q", 50))


def queue(office, filters: RecognitionFilters) -> lists.ListPage:
    """认定 applications of the office's jurisdiction: 待审核 by default, oldest first."""
    query = access.recognitions(office).select(Recognition, Employer).join(Employer)
    if filters.status != "all":
        query = query.where(Recognition.status == filters.status)
    if filters.q:
        query = query.where(contains(Employer.name, filters.q) | (Employer.credit_code == filters.q.upper()))
    return lists.ListPage(*lists.page_of(query, filters, Recognition.submitted_at, Recognition.id))


ACTION_LABELS = {
    "save": "保存草稿", "submit": "提交认定申请", RECOGNISE: "已认定", REFUSE: "不予认定", RETURN: "退回补充",
    "revoke": "取消认定",
}


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    label: str
    who: str
    detail: str = ""


def progress(recognition: Recognition, with_saves: bool = False) -> list[Step]:
    """办理进度: each submission and decision (and, for the unit, its saves), oldest first."""
    rows = (
        AuditLog.select(AuditLog, User).join(User, on=(AuditLog.actor == User.id))
        .where((AuditLog.object_type == "recognition") & (AuditLog.object_id == recognition.id))
        .order_by(AuditLog.at, AuditLog.id)
    )
    return [Step(row.at, ACTION_LABELS.get(row.action, row.action), row.actor.real_name, row.detail)
            for row in rows if with_saves or row.action != "save"]
