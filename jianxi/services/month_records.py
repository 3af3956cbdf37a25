"""A unit's monthly record of each placement (出勤和生活补助发放): once a month of the placement has
ended, the days the trainee attended of its working days, and the 基本生活补助 actually paid
(amount, date, optional proof). A record can be corrected until a claim line for its month
stands; the subsidy is computed from these records (services.subsidy_calc)."""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError, fn

from ..db import is_postgres, writing
from ..models import (
    LINE_MONTH,
    LINE_RETURNED,
    PLACEMENT_ENDED,
    PLACEMENT_FILED,
    Attachment,
    ClaimLine,
    Employer,
    MonthRecord,
    Placement,
    User,
)
from . import audit, money, workdays
from .errors import Conflict, FieldProblems, NotFound

ONE_DAY = datetime.timedelta(days=1)


def month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - ONE_DAY


def months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    found, current = [], first.replace(day=1)
    while current <= last:
        found.append(current)
        current = month_end(current) + ONE_DAY
    return found


def served(placement: Placement) -> tuple[datetime.date, datetime.date]:
    """The days served: from the start to the last day (ended) or the end date (still 在岗)."""
    if placement.status == PLACEMENT_ENDED and placement.last_day:
        return placement.start_date, placement.last_day
    return placement.start_date, placement.end_date


