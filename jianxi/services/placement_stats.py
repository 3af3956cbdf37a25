"""见习人员与补贴: the figures an office reports of its jurisdiction (on 统计) and a unit of itself (on
单位网厅's home), counted as of `today` over every placement and claim line so far.

Trainees, among placements 已备案 or 已结束:
- 已上岗 (started): its start date has come (Placement.state's 在岗, or ended since);
- 在岗: 已备案 and its start date has come;
- 期满, 中途退出, 提前留用: ended so;
- 留用: kept on (every 提前留用, and 期满 then recorded as 留用);
- 留用率: 留用 ÷ (提前留用 + 期满), the placements that reached an end where keeping was possible
  (a 期满 whose 留用 is not yet recorded counts as not kept); '—' before any.

Subsidy, from the claims' lines (integer 分):
- 人月: lines of a trainee-month (a part month served is one line too); 剩余期限补贴 and the
  insurance refund are money, not person-months;
- 申报 (claimed): every line not returned; 通过 (approved): approved or paid; 已拨付 (paid): paid.
  A line held by an objection (异议暂缓) is claimed, not approved.

Every query is one GROUP BY over the rows the one access policy (services.access) lets the user see.
An office's figures (for_office) are read from the counts the database keeps (models.tallies):
whether a trainee has started depends on the day, so the counts hold every placement 已备案 or
已结束 and the few whose start date is still ahead are read from the placements and taken off.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, Case, fn

from ..models import (
    BATCH_STATUSES,
    ENDING_COMPLETED,
    ENDING_HIRED,
    ENDING_LEFT,
    LINE_APPROVED,
    LINE_MONTH,
    LINE_PAID,
    LINE_RETURNED,
    PLACEMENT_ENDED,
    PLACEMENT_FILED,
    Batch,
    Claim,
    ClaimLine,
    ClaimLineCount,
    Employer,
    Placement,
    PlacementRegionCount,
    PlacementUnitCount,
)
from ..reference import regions
from . import access

UNITS_SHOWN = 20  # a county's units, most trainees first; the rest are named by their number
BATCHES_SHOWN = 20  # the newest batches


def percent(part: int, whole: int) -> str:
    """2 of 3 → '66.7%', one decimal rounded half up, in Decimal; '—' when `whole` is 0."""
    if not whole:
        return "—"
    return f"{(Decimal(part * 100) / Decimal(whole)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class Trainees:
    """One group's trainees (a jurisdiction's, a city's, a unit's): see the module's words."""

    label: str
    started: int = 0
    on_the_job: int = 0
    completed: int = 0
    left: int = 0
    hired: int = 0
    retained: int = 0
    unrecorded: int = 0  # 期满 whose 留用 the unit has not recorded yet
    code: str = ""

    @property
    def retention(self) -> str:
        return percent(self.retained, self.hired + self.completed)

    @property
    def bars(self) -> list[tuple[str, int]]:
        return [("已上岗", self.started), ("在岗", self.on_the_job), ("期满", self.completed),
                ("提前留用", self.hired), ("中途退出", self.left), ("留用", self.retained)]


COUNTS = ("started", "on_the_job", "completed", "left", "hired", "retained", "unrecorded")


def _total(label: str, rows: list[Trainees], code: str = "") -> Trainees:
    """The sum of a few groups' figures (already counted by the database)."""
    return Trainees(label, *(sum(getattr(row, name) for row in rows) for name in COUNTS), code=code)


@dataclass(frozen=True)
class Money:
    """Person-months and amounts (分) claimed, approved and paid."""

    months_claimed: int = 0
    months_approved: int = 0
    months_paid: int = 0
    claimed_fen: int = 0
    approved_fen: int = 0
    paid_fen: int = 0

    @property
    def empty(self) -> bool:
        """No line claimed yet (or every one returned)."""
        return self == Money()


@dataclass(frozen=True)
class BatchRow:
    title: str  # 2026年第3批
    office: str
    status: str  # 公示中 / 已拨付
    units: int  # units with an approved line in it
    months: int  # person-months approved in it
    approved_fen: int
    paid_fen: int


@dataclass(frozen=True)
class OfficeFigures:
    today: datetime.date
    trainees: Trainees  # the whole jurisdiction
    by_city: list[Trainees]  # an admin's, every city
    by_office: list[Trainees]  # a city office's offices, every one; an admin's, those with trainees
    office_bars: list[tuple[str, int]]  # 已上岗 by office (a city office) or by city (an admin), short labels
    by_unit: list[Trainees]  # an office's units, most started first, at most UNITS_SHOWN
    units: int  # units with a placement 已备案 or 已结束
    money: Money
    batches: list[BatchRow]  # newest first, at most BATCHES_SHOWN
    batch_count: int


