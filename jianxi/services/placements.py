"""见习记录 (placements): made when a trainee accepts an offer, then its 见习协议 confirmed by both
parties, the unit's accident insurance, and the office's 备案.

    待签协议 (accepted) → 待备案 (submitted) → 已备案 (filed; 在岗 from the start date)
                                  ↘ 退回修改 (returned) → 待备案 again

The invariants are the database's, on both engines: one placement not ended per person (a
partial unique index), and never more accepted placements than a position's openings (the
position's `placed`, raised by a conditional UPDATE under a CHECK). Accepting withdraws the
person's other open offers and closes their favorites in the same transaction, and a position
whose placements reach its openings closes as 已招满. Every change is a conditional UPDATE with
its audit row in the same transaction.
"""
import calendar
import datetime
from dataclasses import dataclass

from peewee import IntegrityError

from ..db import is_postgres, writing
from ..models import (
    APPLICATION_APPROVED,
    MONTHS_MAX,
    MONTHS_MIN,
    OFFER_ACCEPTED,
    OFFER_OPEN,
    OFFER_WITHDRAWN,
    PLACEMENT_EDITABLE,
    PLACEMENT_FILED,
    PLACEMENT_RETURNED,
    PLACEMENT_STATUSES,
    PLACEMENT_SUBMITTED,
    POSITION_CLOSED,
    POSITION_OPEN,
    STEP_OFFER,
    Application,
    Attachment,
    AuditLog,
    CandidateStep,
    Employer,
    Favorite,
    Insurance,
    Placement,
    Position,
    User,
)
from ..reference import regions
from . import access, audit, candidates, money, recognition, wages
from .errors import Conflict, NotFound, ServiceError

HOURS_MAX, DUTIES_MAX, TERMS_MAX = 200, 1000, 1000
INSURER_MAX, POLICY_MAX = 60, 40
FILLED_NOTE = "录用人数已达招收人数"


