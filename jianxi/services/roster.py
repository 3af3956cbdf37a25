"""花名册: the office's roster of placements, 待备案, 已备案 and 在岗, by unit and month, as a page and
as a spreadsheet. Every row comes through services.access.placements, so the page, the .xlsx and the
.csv show the same people, and only to the office staff who may view their jurisdiction.

The trainee's own facts (gender, ID number, education, school, major, mobile) are those of their
approved application: at most one per person (the partial unique index of one active application),
the one that made them a 就业见习人员.
"""
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from peewee import JOIN, Case, fn

from ..db import in_chunks
from ..models import (
    APPLICATION_APPROVED,
    ON_THE_JOB,
    PLACEMENT_FILED,
    PLACEMENT_STATUSES,
    PLACEMENT_SUBMITTED,
    Application,
    Employer,
    Insurance,
    Placement,
    Position,
    User,
)
from ..reference.codes import APPLICANT_EDUCATION
from ..reference.ids import parse_id
from . import access, audit, lists
from .exports import as_text, cell
from .money import plain_yuan

WAITING, FILED, WORKING = "submitted", "filed", "working"
STATES = {WAITING: PLACEMENT_STATUSES[PLACEMENT_SUBMITTED], FILED: PLACEMENT_STATUSES[PLACEMENT_FILED], WORKING: ON_THE_JOB}
# The placements a roster holds: 退回修改 and 待签协议 are still the unit's, not yet the office's.
ON_ROSTER = (PLACEMENT_SUBMITTED, PLACEMENT_FILED)
MONTH = re.compile(r"^20\d{2}-(0[1-9]|1[0-2])$")
MONTHS_OFFERED = 120

BAD_STATE = "状态无效"
BAD_MONTH = "月份无效，请按“2026-12”这样的年月选择"
BAD_UNIT = "没有找到所选的见习单位（只能选择辖区内有见习人员的单位）"


@dataclass(frozen=True)
class RosterFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("state", "month", "unit")
    state: str = ""
    month: str = ""
    unit: int | None = None
    # What was asked and could not be used, said plainly (a download refuses rather than drop it).
    problems: tuple[str, ...] = field(default=(), compare=False)


def parse_filters(user, args) -> RosterFilters:
    """Roster filters from the query string; the page shows the whole roster in place of anything
    unusable, with a notice saying so, and a download refuses it (`problems`)."""
    read = lists.Reader(args)
    problems = []

    def drop(problem: str, instead: str) -> None:
        problems.append(problem)
        read.note(f"{problem}，{instead}。")

    state = read.raw("state")
    if state and state not in STATES:
        drop(BAD_STATE, "已显示全部状态")
        state = ""
    month = read.raw("month")
    if month and not MONTH.match(month):
        drop(BAD_MONTH, "已显示全部月份")
        month = ""
    unit = parse_id(read.raw("unit"))
    if read.raw("unit") and (unit is None or not units_query(user).where(Employer.id == unit).exists()):
        drop(BAD_UNIT, "已显示全部单位")
        unit = None
    return read.filters(RosterFilters, state, month, unit, problems=tuple(problems))


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    """'2026-12' → (2026-12-01, 2026-12-31)."""
    first = datetime.date(int(month[:4]), int(month[5:]), 1)
    following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _state_condition(state: str, today: datetime.date):
    # A 备案 placement past its end date stays 在岗 until endings exist (issue 23 adds 期满 and 中途退出).
    return {
        WAITING: Placement.status == PLACEMENT_SUBMITTED,
        FILED: (Placement.status == PLACEMENT_FILED) & (Placement.start_date > today),
        WORKING: (Placement.status == PLACEMENT_FILED) & (Placement.start_date <= today),
    }[state]


def _roster(user):
    return access.placements(user).where(Placement.status.in_(ON_ROSTER))


def filtered(user, filters: RosterFilters, today: datetime.date, by_state: bool = True):
    """The roster's placements (no joins), narrowed by the filters (the state only when `by_state`)."""
    query = _roster(user)
    if by_state and filters.state:
        query = query.where(_state_condition(filters.state, today))
    if filters.month:
        # The people on the roster that month: their period (both ends included) meets the month.
        first, last = month_bounds(filters.month)
        query = query.where((Placement.start_date <= last) & (Placement.end_date >= first))
    if filters.unit:
        query = query.where(Placement.employer == filters.unit)
    return query


def _with_people(query):
    """Each placement with its trainee, position, unit, approved application and insurance."""
    return (
        query.select(Placement, User, Position, Employer, Application, Insurance)
        .join(User, on=(Placement.user == User.id)).switch(Placement)
        .join(Position, on=(Placement.position == Position.id)).switch(Placement)
        .join(Employer, on=(Placement.employer == Employer.id)).switch(Placement)
        .join(Application, JOIN.LEFT_OUTER, attr="application",
              on=(Application.user == Placement.user) & (Application.status == APPLICATION_APPROVED)).switch(Placement)
        .join(Insurance, JOIN.LEFT_OUTER, attr="policy", on=(Insurance.placement == Placement.id))
    )


ORDER = (Placement.start_date, Placement.id)


@dataclass(frozen=True)
class Roster(lists.ListPage):
    # How many of each state the other filters find: {WAITING: 3, FILED: 1, WORKING: 12}.
    counts: dict = field(default_factory=dict)