@dataclass(frozen=True)
class UnitFigures:
    today: datetime.date
    trainees: Trainees
    money: Money


def _count(condition):
    return fn.COALESCE(fn.SUM(Case(None, ((condition, 1),), 0)), 0)


def _amount(condition):
    return fn.COALESCE(fn.SUM(Case(None, ((condition, ClaimLine.amount_fen),), 0)), 0)


def _trainee_sums(today: datetime.date) -> list:
    """The COUNTS as sums over placements already narrowed to FILED_OR_ENDED, in COUNTS' order."""
    begun = Placement.start_date <= today
    completed = Placement.ending == ENDING_COMPLETED
    return [
        _count(begun),
        _count((Placement.status == PLACEMENT_FILED) & begun),
        _count(completed),
        _count(Placement.ending == ENDING_LEFT),
        _count(Placement.ending == ENDING_HIRED),
        _count(Placement.retained == True),  # noqa: E712
        _count(completed & Placement.retained.is_null()),
    ]


FILED_OR_ENDED = Placement.status.in_((PLACEMENT_FILED, PLACEMENT_ENDED))


def _money(where) -> Money:
    month = ClaimLine.kind == LINE_MONTH
    standing = ClaimLine.state != LINE_RETURNED
    approved = ClaimLine.state.in_((LINE_APPROVED, LINE_PAID))
    paid = ClaimLine.state == LINE_PAID
    # claim_line's claim_id and claim's (region, status) and employer_id are indexed.
    row = (ClaimLine.select(_count(month & standing), _count(month & approved), _count(month & paid),
                            _amount(standing), _amount(approved), _amount(paid))
           .join(Claim).where(where).tuples().first())
    return Money(*(int(n) for n in row))


def of_unit(unit: Employer, today: datetime.date) -> UnitFigures:
    """The unit's own figures (`unit` as services.units.own_unit found it for the account)."""
    # placement (employer_id, status) is indexed.
    row = (Placement.select(*_trainee_sums(today)).where((Placement.employer == unit.id) & FILED_OR_ENDED)
           .tuples().first())
    return UnitFigures(today, Trainees(unit.name, *(int(n) for n in row)), _money(Claim.employer == unit.id))


def for_office(user, today: datetime.date) -> OfficeFigures:
    """What an office sees of its jurisdiction (a county's, a city's with its counties, all for an admin)."""
    ahead = _not_started(user, today)
    counts = PlacementRegionCount
    cells = {
        row.region: _trainees(regions.name_of(row.region), row, ahead.get(row.region, (0, 0)), code=row.region)
        for row in counts.select().where(access.scope(user, counts.region) & (counts.placements != 0))
    }
    codes = access.viewable_codes(user)
    by_office = [cells.get(code, Trainees(regions.name_of(code), code=code)) for code in codes] if codes \
        else sorted(cells.values(), key=lambda row: row.code)
    by_city = _cities(by_office) if codes is None else []
    units = PlacementUnitCount
    return OfficeFigures(
        today=today,
        trainees=_total(access.office_name(user), list(cells.values())),
        by_city=by_city,
        by_office=by_office if len(by_office) > 1 or codes is None else [],
        office_bars=_office_bars(user, by_office, by_city),
        by_unit=_units(user, today) if access.own_office(user) else [],
        units=units.select(fn.COUNT(fn.DISTINCT(units.employer)))
        .where(access.scope(user, units.region) & (units.placements != 0)).scalar() or 0,
        money=_office_money(user),
        batches=_batches(user),
        batch_count=Batch.select().where(access.scope(user, Batch.region)).count(),
    )


def _not_started(user, today: datetime.date, by=Placement.region) -> dict:
    """{region (or `by`): (placements, of them 已备案)} 已备案 or 已结束 whose start date is after today."""
    # placement (region, status, start_date) is indexed: only those ahead are read.
    rows = (Placement.select(by, fn.COUNT(Placement.id), _count(Placement.status == PLACEMENT_FILED))
            .where(access.scope(user, Placement.region) & FILED_OR_ENDED & (Placement.start_date > today))
            .group_by(by).tuples())
    return {key: (int(placements), int(filed)) for key, placements, filed in rows}


def _trainees(label: str, counts, ahead: tuple[int, int], code: str = "") -> Trainees:
    """A group's figures from its kept counts, less the placements not started yet (`ahead`)."""
    not_started, filed_not_started = ahead
    return Trainees(label, started=counts.placements - not_started, on_the_job=counts.filed - filed_not_started,
                    completed=counts.completed, left=counts.left_early, hired=counts.hired,
                    retained=counts.retained, unrecorded=counts.unrecorded, code=code)


