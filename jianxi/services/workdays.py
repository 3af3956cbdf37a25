"""Working days: Monday to Friday, except the days the State Council's yearly 节假日安排 turns into
holidays, plus the weekend days it turns into working days (调休上班). The arrangement is data
(`calendar_day`), kept by operators (services.calendar_days) and shipped for the years published.

A month's working days divide the subsidy of a part month; the 公示 window is counted in them."""
import datetime

from ..models import DAY_HOLIDAY, DAY_WORKDAY, CalendarDay

ONE_DAY = datetime.timedelta(days=1)


def _exceptions(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    rows = CalendarDay.select(CalendarDay.day, CalendarDay.kind).where(CalendarDay.day.between(first, last))
    return {row.day: row.kind for row in rows}


def _working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == DAY_HOLIDAY:
        return False
    if kind == DAY_WORKDAY:
        return True
    return day.weekday() < 5


def count(first: datetime.date, last: datetime.date) -> int:
    """The working days from `first` to `last`, both included (0 when last < first)."""
    if last < first:
        return 0
    exceptions = _exceptions(first, last)
    days = (last - first).days + 1
    return sum(_working(first + datetime.timedelta(days=n), exceptions) for n in range(days))


def is_working_day(day: datetime.date) -> bool:
    return _working(day, _exceptions(day, day))


def after(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (n ≥ 1): a window of n working days that starts the next
    working day ends on it."""
    # n working days never span more than n weeks plus the longest holiday (9 days in 2026's 春节).
    horizon = day + datetime.timedelta(days=7 * n + 31)
    exceptions = _exceptions(day + ONE_DAY, horizon)
    found, current = 0, day
    while found < n:
        current += ONE_DAY
        if _working(current, exceptions):
            found += 1
    return current


def known_years() -> set[int]:
    """The years whose 节假日安排 is in the table: a window counted in another year skips weekends
    only, and the pages that count one say so."""
    rows = CalendarDay.select(CalendarDay.day)
    return {row.day.year for row in rows}
