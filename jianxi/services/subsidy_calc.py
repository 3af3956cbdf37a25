"""The subsidy calculator: every line of a unit's claim for a period, computed from its monthly
records and the rules in force, each with the sentence that shows how it was reached; and the
lines that cannot be claimed, each with the reason.

- 见习补贴, per month served: minimum wage × share × (working days served ÷ the month's working
  days); a whole month is served/working = 1. The minimum wage is the one in force where the unit
  is (as for the agreement) on the first day served that month; the rule the one in force for the
  office on that day. Claimable when the month is recorded, attended, and the 生活补助 paid is not
  below the minimum wage for the days served.
- 剩余期限补贴 (when the rule pays it), for an early hire: the same formula over the days from the
  labour contract to the agreement's end date, claimed with the period holding the contract's date.
- 意外伤害保险费补贴, once per placement: the premium, at most the rule's cap.
- A higher share when the unit's 留用率 reaches the rule's threshold (if the rule has one).

Amounts are Decimal, rounded half up to 分 once, at the end of each line.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peewee import fn

from ..models import (
    ENDING_COMPLETED,
    ENDING_HIRED,
    LINE_INSURANCE,
    LINE_MONTH,
    LINE_REMAINING,
    LINE_RETURNED,
    PLACEMENT_ENDED,
    ClaimLine,
    Employer,
    Insurance,
    MonthRecord,
    Placement,
    SubsidyRule,
    User,
)
from ..reference import regions
from . import money, month_records, placement_stats, subsidy_rules, wages, workdays


@dataclass
class Line:
    """A figure that can be claimed, with what it was computed from."""

    placement: Placement
    kind: str
    month: datetime.date | None
    amount_fen: int
    basis: str
    wage_fen: int | None = None
    share_percent: int | None = None
    served_days: int | None = None
    working_days: int | None = None
    premium_fen: int | None = None
    cap_fen: int | None = None

    def columns(self) -> dict:
        return {"placement": self.placement.id, "kind": self.kind, "month": self.month, "amount_fen": self.amount_fen,
                "basis": self.basis, "wage_fen": self.wage_fen, "share_percent": self.share_percent,
                "served_days": self.served_days, "working_days": self.working_days,
                "premium_fen": self.premium_fen, "cap_fen": self.cap_fen}


@dataclass
class Refused:
    """A figure that cannot be claimed, and why."""

    placement: Placement
    kind: str
    month: datetime.date | None
    reason: str


@dataclass(frozen=True)
class Retention:
    """The unit's 留用率: kept on (提前留用, or 留用 after 期满) over placements that reached an end
    where keeping was possible (提前留用 and 期满)."""

    kept: int
    ended: int

    def percent(self) -> Decimal | None:
        return None if not self.ended else Decimal(self.kept * 100) / self.ended

    def words(self) -> str:
        """'1/1=100.0%', rounded as the 统计 page rounds it (services.placement_stats)."""
        return "暂无" if not self.ended else f"{self.kept}/{self.ended}={placement_stats.percent(self.kept, self.ended)}"


def retention(unit: Employer) -> Retention:
    ended = (Placement.select(fn.COUNT(Placement.id)).where(
        (Placement.employer == unit.id) & (Placement.status == PLACEMENT_ENDED)
        & Placement.ending.in_((ENDING_HIRED, ENDING_COMPLETED))).scalar())
    kept = (Placement.select(fn.COUNT(Placement.id)).where(
        (Placement.employer == unit.id) & (Placement.status == PLACEMENT_ENDED)
        & Placement.ending.in_((ENDING_HIRED, ENDING_COMPLETED)) & (Placement.retained == True)).scalar())  # noqa: E712
    return Retention(kept or 0, ended or 0)


def share(rule: SubsidyRule, kept: Retention) -> tuple[int, str]:
    """The share paid, and its words when the retention rule raised it."""
    rate = kept.percent()
    if rule.retention_rate_percent and rate is not None and rate >= rule.retention_rate_percent:
        return rule.retention_share_percent, (f"（本单位留用率 {kept.words()}，达到 {rule.retention_rate_percent}%，"
                                              f"按 {rule.retention_share_percent}% 计）")
    return rule.share_percent, ""


def fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _wage_and_rule(placement: Placement, on: datetime.date):
    """(wage, rule, None) or (None, None, why not)."""
    unit_region = placement.employer.region_id
    wage = wages.in_force(unit_region, on)
    if wage is None:
        return None, None, f"没有{regions.name_of(unit_region)}在{on:%Y-%m-%d}执行的月最低工资标准，无法计算"
    rule = subsidy_rules.in_force(placement.region_id, on)
    if rule is None:
        return None, None, f"没有{on:%Y-%m-%d}执行的见习补贴标准，无法计算，请联系经办机构"
    return wage, rule, None


def _served_line(placement: Placement, kind: str, month: datetime.date, span, kept: Retention) -> Line | Refused:
    wage, rule, problem = _wage_and_rule(placement, span[0])
    if problem:
        return Refused(placement, kind, month, problem)
    working = workdays.count(month, month_records.month_end(month))
    days = workdays.count(*span)
    if working == 0 or days == 0:
        return Refused(placement, kind, month, "这段时间没有工作日")
    percent, raised = share(rule, kept)
    amount = fen(Decimal(wage.monthly_fen) * percent * days / (100 * working))
    part = "整月" if days == working else f"{span[0]:%m月%d日}至{span[1]:%m月%d日} {days}/{working} 个工作日"
    basis = (f"月最低工资标准 {money.yuan(wage.monthly_fen)} 元 × {percent}% × {part}"
             f"{'' if days == working else f'（{days}÷{working}）'} = {money.yuan(amount)} 元{raised}")
    return Line(placement, kind, month, amount, basis, wage_fen=wage.monthly_fen, share_percent=percent,
                served_days=days, working_days=working)


def month_line(placement: Placement, month: datetime.date, record: MonthRecord | None,
               kept: Retention) -> Line | Refused:
    """见习补贴 for one month served, from its record."""
    span = month_records.served_in(placement, month)
    if span is None:
        return Refused(placement, LINE_MONTH, month, "这个月不在见习期内")
    if record is None:
        return Refused(placement, LINE_MONTH, month, "还没有登记本月的出勤和生活补助发放")
    if record.days_attended == 0:
        return Refused(placement, LINE_MONTH, month, "本月出勤 0 天")
    line = _served_line(placement, LINE_MONTH, month, span, kept)
    if isinstance(line, Refused):
        return line
    # The allowance must not be below the minimum wage, for the days served in a part month.
    floor = fen(Decimal(line.wage_fen) * line.served_days / line.working_days)
    if record.paid_fen < floor:
        return Refused(placement, LINE_MONTH, month,
                       f"实发生活补助 {money.yuan(record.paid_fen)} 元低于最低工资标准 {money.yuan(floor)} 元"
                       f"（{money.yuan(line.wage_fen)} 元 × {line.served_days}/{line.working_days}），不能申请补贴")
    return line


def remaining_lines(placement: Placement, kept: Retention) -> list[Line | Refused]:
    """剩余期限补贴 of an early hire: from the contract's date to the agreement's end date."""
    if placement.ending != ENDING_HIRED or not placement.contract_on:
        return []
    rule = subsidy_rules.in_force(placement.region_id, placement.contract_on)
    if rule is None or not rule.pays_remaining:
        return []
    found = []
    for month in month_records.months(placement.contract_on, placement.end_date):
        span = (max(placement.contract_on, month), min(placement.end_date, month_records.month_end(month)))
        found.append(_served_line(placement, LINE_REMAINING, month, span, kept))
    return found


def insurance_line(placement: Placement, policy: Insurance | None) -> Line | Refused | None:
    if policy is None:
        return None
    rule = subsidy_rules.in_force(placement.region_id, placement.start_date)
    if rule is None:
        return Refused(placement, LINE_INSURANCE, None, f"没有{placement.start_date:%Y-%m-%d}执行的见习补贴标准，无法计算")
    amount = min(policy.premium_fen, rule.insurance_cap_fen)
    if policy.premium_fen <= rule.insurance_cap_fen:
        basis = f"保费 {money.yuan(policy.premium_fen)} 元，未超过上限 {money.yuan(rule.insurance_cap_fen)} 元，按保费计"
    else:
        basis = f"保费 {money.yuan(policy.premium_fen)} 元，超过上限 {money.yuan(rule.insurance_cap_fen)} 元，按上限计"
    return Line(placement, LINE_INSURANCE, None, amount, f"{basis} = {money.yuan(amount)} 元",
                premium_fen=policy.premium_fen, cap_fen=rule.insurance_cap_fen)


@dataclass
class Computed:
    lines: list[Line]
    refused: list[Refused]
    claimed: list[ClaimLine]  # already claimed in the period: shown, not claimed again

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


def compute(unit: Employer, period_from: datetime.date, period_to: datetime.date, today: datetime.date,
            records: dict | None = None) -> Computed:
    """Every figure of the unit's placements for the months of the period that have ended."""
    placements = list(Placement.select(Placement, User, Employer)
                      .join(User, on=Placement.user == User.id).switch(Placement)
                      .join(Employer, on=Placement.employer == Employer.id)
                      .where((Placement.employer == unit.id) & (Placement.start_date <= period_to))
                      .order_by(Placement.start_date, Placement.id))
    placements = [p for p in placements if month_records.is_serving(p, today)]
    ids = [p.id for p in placements]
    if records is None:
        records = {(r.placement_id, r.month): r for r in MonthRecord.select().where(MonthRecord.placement.in_(ids))}
    standing = {(line.placement_id, line.kind, line.month): line for line in
                ClaimLine.select().where(ClaimLine.placement.in_(ids) & (ClaimLine.state != LINE_RETURNED))}
    policies = {policy.placement_id: policy for policy in Insurance.select().where(Insurance.placement.in_(ids))}
    kept = retention(unit)
    result = Computed([], [], [])

    def add(found):
        if found is None:
            return
        key = (found.placement.id, found.kind, found.month)
        if key in standing:
            result.claimed.append(standing[key])
        elif isinstance(found, Refused):
            result.refused.append(found)
        else:
            result.lines.append(found)

    for placement in placements:
        for month in month_records.recordable(placement, today):
            if period_from <= month <= period_to:
                add(month_line(placement, month, records.get((placement.id, month)), kept))
        if placement.contract_on and period_from <= placement.contract_on <= period_to:
            for found in remaining_lines(placement, kept):
                add(found)
        if placement.start_date <= period_to:
            add(insurance_line(placement, policies.get(placement.id)))
    return result