def _office_money(user) -> Money:
    """Money from the kept counts of claim lines (see Money's words)."""
    found = {"months": [0, 0, 0], "fen": [0, 0, 0]}
    counts = ClaimLineCount
    for kind, state, lines, amount in (counts.select(counts.kind, counts.state, fn.SUM(counts.lines),
                                                     fn.SUM(counts.amount_fen))
                                       .where(access.scope(user, counts.region))
                                       .group_by(counts.kind, counts.state).tuples()):
        for i, counted in enumerate((state != LINE_RETURNED, state in (LINE_APPROVED, LINE_PAID), state == LINE_PAID)):
            if counted:
                found["fen"][i] += int(amount)
                found["months"][i] += int(lines) if kind == LINE_MONTH else 0
    return Money(*found["months"], *found["fen"])


def _cities(offices: list[Trainees]) -> list[Trainees]:
    """Every city, its offices' figures added up."""
    return [_total(city.name, [row for row in offices if regions.city_of(row.code) == city.code], city.code)
            for city in regions.cities()]


def _office_bars(user, offices: list[Trainees], cities: list[Trainees]) -> list[tuple[str, int]]:
    """已上岗 by office for a city office (labelled '市本级', '小店区'), by city for an admin."""
    office = access.own_office(user)
    if office is None:
        return [(row.label, row.started) for row in cities]
    if not regions.is_city(office):
        return []
    short = dict(regions.jurisdictions(office))
    return [(short.get(row.code, row.label), row.started) for row in offices]


def _units(user, today: datetime.date) -> list[Trainees]:
    """The UNITS_SHOWN units with most trainees started, then by name. Read from the units' kept
    counts: those that could be among them (every one with at least as many placements as the
    last one shown could have), their not yet started placements taken off, then ordered."""
    ahead = _not_started(user, today, by=Placement.employer)
    counts = PlacementUnitCount
    summed = [fn.SUM(getattr(counts, name)) for name in ("placements", "filed", "completed", "left_early", "hired",
                                                          "retained", "unrecorded")]
    grouped = (counts.select(counts.employer, *summed).where(access.scope(user, counts.region))
               .group_by(counts.employer).having(summed[0] != 0))
    # Placements ahead take at most len(ahead) units out of the first UNITS_SHOWN; ties at the last
    # place come along, since their names decide the order.
    boundary = (counts.select(summed[0]).where(access.scope(user, counts.region)).group_by(counts.employer)
                .having(summed[0] != 0).order_by(summed[0].desc()).offset(UNITS_SHOWN + len(ahead) - 1).limit(1)
                .scalar())
    if boundary is not None:
        grouped = grouped.having((summed[0] != 0) & (summed[0] >= boundary))
    rows = list(grouped.tuples())
    names = dict(Employer.select(Employer.id, Employer.name).where(Employer.id.in_([row[0] for row in rows])).tuples())
    found = []
    for employer, *sums in rows:
        kept = _TraineeRow(*(int(n) for n in sums))
        found.append((employer, _trainees(names.get(employer, ""), kept, ahead.get(employer, (0, 0)))))
    found.sort(key=lambda pair: (-pair[1].started, pair[1].label, pair[0]))
    return [row for _, row in found[:UNITS_SHOWN]]


@dataclass(frozen=True)
class _TraineeRow:
    """A unit's kept counts added up over the places it has trainees in."""

    placements: int
    filed: int
    completed: int
    left_early: int
    hired: int
    retained: int
    unrecorded: int


def _batches(user) -> list[BatchRow]:
    shown = [batch_id for (batch_id,) in Batch.select(Batch.id).where(access.scope(user, Batch.region))
             .order_by(Batch.year.desc(), Batch.number.desc(), Batch.region).limit(BATCHES_SHOWN).tuples()]
    month = ClaimLine.kind == LINE_MONTH
    approved = ClaimLine.state.in_((LINE_APPROVED, LINE_PAID))
    # batch (region, year, number) is unique, so indexed; claim's batch_id and claim_line's claim_id too.
    rows = (Batch.select(Batch, fn.COUNT(fn.DISTINCT(Case(None, ((approved, Claim.employer),)))).alias("units"),
                         _count(month & approved).alias("months"), _amount(approved).alias("approved_fen"),
                         _amount(ClaimLine.state == LINE_PAID).alias("paid_fen"))
            .join(Claim, JOIN.LEFT_OUTER).join(ClaimLine, JOIN.LEFT_OUTER)
            .where(Batch.id.in_(shown)).group_by(Batch)  # only the batches shown have their lines added up
            .order_by(Batch.year.desc(), Batch.number.desc(), Batch.region))
    return [BatchRow(batch.title, regions.name_of(batch.region_id), BATCH_STATUSES.get(batch.status, batch.status),
                     int(batch.units), int(batch.months), int(batch.approved_fen), int(batch.paid_fen))
            for batch in rows]