def served_in(placement: Placement, month: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The part of `month` the placement served, or None."""
    first, last = served(placement)
    span = (max(first, month), min(last, month_end(month)))
    return span if span[0] <= span[1] else None


def is_serving(placement: Placement, today: datetime.date) -> bool:
    """备案 and started, or ended: the placements that have months to record."""
    return placement.status == PLACEMENT_ENDED or (placement.status == PLACEMENT_FILED
                                                   and placement.start_date <= today)


def recordable(placement: Placement, today: datetime.date) -> list[datetime.date]:
    """The months of the placement that have ended by `today`, oldest first."""
    if not is_serving(placement, today):
        return []
    first, last = served(placement)
    return [m for m in months(first, last) if month_end(m) < today]


@dataclass
class Month:
    """One month of a placement as its pages show it."""

    month: datetime.date
    served_from: datetime.date
    served_to: datetime.date
    working_days: int  # the month's
    served_days: int  # working days of the month within the placement
    record: MonthRecord | None
    line: ClaimLine | None  # the standing claim line for it, if any

    @property
    def locked(self) -> bool:
        return self.line is not None

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"


def standing_lines(placement_ids, kind: str = LINE_MONTH):
    """The claim lines not returned, of these placements, of a kind."""
    return ClaimLine.select().where(ClaimLine.placement.in_(placement_ids) & (ClaimLine.kind == kind)
                                    & (ClaimLine.state != LINE_RETURNED))


def of_placement(placement: Placement, today: datetime.date) -> list[Month]:
    """Every month of the placement that has ended, with its record and claim line, newest first."""
    records = {r.month: r for r in MonthRecord.select().where(MonthRecord.placement == placement.id)}
    lines = {line.month: line for line in standing_lines([placement.id])}
    shown = []
    for month in recordable(placement, today):
        span = served_in(placement, month)
        shown.append(Month(month, span[0], span[1], workdays.count(month, month_end(month)),
                           workdays.count(*span), records.get(month), lines.get(month)))
    return shown[::-1]


def month_of(placement: Placement, key: str, today: datetime.date) -> Month:
    """One month by its key (2026-09), among those that can be recorded."""
    for month in of_placement(placement, today):
        if month.key == key:
            return month
    raise NotFound("这个月份还不能登记：只能登记见习期内已经结束的月份")


def units_with_placements_serving(today: datetime.date):
    """The ids of units with a placement that may have months to record (a subquery)."""
    return (Placement.select(Placement.employer).distinct()
            .where(Placement.status.in_((PLACEMENT_FILED, PLACEMENT_ENDED)) & (Placement.start_date < today)))


def due(unit: Employer, today: datetime.date) -> list[tuple[Placement, datetime.date]]:
    """The months still to record of the unit's placements, oldest first (for the unit's home)."""
    placements = list(Placement.select(Placement, User).join(User, on=Placement.user == User.id)
                      .where((Placement.employer == unit.id)
                             & Placement.status.in_((PLACEMENT_FILED, PLACEMENT_ENDED))
                             & (Placement.start_date < today)))
    if not placements:
        return []
    done = {(r.placement_id, r.month) for r in MonthRecord.select(MonthRecord.placement, MonthRecord.month)
            .where(MonthRecord.placement.in_([p.id for p in placements]))}
    missing = [(p, m) for p in placements for m in recordable(p, today) if (p.id, m) not in done]
    return sorted(missing, key=lambda pair: (pair[1], pair[0].id))


def parse(month: Month, raw, today: datetime.date) -> dict:
    """The form's values, checked: days attended within the month's working days served, the
    amount paid in 元, the date paid (not before the month, not after today)."""
    errors: dict[str, str] = {}
    days_text = str(raw.get("days_attended") or "").strip()
    days = int(days_text) if days_text.isdigit() else None
    if days is None:
        errors["days_attended"] = "请填写出勤天数（整数）"
    elif days > month.served_days:
        errors["days_attended"] = (f"出勤天数不能超过本月见习期内的工作日数 {month.served_days} 天"
                                   f"（{month.served_from:%m月%d日}至{month.served_to:%m月%d日}）")
    paid_fen, problem = money.parse_yuan(str(raw.get("paid") or ""), "实发基本生活补助")
    if problem:
        errors["paid"] = problem
    paid_on = None
    try:
        paid_on = datetime.date.fromisoformat(str(raw.get("paid_on") or "").strip())
    except ValueError:
        errors["paid_on"] = "请按“年-月-日”填写发放日期"
    if paid_on and paid_on < month.month:
        errors["paid_on"] = f"发放日期不能早于{month.month:%Y年%m月}"
    elif paid_on and paid_on > today:
        errors["paid_on"] = "发放日期不能晚于今天"
    if errors:
        raise FieldProblems(errors)
    return {"days_attended": days, "paid_fen": paid_fen, "paid_on": paid_on}


def _not_claimed(placement_id: int, month: datetime.date):
    return ~fn.EXISTS(ClaimLine.select(ClaimLine.id).where(
        (ClaimLine.placement == placement_id) & (ClaimLine.kind == LINE_MONTH) & (ClaimLine.month == month)
        & (ClaimLine.state != LINE_RETURNED)))


def save(actor, placement: Placement, month: Month, values: dict, proof: Attachment | None,
         now: datetime.datetime) -> MonthRecord:
    """Record the month, or correct its record while no claim line for it stands (one conditional
    UPDATE: a claim submitted a moment before wins, and the correction is refused)."""
    detail = (f"{month.month:%Y年%m月}：出勤 {values['days_attended']}/{month.served_days} 天，实发生活补助 "
              f"{money.yuan(values['paid_fen'])} 元（{values['paid_on']:%Y-%m-%d}发放）")
    try:
        with writing():
            query = MonthRecord.select().where((MonthRecord.placement == placement.id)
                                               & (MonthRecord.month == month.month))
            # On PostgreSQL the row is held first, so a claim reading it at the same moment
            # (services.claims) either sees this correction or makes it wait and be refused.
            existing = (query.for_update() if is_postgres() else query).first()
            if existing is None:
                row = MonthRecord.create(placement=placement.id, month=month.month, proof=proof, recorded_at=now,
                                         recorded_by=actor, updated_at=now, **values)
                audit.record(actor, "month_record", "placement", placement.id, now, detail)
                return row
            kept = proof.id if proof is not None else existing.proof_id
            changed = (MonthRecord.update(proof=kept, updated_at=now, recorded_by=actor, **values)
                       .where((MonthRecord.id == existing.id) & _not_claimed(placement.id, month.month)).execute())
            if not changed:
                raise Conflict(f"{month.month:%Y年%m月}已申请补贴，记录不能再修改；如需更正，请联系经办机构退回该月。")
            audit.record(actor, "month_record_change", "placement", placement.id, now, detail)
    except IntegrityError:  # two first saves at once: the second is told, nothing lost from the form
        raise Conflict("这个月份刚刚已由同事登记，请刷新后核对") from None
    return MonthRecord.get_by_id(existing.id)


def with_state(placement_ids) -> dict[tuple[int, datetime.date], ClaimLine]:
    """The standing month lines of these placements by (placement, month), for trainees' pages."""
    return {(line.placement_id, line.month): line for line in standing_lines(placement_ids)}