def end_of(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` from `start`: the day before the same day `months`
    later (2027-01-15 + 6 → 2027-07-14); where that month has no such day, its last day
    (2027-08-31 + 6 → 2028-02-29), as 民法典 第二百零三条 counts periods by month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return datetime.date(year, month, last)
    return datetime.date(year, month, start.day) - datetime.timedelta(days=1)


# Accepting an offer.

def accept(user: User, step_id: int, now: datetime.datetime) -> Placement:
    """接受 an open offer: the placement, in one transaction with what it settles."""
    step = candidates.offer_of(user, step_id)
    if step.kind != STEP_OFFER:
        raise NotFound("没有找到这份录用通知")
    position = step.position
    try:
        with writing():
            _one_at_a_time(user)
            taken = (CandidateStep.update(status=OFFER_ACCEPTED, answered_at=now)
                     .where((CandidateStep.id == step.id) & (CandidateStep.status == OFFER_OPEN)
                            & (CandidateStep.expires_at > now)).execute())
            if not taken:
                raise Conflict(candidates.answered(CandidateStep.get_by_id(step.id), now))
            seat = (Position.update(placed=Position.placed + 1)
                    .where((Position.id == position.id) & (Position.placed < Position.openings)).execute())
            if not seat:
                raise Conflict("很抱歉，这个岗位已招满，录用未能生效。您的其他录用通知和收藏不受影响。")
            placement = Placement.create(
                user=user.id, position=position.id, employer=step.employer_id, offer=step.id,
                region=step.employer.region_id, accepted_at=now, start_date=step.start_date,
                months=position.duration_months, end_date=end_of(step.start_date, position.duration_months),
                allowance_fen=position.monthly_subsidy * 100 or None, duties=position.duties, updated_at=now,
                **_first_mentor(step.employer),
            )
            audit.record(user, "accept", "step", step.id, now)
            audit.record(user, "accept", "placement", placement.id, now,
                         f"{step.employer.name} · {position.title}，拟上岗日期 {step.start_date:%Y-%m-%d}")
            _settle_elsewhere(user, step.id, now)
            _close_if_full(user, position.id, now)
    except IntegrityError:
        raise Conflict("您已有一条未结束的见习记录，不能同时接受两个岗位的录用。") from None
    return placement


def _one_at_a_time(user: User) -> None:
    """A person's acceptances one after another: on PostgreSQL two of them at once would each hold
    its own offer's row and wait for the other's (withdrawing the person's other offers), a
    deadlock; locking the person's row first makes the second wait, then find its offer withdrawn.
    SQLite's writing() already takes the one write lock before the first read."""
    if is_postgres():
        list(User.select(User.id).where(User.id == user.id).for_update())


def _first_mentor(unit: Employer) -> dict:
    found = recognition.find(unit)
    mentors = recognition.mentors_of(found) if found else []
    if not mentors:
        return {}
    return {"mentor_name": mentors[0].name, "mentor_title": mentors[0].title, "mentor_phone": mentors[0].phone}


def _settle_elsewhere(user: User, accepted_id: int, now: datetime.datetime) -> None:
    """The person's other open offers are withdrawn, and their favorites closed (removed)."""
    others = [row.id for row in CandidateStep.select(CandidateStep.id).where(
        (CandidateStep.user == user.id) & (CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
        & (CandidateStep.id != accepted_id))]
    if others:
        CandidateStep.update(status=OFFER_WITHDRAWN, answered_at=now).where(
            CandidateStep.id.in_(others) & (CandidateStep.status == OFFER_OPEN)).execute()
        for other in others:
            audit.record(user, "withdrawn", "step", other, now, "已接受其他岗位的录用")
    closed = Favorite.delete().where(Favorite.user == user.id).execute()
    if closed:
        audit.record(user, "favorites_closed", "user", user.id, now, f"已上岗，收藏的{closed}个岗位已关闭")


def _close_if_full(actor, position_id: int, now: datetime.datetime) -> None:
    closed = (Position.update(status=POSITION_CLOSED, close_reason="filled", close_note="", closed_at=now, updated_at=now)
              .where((Position.id == position_id) & (Position.status == POSITION_OPEN)
                     & (Position.placed >= Position.openings)).execute())
    if closed:
        audit.record(actor, "close", "position", position_id, now, f"结束招募：已招满（{FILLED_NOTE}）")


# Who sees which placement.

def of_trainee(user: User) -> list[Placement]:
    return list(Placement.select(Placement, Position, Employer).join(Position)
                .join(Employer, on=(Placement.employer == Employer.id))
                .where(Placement.user == user.id).order_by(Placement.accepted_at.desc()))


def trainee_placement(user: User, placement_id: int) -> Placement:
    found = _with_parts().where((Placement.id == placement_id) & (Placement.user == user.id)).first()
    if found is None:
        raise NotFound("没有找到这条见习记录")
    return found


def of_unit(unit: Employer) -> list[Placement]:
    return list(_with_parts().where(Placement.employer == unit.id).order_by(Placement.accepted_at.desc()))


def unit_placement(unit: Employer, placement_id: int) -> Placement:
    found = _with_parts().where((Placement.id == placement_id) & (Placement.employer == unit.id)).first()
    if found is None:
        raise NotFound("没有找到这条见习记录")
    return found


def office_placement(office, placement_id: int, change: bool = False) -> Placement:
    """A placement of the office's jurisdiction (access.load: 404 outside it, 403 to view only)."""
    return access.load(office, _with_parts().where(access.scope(office, Placement.region)), placement_id, change=change)


def _with_parts():
    return (Placement.select(Placement, Position, Employer, User).join(Position)
            .join(Employer, on=(Placement.employer == Employer.id))
            .join(User, on=(Placement.user == User.id)))


def insurance_of(placement: Placement) -> Insurance | None:
    return Insurance.get_or_none(Insurance.placement == placement.id)


def facts_of(placement: Placement) -> Application | None:
    """The trainee's approved application: the eligibility facts the office checks."""
    return (Application.select().where((Application.user == placement.user_id) & (Application.status == APPLICATION_APPROVED))
            .order_by(Application.reviewed_at.desc()).first())


# The 见习协议.

@dataclass(frozen=True)
class Terms:
    start_date: datetime.date
    months: int
    allowance_fen: int
    mentor: int
    working_hours: str
    duties: str
    terms: str

    @property
    def end_date(self) -> datetime.date:
        return end_of(self.start_date, self.months)


class AgreementProblems(ServiceError):
    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))
        self.errors = errors


def mentors_for(placement: Placement) -> list:
    found = recognition.find(placement.employer)
    return recognition.mentors_of(found) if found else []


def parse_terms(placement: Placement, raw, today: datetime.date) -> Terms:
    """The unit's form, checked: 3–12 months, a start not in the past, the allowance not below
    the minimum wage in force for the unit's county on the start date, a mentor of its 认定."""
    errors: dict[str, str] = {}
    try:
        start = datetime.date.fromisoformat(str(raw.get("start_date") or "").strip())
        if start < today and start != placement.start_date:
            errors["start_date"] = f"见习开始日期不能早于今天（{today:%Y-%m-%d}）"
    except ValueError:
        start = None
        errors["start_date"] = "请按“年-月-日”填写见习开始日期"
    months_raw = str(raw.get("months") or "").strip()
    months = int(months_raw) if months_raw.isdigit() else 0
    if not MONTHS_MIN <= months <= MONTHS_MAX:
        errors["months"] = f"见习期限为{MONTHS_MIN}至{MONTHS_MAX}个月"
    allowance, problem = money.parse_yuan(raw.get("allowance"), "基本生活补助")
    if problem:
        errors["allowance"] = problem
    elif start is not None:
        problem = allowance_problem(placement.employer, start, allowance)
        if problem:
            errors["allowance"] = problem
    numbers = {mentor.number: mentor for mentor in mentors_for(placement)}
    mentor_raw = str(raw.get("mentor") or "").strip()
    mentor = int(mentor_raw) if mentor_raw.isdigit() and int(mentor_raw) in numbers else 0
    if not mentor:
        errors["mentor"] = "请选择带教老师（来自单位认定时登记的带教老师）"
    texts = {}
    for name, label, limit, required in (("working_hours", "工作时间", HOURS_MAX, True),
                                         ("duties", "见习内容", DUTIES_MAX, True), ("terms", "其他约定", TERMS_MAX, False)):
        text = str(raw.get(name) or "").strip()
        if required and not text:
            errors[name] = f"请填写{label}"
        elif len(text) > limit:
            errors[name] = f"{label}不能超过{limit}个字"
        texts[name] = text
    if errors:
        raise AgreementProblems(errors)
    return Terms(start, months, allowance, mentor, **texts)


def allowance_problem(unit: Employer, start: datetime.date, allowance_fen: int) -> str | None:
    """None when the allowance is at least the minimum wage in force where the unit is, on the start date."""
    wage = wages.in_force(unit.region_id, start)
    place = regions.name_of(unit.region_id)
    if wage is None:
        return f"没有找到{place}在{start:%Y-%m-%d}执行的月最低工资标准，暂时无法核对，请联系经办机构。"
    if allowance_fen < wage.monthly_fen:
        return (f"基本生活补助不能低于{place}的月最低工资标准 {money.yuan(wage.monthly_fen)} 元"
                f"（自{wage.effective_from:%Y-%m-%d}起执行）")
    return None


def change_terms(unit_user, placement: Placement, terms: Terms, seen_version: int, now: datetime.datetime) -> Placement:
    """The unit's edit of the agreement: a new version, which both parties confirm again."""
    mentor = {m.number: m for m in mentors_for(placement)}[terms.mentor]
    fields = dict(start_date=terms.start_date, months=terms.months, end_date=terms.end_date,
                  allowance_fen=terms.allowance_fen, mentor_name=mentor.name, mentor_title=mentor.title,
                  mentor_phone=mentor.phone, working_hours=terms.working_hours, duties=terms.duties, terms=terms.terms)
    before = {name: getattr(placement, name) for name in fields}
    if before == fields:
        return placement
    with writing():
        changed = (Placement.update(version=Placement.version + 1, unit_version=None, unit_confirmed_at=None,
                                    unit_confirmed_by=None, trainee_version=None, trainee_confirmed_at=None,
                                    updated_at=now, **fields)
                   .where((Placement.id == placement.id) & Placement.status.in_(PLACEMENT_EDITABLE)
                          & (Placement.version == seen_version)).execute())
        if not changed:
            raise Conflict(_stale(placement.id, seen_version))
        audit.record(unit_user, "terms", "placement", placement.id, now, audit.changes(before, fields, TERM_LABELS))
    return Placement.get_by_id(placement.id)


TERM_LABELS = {"start_date": "见习开始日期", "months": "见习期限（月）", "end_date": "见习结束日期",
               "allowance_fen": "基本生活补助（分）", "mentor_name": "带教老师", "working_hours": "工作时间",
               "duties": "见习内容", "terms": "其他约定"}


def _stale(placement_id: int, seen_version: int) -> str:
    current = Placement.get_by_id(placement_id)
    if current.status not in PLACEMENT_EDITABLE:
        return f"这条见习记录现在是“{PLACEMENT_STATUSES[current.status]}”，协议不能再修改，未做更改。"
    if current.version != seen_version:
        return "协议在您打开页面后已被修改，请查看最新内容后再操作。"
    return "未做更改。"


def agreement_problem(placement: Placement) -> str | None:
    """What keeps the agreement from being confirmed, if anything."""
    if placement.allowance_fen is None or not placement.mentor_name or not placement.working_hours:
        return "单位尚未填写完整的协议内容（基本生活补助、带教老师、工作时间）。"
    return None


def confirm(actor, placement: Placement, seen_version: int, as_unit: bool, now: datetime.datetime) -> Placement:
    """确认协议 by one party, for the version they saw."""
    problem = agreement_problem(placement)
    if problem:
        raise Conflict(problem)
    if as_unit:
        problem = allowance_problem(placement.employer, placement.start_date, placement.allowance_fen)
        if problem:
            raise Conflict(problem + "请先修改协议。")
        fields = {"unit_version": seen_version, "unit_confirmed_at": now, "unit_confirmed_by": actor}
    else:
        fields = {"trainee_version": seen_version, "trainee_confirmed_at": now}
    with writing():
        changed = (Placement.update(updated_at=now, **fields)
                   .where((Placement.id == placement.id) & Placement.status.in_(PLACEMENT_EDITABLE)
                          & (Placement.version == seen_version)).execute())
        if not changed:
            raise Conflict(_stale(placement.id, seen_version))
        audit.record(actor, "confirm_unit" if as_unit else "confirm_trainee", "placement", placement.id, now,
                     f"第{seen_version}版")
    return Placement.get_by_id(placement.id)


# Insurance.

@dataclass(frozen=True)
class Policy:
    insurer: str
    policy_number: str
    starts_on: datetime.date
    ends_on: datetime.date
    premium_fen: int


def parse_policy(raw) -> Policy:
    errors: dict[str, str] = {}
    texts = {}
    for name, label, limit in (("insurer", "保险公司", INSURER_MAX), ("policy_number", "保单号", POLICY_MAX)):
        text = " ".join(str(raw.get(name) or "").split())
        if not text:
            errors[name] = f"请填写{label}"
        elif len(text) > limit:
            errors[name] = f"{label}不能超过{limit}个字"
        texts[name] = text
    dates = {}
    for name, label in (("starts_on", "保险起期"), ("ends_on", "保险止期")):
        try:
            dates[name] = datetime.date.fromisoformat(str(raw.get(name) or "").strip())
        except ValueError:
            errors[name] = f"请按“年-月-日”填写{label}"
    if len(dates) == 2 and dates["ends_on"] < dates["starts_on"]:
        errors["ends_on"] = "保险止期不能早于起期"
    premium, problem = money.parse_yuan(raw.get("premium"), "保费")
    if problem:
        errors["premium"] = problem
    if errors:
        raise AgreementProblems(errors)
    return Policy(texts["insurer"], texts["policy_number"], dates["starts_on"], dates["ends_on"], premium)


def coverage_problem(placement: Placement, policy) -> str | None:
    """The policy must cover the whole placement, from its first day (bought before the start)."""
    if policy.starts_on > placement.start_date or policy.ends_on < placement.end_date:
        return (f"保险期间（{policy.starts_on:%Y-%m-%d} 至 {policy.ends_on:%Y-%m-%d}）应覆盖整个见习期"
                f"（{placement.start_date:%Y-%m-%d} 至 {placement.end_date:%Y-%m-%d}），且自见习第一天起生效。")
    return None


def record_insurance(unit_user, placement: Placement, policy: Policy, scan: Attachment | None,
                     now: datetime.datetime) -> Insurance:
    """登记保险: the policy and its scan (kept from last time when no new one is uploaded)."""
    problem = coverage_problem(placement, policy)
    if problem:
        raise AgreementProblems({"starts_on": problem})
    current = insurance_of(placement)
    scan_id = scan.id if scan is not None else (current.scan_id if current else None)
    if scan_id is None:
        raise AgreementProblems({"scan": "请上传保单（JPG、PNG 或 PDF）"})
    fields = dict(insurer=policy.insurer, policy_number=policy.policy_number, starts_on=policy.starts_on,
                  ends_on=policy.ends_on, premium_fen=policy.premium_fen, scan=scan_id, recorded_at=now,
                  recorded_by=unit_user)
    with writing():
        editable = Placement.select().where((Placement.id == placement.id)
                                            & Placement.status.in_(PLACEMENT_EDITABLE)).exists()
        if not editable:
            raise Conflict(_stale(placement.id, placement.version))
        (Insurance.insert(placement=placement.id, **fields)
         .on_conflict(conflict_target=[Insurance.placement],
                      update={getattr(Insurance, name): value for name, value in fields.items()}).execute())
        Placement.update(updated_at=now).where(Placement.id == placement.id).execute()
        audit.record(unit_user, "insure", "placement", placement.id, now,
                     f"{policy.insurer} 保单号 {policy.policy_number}，{policy.starts_on:%Y-%m-%d} 至 {policy.ends_on:%Y-%m-%d}")
    return insurance_of(placement)


# Submitting, and the office's 备案.

def submit_problems(placement: Placement) -> list[str]:
    """What is missing before the unit can submit the placement for 备案."""
    problems = []
    if not placement.signed:
        problems.append("见习协议须由单位和见习人员双方确认当前版本。")
    insurance = insurance_of(placement)
    if insurance is None:
        problems.append("请先登记意外伤害保险。")
    else:
        problem = coverage_problem(placement, insurance)
        if problem:
            problems.append(problem)
    return problems


def submit(unit_user, placement: Placement, now: datetime.datetime) -> Placement:
    problems = submit_problems(placement)
    if problems:
        raise Conflict(problems[0])
    with writing():
        changed = (Placement.update(status=PLACEMENT_SUBMITTED, submitted_at=now, updated_at=now)
                   .where((Placement.id == placement.id) & Placement.status.in_(PLACEMENT_EDITABLE)
                          & (Placement.version == placement.version)
                          & (Placement.unit_version == placement.version)
                          & (Placement.trainee_version == placement.version)).execute())
        if not changed:
            raise Conflict(_stale(placement.id, placement.version))
        audit.record(unit_user, "submit", "placement", placement.id, now, "提交备案")
    return Placement.get_by_id(placement.id)


FILE, RETURN = "file", "return"


def decide(office, placement_id: int, outcome: str, reason: str, now: datetime.datetime) -> Placement:
    """备案, or 退回修改 with a reason: once, by the office of the placement's jurisdiction."""
    if outcome not in (FILE, RETURN):
        raise ServiceError("请选择审核结果", field="outcome")
    reason = " ".join((reason or "").split())
    if outcome == RETURN and not reason:
        raise ServiceError("请写明退回的原因，以便单位修改", field="reason")
    if len(reason) > 200:
        raise ServiceError("原因不能超过200个字", field="reason")
    placement = office_placement(office, placement_id, change=True)
    status = PLACEMENT_FILED if outcome == FILE else PLACEMENT_RETURNED
    with writing():
        changed = (Placement.update(status=status, decided_at=now, decided_by=office, reason=reason, updated_at=now)
                   .where((Placement.id == placement.id) & (Placement.status == PLACEMENT_SUBMITTED)).execute())
        if not changed:
            current = Placement.get_by_id(placement.id)
            raise Conflict(f"这条见习记录现在是“{PLACEMENT_STATUSES[current.status]}”，未做更改。")
        audit.record(office, outcome, "placement", placement.id, now, reason or "已备案")
    return Placement.get_by_id(placement.id)


# The timeline all three see.

LABELS = {
    "offer": "单位发出录用通知", "accept": "见习人员接受录用", "terms": "单位修改协议",
    "confirm_unit": "单位确认协议", "confirm_trainee": "见习人员确认协议", "insure": "单位登记保险",
    "submit": "单位提交备案", FILE: "经办机构备案", RETURN: "经办机构退回修改",
}


@dataclass(frozen=True)
class Event:
    at: datetime.datetime | datetime.date
    label: str
    who: str
    detail: str = ""


def timeline(placement: Placement, today: datetime.date) -> list[Event]:
    """Oldest first: the offer, the acceptance, each change and confirmation, 备案, and 在岗 from
    the start date of a 备案 placement."""
    rows = (AuditLog.select(AuditLog, User).join(User, on=(AuditLog.actor == User.id))
            .where(((AuditLog.object_type == "placement") & (AuditLog.object_id == placement.id))
                   | ((AuditLog.object_type == "step") & (AuditLog.object_id == placement.offer_id)
                      & (AuditLog.action == "offer")))
            .order_by(AuditLog.at, AuditLog.id))
    events = [Event(row.at, LABELS.get(row.action, row.action), _who(row.actor, placement), row.detail) for row in rows]
    if placement.status == PLACEMENT_FILED and placement.start_date <= today:
        events.append(Event(placement.start_date, "在岗", placement.user.real_name, "见习开始"))
    return events


def _who(actor: User, placement: Placement) -> str:
    if actor.id == placement.user_id:
        return actor.real_name
    if actor.role == "unit":
        return f"{placement.employer.name}（{actor.real_name}）"
    return f"{regions.name_of(placement.region_id)}经办机构（{actor.real_name}）"
