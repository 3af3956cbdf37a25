"""补贴申请: a unit claims for a period (a quarter by default), the lines computed when it submits
(services.subsidy_calc); the office of the placements' 备案 approves the claim or returns some of
its lines with a reason. A returned line frees its month, to be corrected and claimed again.

Nothing is paid twice: a second standing line for the same placement and month (or a second
insurance refund) is refused by the database's partial unique indexes, whatever the timing; a
claim that meets one is not made at all, and the unit is told."""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from peewee import IntegrityError, fn

from ..db import is_postgres, writing
from ..models import (
    CLAIM_DECIDED,
    CLAIM_SUBMITTED,
    LINE_APPROVED,
    LINE_CLAIMED,
    LINE_RETURNED,
    Claim,
    ClaimLine,
    Employer,
    MonthRecord,
    Placement,
    User,
)
from . import access, audit, money, month_records, notice_texts, notices, subsidy_calc
from .errors import Conflict, FieldProblems, NotFound

REASON_MAX = 200


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    key: str  # 2026Q3

    @property
    def label(self) -> str:
        return f"{self.first.year}年第{(self.first.month + 2) // 3}季度（{self.first:%m}月—{self.last:%m}月）"


def quarter(key: str) -> Period | None:
    """'2026Q3' → 2026-07-01 to 2026-09-30; None for anything else."""
    if len(key) != 6 or key[4] != "Q" or not key[:4].isdigit() or key[5] not in "1234":
        return None
    year, number = int(key[:4]), int(key[5])
    if not 2000 <= year <= 2100:
        return None
    first = datetime.date(year, 3 * number - 2, 1)
    last = month_records.month_end(datetime.date(year, 3 * number, 1))
    return Period(first, last, key)


def quarters(today: datetime.date, count: int = 8) -> list[Period]:
    """The current quarter and the ones before it, newest first; the default is the last ended one."""
    year, number = today.year, (today.month + 2) // 3
    found = []
    for _ in range(count):
        found.append(quarter(f"{year}Q{number}"))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return found


def default_quarter(today: datetime.date) -> Period:
    return quarters(today, 2)[1]


def _lock_records(placement_ids) -> None:
    """On PostgreSQL, hold the records a claim reads until it commits, so that a correction made
    at the same moment (services.month_records.save locks them too) waits and is then refused.
    SQLite's writing() already takes the one write lock before the first read."""
    if is_postgres() and placement_ids:
        list(MonthRecord.select(MonthRecord.id).where(MonthRecord.placement.in_(placement_ids)).for_update())


def submit(actor, unit: Employer, period: Period, today: datetime.date, now: datetime.datetime) -> list[Claim]:
    """The claim for the period, its lines computed afresh in the transaction; one claim per office
    where the unit's placements were 备案 (almost always one)."""
    try:
        with writing():
            ids = [p.id for p in Placement.select(Placement.id).where(Placement.employer == unit.id)]
            _lock_records(ids)
            computed = subsidy_calc.compute(unit, period.first, period.last, today)
            if not computed.lines:
                raise Conflict("这个期间没有可以申请的补贴：请先登记已结束月份的出勤和生活补助发放，或查看下面不能申请的原因。")
            by_office = defaultdict(list)
            for line in computed.lines:
                by_office[line.placement.region_id].append(line)
            made = []
            for office, lines in sorted(by_office.items()):
                claim = Claim.create(employer=unit.id, region=office, period_from=period.first, period_to=period.last,
                                     status=CLAIM_SUBMITTED, submitted_at=now, submitted_by=actor)
                ClaimLine.insert_many([dict(line.columns(), claim=claim.id) for line in lines]).execute()
                total = sum(line.amount_fen for line in lines)
                audit.record(actor, "claim_submit", "claim", claim.id, now,
                             f"{period.label}，{len(lines)} 项，合计 {money.yuan(total)} 元")
                notices.send(notices.office_users(office), notice_texts.claim_submitted(claim.id, unit.name), now)
                made.append(claim)
    except IntegrityError:
        raise Conflict("其中有月份刚刚已经申请过（可能是重复提交），本次未提交；请查看补贴申请列表。") from None
    return made


def computed(unit: Employer, period: Period, today: datetime.date) -> subsidy_calc.Computed:
    """What a claim for the period would hold now (the page before submitting)."""
    return subsidy_calc.compute(unit, period.first, period.last, today)


def of_unit(unit: Employer):
    return Claim.select().where(Claim.employer == unit.id).order_by(Claim.submitted_at.desc(), Claim.id.desc())


def unit_claim(unit: Employer, claim_id: int) -> Claim:
    found = Claim.get_or_none((Claim.id == claim_id) & (Claim.employer == unit.id))
    if found is None:
        raise NotFound("没有这份补贴申请")
    return found