def page(user, filters: RosterFilters, today: datetime.date) -> Roster:
    """One page of 20, earliest start first, with the count of each state."""
    filters, items, total = lists.page_of(filtered(user, filters, today), filters, *ORDER, joined=_with_people)
    return Roster(filters, items, total, counts(user, filters, today))


def counts(user, filters: RosterFilters, today: datetime.date) -> dict[str, int]:
    sums = [fn.COALESCE(fn.SUM(Case(None, ((_state_condition(state, today), 1),), 0)), 0) for state in STATES]
    row = filtered(user, filters, today, by_state=False).select(*sums).tuples().first()
    return dict(zip(STATES, (int(n) for n in row)))


def units_query(user):
    """The units with a placement on the user's roster."""
    return Employer.select().where(Employer.id.in_(_roster(user).select(Placement.employer)))


def units(user) -> list:
    """Each unit as a named (id, name) pair, the filter's choices as they are: a city's are thousands,
    and a whole row made into a model for each would cost more than the rest of the page."""
    return list(units_query(user).select(Employer.id, Employer.name).order_by(Employer.name, Employer.id)
                .namedtuples())


def months(user, selected: str = "") -> list[str]:
    """The months the roster spans ('2027-02', …, newest first, at most ten years), and `selected`."""
    start, end = _roster(user).select(fn.MIN(Placement.start_date), fn.MAX(Placement.end_date)).tuples().first()
    found = []
    if start and end:
        start, end = Placement.start_date.python_value(start), Placement.end_date.python_value(end)
        year, month = end.year, end.month
        while (year, month) >= (start.year, start.month) and len(found) < MONTHS_OFFERED:
            found.append(f"{year}-{month:02d}")
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if selected and selected not in found:
        found = sorted([*found, selected], reverse=True)
    return found


# The spreadsheet: (header, column width in characters). Long numbers are kept as text.
COLUMNS = (
    ("序号", 6), ("姓名", 10), ("性别", 6), ("身份证号", 21), ("学历", 11), ("毕业院校", 22), ("专业", 18),
    ("联系电话", 14), ("见习单位", 30), ("统一社会信用代码", 21), ("见习岗位", 18), ("见习开始日期", 13),
    ("见习结束日期", 13), ("见习期限（月）", 14), ("基本生活补助（元/月）", 20), ("带教老师", 10), ("保险公司", 22),
    ("保单号", 22), ("状态", 8), ("备案日期", 12),
)
HEADER = tuple(label for label, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
LONG_NUMBERS = tuple(HEADER.index(label) for label in ("身份证号", "联系电话", "统一社会信用代码", "保单号"))
PLAIN_CODE = re.compile(r"^[0-9A-Za-z]+$")


def rows(user, filters: RosterFilters, today: datetime.date) -> Iterator[tuple]:
    """Every placement of the roster (all pages) in page order, as spreadsheet rows: 序号 and the
    months as integers, the rest text, what people typed never starting like a formula."""
    query = _with_people(filtered(user, filters, today)).order_by(*ORDER)
    for number, p in enumerate(in_chunks(query), 1):
        yield _row(number, p, today)


def _row(number: int, p: Placement, today: datetime.date) -> tuple:
    person, policy = p.application, p.policy  # None when the join found none
    filed_on = p.decided_at.date().isoformat() if p.status == PLACEMENT_FILED and p.decided_at else ""
    return (
        number,
        cell(person.name if person else p.user.real_name),
        person.gender if person else "",
        cell(person.id_number if person else (p.user.id_number or "")),
        APPLICANT_EDUCATION.get(person.education, "") if person else "",
        cell(person.school if person else ""),
        cell(person.major if person else ""),
        cell(person.mobile if person else p.user.mobile),
        cell(p.employer.name),
        cell(p.employer.credit_code or ""),
        cell(p.position.title),
        p.start_date.isoformat(),
        p.end_date.isoformat(),
        p.months,
        plain_yuan(p.allowance_fen),
        cell(p.mentor_name),
        cell(policy.insurer if policy else ""),
        cell(policy.policy_number if policy else ""),
        p.state(today),
        filed_on,
    )


def for_csv(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Rows for a CSV file: a long number Excel would round (ID, mobile, codes) as ="…", when it is
    plain digits and letters (anything else stays neutralised text)."""
    for row in rows:
        yield tuple(as_text(value) if i in LONG_NUMBERS and PLAIN_CODE.match(value) else value
                    for i, value in enumerate(row))


def file_name(user, filters: RosterFilters, today: datetime.date, extension: str) -> tuple[str, str]:
    """('花名册_太原市小店区_2026-12.xlsx', 'roster-140105-2026-12.xlsx'): the office and the month
    asked for (else today's date); the second for clients that take ASCII names only."""
    office = access.own_office(user)
    when = filters.month or today.isoformat()
    return (f"花名册_{''.join(access.office_name(user).split())}_{when}.{extension}",
            f"roster-{office or 'all'}-{when}.{extension}")


def record_export(user, filters: RosterFilters, extension: str, now: datetime.datetime) -> None:
    """Personal data leaving the system is written down, with the format and the filters."""
    audit.record(user, "export", "roster", 0, now, f"{extension} {filters.query_args()}")
