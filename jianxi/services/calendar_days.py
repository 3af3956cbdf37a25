"""The operators' side of the working-day calendar (services.workdays reads it): the days of the
State Council's yearly 节假日安排 that are not what their weekday says, kept as data.

The arrangements published when this was written ship in reference/data/holidays.csv: published
facts, not demo data, so init-db loads them into an empty year (see the README). Each later year
is entered by operators once its notice is out (in November or December of the year before),
on the admin page, with `calendar set` or `calendar load FILE.csv`.
"""
import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from peewee import IntegrityError

from ..db import db, writing
from ..models import DAY_HOLIDAY, DAY_KINDS, DAY_WORKDAY, CalendarDay
from . import audit, clock, rule_tables, workdays
from .errors import Conflict, NotFound, ServiceError

SHIPPED = Path(__file__).resolve().parent.parent / "reference" / "data" / "holidays.csv"
NAME_MAX, SOURCE_MAX = 20, 300
FIRST_YEAR, LAST_YEAR = 2000, 2099  # a year outside is a typo (0226, 20266), not a plan
WEEKDAYS = "一二三四五六日"
LABELS = {"kind": "类型", "name": "节日", "source": "来源"}
# Both the stored words and what the page shows are accepted, so a CSV may say either.
KIND_WORDS = {DAY_HOLIDAY: DAY_HOLIDAY, DAY_WORKDAY: DAY_WORKDAY} | {label: kind for kind, label in DAY_KINDS.items()}


@dataclass(frozen=True)
class Entry:
    """One day as an operator gives it: the arguments of `record`, checked and typed."""

    day: datetime.date
    kind: str
    name: str
    source: str


def weekday_name(day: datetime.date) -> str:
    return "星期" + WEEKDAYS[day.weekday()]


def parse(raw: Mapping[str, str]) -> tuple[Entry | None, dict[str, str]]:
    """What an operator typed (the page's form, a command's arguments, a CSV row: day, kind, name,
    source) as (Entry, {}), or (None, {field: message})."""
    errors: dict[str, str] = {}
    day = rule_tables.date(raw.get("day"), "day", "日期应为日期，如 2026-10-01", errors)
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["day"] = f"日期应在{FIRST_YEAR}年到{LAST_YEAR}年之间，请核对年份"
    kind = KIND_WORDS.get(str(raw.get("kind") or "").strip().lower())
    if kind is None:
        errors["kind"] = "请选择类型：放假（holiday）或调休上班（workday）"
    elif day is not None and "day" not in errors and (problem := _kind_problem(day, kind)):
        errors["kind"] = problem
    name = rule_tables.words(raw.get("name"))
    if not name:
        errors["name"] = "请填写节日名称，如 春节（调休上班的日子填它所属的节日）"
    elif len(name) > NAME_MAX:
        errors["name"] = f"节日名称不能超过{NAME_MAX}个字"
    source = rule_tables.words(raw.get("source"))
    if not source:
        errors["source"] = "请填写来源：国务院办公厅节假日安排通知的名称和日期"
    elif len(source) > SOURCE_MAX:
        errors["source"] = f"来源不能超过{SOURCE_MAX}个字"
    if errors:
        return None, errors
    return Entry(day, kind, name, source), {}


def _kind_problem(day: datetime.date, kind: str) -> str | None:
    """A 调休上班 on a weekday changes nothing: it is a mistyped date, so it is refused. A holiday on
    a weekend is harmless and lets a whole holiday be listed as the notice gives it."""
    if kind == DAY_WORKDAY and day.weekday() < 5:
        return f"{day.isoformat()} 是{weekday_name(day)}，本来就是工作日；调休上班只用于星期六、星期日"
    return None