def lines(claim: Claim) -> list[ClaimLine]:
    return list(ClaimLine.select(ClaimLine, Placement, User)
                .join(Placement).join(User, on=Placement.user == User.id)
                .where(ClaimLine.claim == claim.id)
                .order_by(User.real_name, Placement.id, ClaimLine.kind.desc(), ClaimLine.month))


@dataclass(frozen=True)
class Totals:
    claimed_fen: int
    approved_fen: int
    returned_fen: int
    count: int


def totals(claim_lines: list[ClaimLine]) -> Totals:
    approved = sum(line.amount_fen for line in claim_lines if line.state not in (LINE_CLAIMED, LINE_RETURNED))
    returned = sum(line.amount_fen for line in claim_lines if line.state == LINE_RETURNED)
    return Totals(sum(line.amount_fen for line in claim_lines), approved, returned, len(claim_lines))


def totals_of(claim_list) -> list[tuple[Claim, Totals]]:
    """Each claim with its totals, from one query grouped by claim and state (a list page's rows)."""
    ids = [claim.id for claim in claim_list]
    by_claim: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    if ids:
        grouped = (ClaimLine.select(ClaimLine.claim, ClaimLine.state, fn.SUM(ClaimLine.amount_fen),
                                    fn.COUNT(ClaimLine.id))
                   .where(ClaimLine.claim.in_(ids)).group_by(ClaimLine.claim, ClaimLine.state).tuples())
        for claim_id, state, amount, count in grouped:
            by_claim[claim_id][state] = (int(amount or 0), count)
    found = []
    for claim in claim_list:
        states = by_claim.get(claim.id, {})
        amount = {state: fen for state, (fen, _) in states.items()}
        found.append((claim, Totals(sum(amount.values()),
                                    sum(fen for state, fen in amount.items()
                                        if state not in (LINE_CLAIMED, LINE_RETURNED)),
                                    amount.get(LINE_RETURNED, 0), sum(count for _, count in states.values()))))
    return found


def for_office(user, status: str | None = None):
    """The claims the office may view, waiting ones first (without their units: `with_unit`)."""
    query = Claim.select().where(access.scope(user, Claim.region))
    if status in (CLAIM_SUBMITTED, CLAIM_DECIDED):
        query = query.where(Claim.status == status)
    return query.order_by(Claim.status.desc(), Claim.submitted_at, Claim.id)


def with_unit(query):
    """Each claim with its unit (every claim has one)."""
    return query.select(Claim, Employer).join(Employer)


def office_claim(user, claim_id: int) -> Claim:
    return access.load(user, Claim.select(Claim, Employer).join(Employer), claim_id)


def decide(actor, claim: Claim, returns: dict[int, str], now: datetime.datetime) -> Claim:
    """Approve the claim's lines except those returned (line id → reason), once, by the office of
    the claim's jurisdiction."""
    if not access.can_change(actor, claim.region_id):
        raise Conflict("只有受理这份申请的经办机构可以审核。")
    own = {line.id for line in ClaimLine.select(ClaimLine.id).where(ClaimLine.claim == claim.id)}
    errors = {}
    for line_id, reason in returns.items():
        if line_id not in own:
            errors["lines"] = "退回的项目不属于这份申请，请刷新后重试"
        elif not reason.strip():
            errors[f"reason-{line_id}"] = "请填写退回原因"
        elif len(reason.strip()) > REASON_MAX:
            errors[f"reason-{line_id}"] = f"退回原因不能超过{REASON_MAX}个字"
    if errors:
        raise FieldProblems(errors)
    with writing():
        changed = (Claim.update(status=CLAIM_DECIDED, decided_at=now, decided_by=actor)
                   .where((Claim.id == claim.id) & (Claim.status == CLAIM_SUBMITTED)).execute())
        if not changed:
            raise Conflict("这份申请已经审核过了，未做更改。")
        for line_id, reason in returns.items():
            ClaimLine.update(state=LINE_RETURNED, reason=reason.strip(), decided_at=now).where(
                (ClaimLine.id == line_id) & (ClaimLine.state == LINE_CLAIMED)).execute()
        approved = (ClaimLine.update(state=LINE_APPROVED, decided_at=now)
                    .where((ClaimLine.claim == claim.id) & (ClaimLine.state == LINE_CLAIMED)).execute())
        audit.record(actor, "claim_decide", "claim", claim.id, now,
                     f"通过 {approved} 项" + (f"，退回 {len(returns)} 项" if returns else ""))
        notices.send(notices.unit_users(claim.employer_id), notice_texts.claim_returned(claim.id, len(returns))
                     if returns else notice_texts.claim_approved(claim.id), now)
    return Claim.get_by_id(claim.id)


def of_placement(placement: Placement) -> list[ClaimLine]:
    """The placement's claim lines with their claims (for the trainee's and the office's pages)."""
    return list(ClaimLine.select(ClaimLine, Claim).join(Claim)
                .where(ClaimLine.placement == placement.id).order_by(ClaimLine.kind, ClaimLine.month, ClaimLine.id))
