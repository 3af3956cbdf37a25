"""统计 for an office's jurisdiction over a period: applications by 审核状态, by month, by 人员类别
and by 业务办理属地, the approval rate, and (as of today) positions and favorites. Every figure is
counted within services.access's scope; applications count by the day they were submitted.

The figures are read from the counts the database keeps (models.tallies, services.tallies), not
counted from the rows: a period's whole months from the month counts, its partial first and last
months from the day counts, so a city's page reads a few hundred counts whatever the rows.
"""
import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import fn

from ..models import (
    APPLICATION_APPROVED,
    APPLICATION_REJECTED,
    APPLICATION_STATUSES,
    ApplicationDayCount,
    ApplicationMonthCount,
    FavoriteCount,
    OpenPositionDayCount,
    OpenPositionMonthCount,
)
from ..reference import regions
from ..reference.codes import CATEGORIES
from . import access

DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
DEFAULT_MONTHS = 12
MAX_MONTHS = 36  # the month chart stays readable; a longer view is a few of these


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @property
    def months(self) -> list[str]:
        """Every month the period touches, oldest first ('2026-01', …)."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return found


def default_period(today: datetime.date) -> Period:
    """The last 12 months up to today: from the first day of the month eleven months back."""
    months_back = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
    return Period(datetime.date(months_back // 12, months_back % 12 + 1, 1), today)


def parse_period(raw: Mapping[str, str], today: datetime.date) -> tuple[Period, dict[str, str]]:
    """从 (start) and 到 (end) as typed: (the period, {}) or (the default period, {field: message}).
    A date left empty is the default's."""
    default, errors = default_period(today), {}
    start = _date(raw.get("start"), default.start, "start", "从", errors)
    end = _date(raw.get("end"), default.end, "end", "到", errors)
    if not errors and start > end:
        errors["end"] = "“到”的日期不能早于“从”的日期"
    elif not errors and len(Period(start, end).months) > MAX_MONTHS:
        errors["start"] = f"统计时间最长{MAX_MONTHS}个月，请缩短时间范围"
    return (default, errors) if errors else (Period(start, end), {})


def _date(value, default: datetime.date, name: str, label: str, errors: dict) -> datetime.date:
    text = str(value or "").strip()
    if not text:
        return default
    match = DATE.match(text)
    try:
        if not match or not 2000 <= int(match.group(1)) <= 2099:
            raise ValueError
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        errors[name] = f"“{label}”应为日期，如 {default.isoformat()}"
        return default


@dataclass(frozen=True)
class Split:
    """One group's applications (a 人员类别 or an office) by 审核状态."""

    label: str
    counts: dict[str, int]  # status code → applications
    code: str = ""  # the office's jurisdiction code, for an office's row

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def approval_rate(self) -> float | None:
        return _rate(self.counts)


@dataclass(frozen=True)
class Figures:
    period: Period
    by_status: list[tuple[str, int]]  # (审核状态, count), every status
    by_month: list[tuple[str, int]]  # (YYYY-MM, count), every month of the period, oldest first
    by_category: list[Split]  # every 人员类别
    by_office: list[Split]  # every office the user views (for an admin: those with applications)
    office_bars: list[tuple[str, int]]  # by_office as short labels for a chart; empty when not drawn
    open_positions: int
    openings: int
    favorites: int
    approval_rate: float | None  # 审核通过 among decided applications, None before any decision


def _rate(counts: dict[str, int]) -> float | None:
    decided = counts.get(APPLICATION_APPROVED, 0) + counts.get(APPLICATION_REJECTED, 0)
    return counts.get(APPLICATION_APPROVED, 0) / decided if decided else None


def last_months(today: datetime.date, count: int = 12) -> list[str]:
    return default_period(today).months[-count:]