def record(user, day: datetime.date, kind: str, name: str, source: str,
           now: datetime.datetime) -> tuple[CalendarDay, bool]:
    """Add the day, or change the one there is: (row, created). Its audit row (before → after for
    a change) is written in the same transaction."""
    if kind not in DAY_KINDS:
        raise ServiceError("类型应为放假或调休上班", field="kind")
    if problem := _kind_problem(day, kind):
        raise ServiceError(problem, field="kind")
    if not name or len(name) > NAME_MAX:
        raise ServiceError(f"请填写节日名称（最多{NAME_MAX}个字）", field="name")
    if not source or len(source) > SOURCE_MAX:
        raise ServiceError(f"请填写来源（最多{SOURCE_MAX}个字）：通知的名称和日期", field="source")
    values = {"kind": kind, "name": name, "source": source}
    try:
        with writing():
            row = CalendarDay.get_or_none(CalendarDay.day == day)
            if row is None:
                row = CalendarDay.create(day=day, updated_at=now, updated_by=user, **values)
                audit.record(user, "create", "calendar_day", row.id, now, summary(row))
                return row, True
            changes = audit.changes(_shown(row.kind, row.name, row.source), _shown(kind, name, source), LABELS)
            CalendarDay.update(updated_at=now, updated_by=user, **values).where(CalendarDay.id == row.id).execute()
            audit.record(user, "update", "calendar_day", row.id, now, f"{_place(row.day)}：{changes or '未变化'}")
    except IntegrityError:
        # Two operators adding the same day at once: the second is told, not failed.
        raise Conflict("这一天刚刚已由他人保存，请刷新后核对", field="day") from None
    return CalendarDay.get_by_id(row.id), False


def find(day_id: int) -> CalendarDay | None:
    return CalendarDay.get_or_none(CalendarDay.id == day_id)


def get(day_id: int) -> CalendarDay:
    row = find(day_id)
    if row is None:
        raise NotFound("没有这一天的安排")
    return row


def remove(user, day_id: int, now: datetime.datetime) -> CalendarDay:
    """Delete a day entered by mistake: it is what its weekday says again. A claim already computed
    keeps the working days it was computed with (claim_line.working_days)."""
    row = get(day_id)
    with writing():
        if not CalendarDay.delete().where(CalendarDay.id == day_id).execute():
            raise NotFound("没有这一天的安排")
        audit.record(user, "delete", "calendar_day", day_id, now, summary(row))
    return row


def of_year(year: int):
    """The year's days, in order (a query, not yet run)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return CalendarDay.select().where(CalendarDay.day.between(first, last)).order_by(CalendarDay.day)


def working_days_by_month(year: int) -> list[tuple[int, int]]:
    """(month, working days) for each month of the year, as the subsidy of a part month counts them."""
    found = []
    for month in range(1, 13):
        days = calendar.monthrange(year, month)[1]
        found.append((month, workdays.count(datetime.date(year, month, 1), datetime.date(year, month, days))))
    return found


def _shown(kind: str, name: str, source: str) -> dict:
    return {"kind": DAY_KINDS.get(kind, kind), "name": name, "source": source}


def _place(day: datetime.date) -> str:
    return f"{day.isoformat()}（{weekday_name(day)}）"


def summary(row: CalendarDay) -> str:
    return f"{_place(row.day)} {DAY_KINDS[row.kind]} {row.name} {row.source}".strip()


def read(path: Path) -> list[Entry]:
    """Every row of a calendar CSV (day,kind,name,source), checked by `parse`."""
    return rule_tables.read(path, parse)


def load(path: Path = SHIPPED, now: datetime.datetime | None = None, new_years_only: bool = False) -> int:
    """Add the days of a CSV file (the shipped one by default) that the table lacks; returns how
    many were added. A day already in the table is left as it is (on conflict: ignore): from then
    on it is the operators'. With `new_years_only` (init-db) only years the table has no day of
    are added, so a year an operator has started keeping is never filled in behind their back. A
    file with any bad row adds nothing."""
    now = now or clock.now()
    entries = read(path)
    with db.atomic():
        if new_years_only:
            known = workdays.known_years()
            entries = [e for e in entries if e.day.year not in known]
        before = CalendarDay.select().count()
        rows = [{"day": e.day, "kind": e.kind, "name": e.name, "source": e.source, "updated_at": now}
                for e in entries]
        for start in range(0, len(rows), 200):
            CalendarDay.insert_many(rows[start:start + 200]).on_conflict_ignore().execute()
        return CalendarDay.select().count() - before
