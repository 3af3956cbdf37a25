"""The 见习协议's terms in a placement row: the unit fills and changes them (each change a new
`version`), each party confirms the version it saw, so a change after the trainee confirmed needs
the trainee again. The 基本生活补助 is checked against the minimum wage in force where the unit is
(services.wages); the mentor is one of the unit's 认定; periods end as 民法典 counts months."""
import calendar
import datetime
from dataclasses import dataclass

from ..db import writing
from ..models import MONTHS_MAX, MONTHS_MIN, PLACEMENT_EDITABLE, PLACEMENT_STATUSES, Employer, Placement
from ..reference import regions
from . import audit, money, notice_texts, notices, recognition, wages
from .errors import Conflict, FieldProblems

HOURS_MAX, DUTIES_MAX, TERMS_MAX = 200, 1000, 1000


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
        raise FieldProblems(errors)
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
            raise Conflict(stale(placement.id, seen_version))
        audit.record(unit_user, "terms", "placement", placement.id, now, audit.changes(before, fields, TERM_LABELS))
        notices.send([placement.user], notice_texts.agreement_to_confirm(placement.id, seen_version + 1), now)
    return Placement.get_by_id(placement.id)


TERM_LABELS = {"start_date": "见习开始日期", "months": "见习期限（月）", "end_date": "见习结束日期",
               "allowance_fen": "基本生活补助（分）", "mentor_name": "带教老师", "working_hours": "工作时间",
               "duties": "见习内容", "terms": "其他约定"}


def stale(placement_id: int, seen_version: int) -> str:
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
            raise Conflict(stale(placement.id, seen_version))
        audit.record(actor, "confirm_unit" if as_unit else "confirm_trainee", "placement", placement.id, now,
                     f"第{seen_version}版")
    return Placement.get_by_id(placement.id)