def figures(user, today: datetime.date, period: Period | None = None) -> Figures:
    period = period or default_period(today)
    counted = _application_counts(user, period)
    cells, per_month = {}, {}
    for office, month, category, status, count in counted:
        cells[office, category, status] = cells.get((office, category, status), 0) + count
        per_month[month] = per_month.get(month, 0) + count
    cells = [(*key, count) for key, count in cells.items()]
    statuses = _sum(cells)
    open_positions, openings = _open_positions(user, today)
    offices = _offices(user, cells)
    return Figures(
        period=period,
        by_status=[(label, statuses.get(code, 0)) for code, label in APPLICATION_STATUSES.items()],
        by_month=[(month, per_month.get(month, 0)) for month in period.months],
        by_category=[Split(label, _sum(cells, category=code)) for code, label in CATEGORIES.items()],
        by_office=offices,
        office_bars=_office_bars(user, offices),
        open_positions=open_positions,
        openings=openings,
        favorites=int(FavoriteCount.select(fn.COALESCE(fn.SUM(FavoriteCount.favorites), 0))
                      .where(access.scope(user, FavoriteCount.region)).scalar() or 0),
        approval_rate=_rate(statuses),
    )


def _month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    """A month's ('2026-03') first and last days."""
    year, number = int(month[:4]), int(month[5:])
    first = datetime.date(year, number, 1)
    following = datetime.date(year + number // 12, number % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _application_counts(user, period: Period) -> list[tuple[str, str, str, str, int]]:
    """(office, month, category, status, applications) submitted in the period: whole months from
    the month counts, the days of a month the period covers only in part from the day counts."""
    whole, found = [], []
    for month in period.months:
        first, last = _month_bounds(month)
        if period.start <= first and last <= period.end:
            whole.append(month)
            continue
        counts = ApplicationDayCount
        found += [
            (office, month, category, status, int(count)) for office, category, status, count in
            counts.select(counts.region, counts.category, counts.status, fn.SUM(counts.count))
            .where(access.scope(user, counts.region) & counts.day.between(max(first, period.start), min(last, period.end)))
            .group_by(counts.region, counts.category, counts.status).having(fn.SUM(counts.count) != 0).tuples()
        ]
    if whole:
        counts = ApplicationMonthCount
        found += [
            (office, month, category, status, int(count)) for office, month, category, status, count in
            counts.select(counts.region, counts.month, counts.category, counts.status, counts.count)
            .where(access.scope(user, counts.region) & counts.month.in_(whole) & (counts.count != 0)).tuples()
        ]
    return found


def _open_positions(user, today: datetime.date) -> tuple[int, int]:
    """(positions, 招收人数) 招募中 today: not closed, 有效期至 today or later; this month's from the
    day counts, later months' from the month counts."""
    _, month_end = _month_bounds(f"{today:%Y-%m}")
    days, months = OpenPositionDayCount, OpenPositionMonthCount
    this_month = (days.select(fn.COALESCE(fn.SUM(days.positions), 0), fn.COALESCE(fn.SUM(days.openings), 0))
                  .where(access.scope(user, days.region) & days.deadline.between(today, month_end)).tuples().first())
    later = (months.select(fn.COALESCE(fn.SUM(months.positions), 0), fn.COALESCE(fn.SUM(months.openings), 0))
             .where(access.scope(user, months.region) & (months.month > f"{today:%Y-%m}")).tuples().first())
    return int(this_month[0]) + int(later[0]), int(this_month[1]) + int(later[1])


def _sum(cells, office: str | None = None, category: str | None = None) -> dict[str, int]:
    """Applications by status among the (office, category, status) cells, of one office or category."""
    counts: dict[str, int] = {}
    for cell_office, cell_category, status, count in cells:
        if office in (None, cell_office) and category in (None, cell_category):
            counts[status] = counts.get(status, 0) + count
    return counts


def _offices(user, cells) -> list[Split]:
    """An office viewing several (a city's 市本级 and counties) gets a row each, none left out; an
    admin those that had applications. A county office has only itself, so no split."""
    codes = access.viewable_codes(user)
    if codes is None:
        codes = sorted({office for office, _, _, _ in cells})
    if len(codes) < 2:
        return []
    return [Split(regions.name_of(code), _sum(cells, office=code), code) for code in codes]


def _office_bars(user, offices: list[Split]) -> list[tuple[str, int]]:
    """A city office's split as bars, each labelled as short as its city makes clear ('小店区', '市本级')."""
    office = access.own_office(user)
    if not offices or office is None or not regions.is_city(office):
        return []
    short = dict(regions.jurisdictions(office))
    return [(short.get(split.code, split.label), split.total) for split in offices]
