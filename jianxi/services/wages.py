"""月最低工资标准 as data: the figure in force for a county on a date, kept by operators.

A row is for a county, or for a city (its 市本级 and every county of it without a row of its own),
in force from its `effective_from` until the next row of the same region. Checks that need "the
minimum wage in force" (the 见习协议's 基本生活补助, the subsidy's 60 %) call `in_force`.

The shipped figures (reference/data/minimum_wages.csv) are demo figures until an operator enters
the published ones: see the README's section on minimum wages.
"""
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from peewee import IntegrityError

from ..db import db, writing
from ..models import MinimumWage
from ..reference import regions
from . import audit, clock, money, rule_tables
from .errors import Conflict, NotFound, ServiceError

SHIPPED = Path(__file__).resolve().parent.parent / "reference" / "data" / "minimum_wages.csv"
TIER_MAX, SOURCE_MAX = 10, 300
LABELS = {"yuan": "月最低工资标准（元）", "tier": "档次", "source": "来源", "demo": "演示数据"}


@dataclass(frozen=True)
class Entry:
    """One figure as an operator gives it: the arguments of `record`, checked and typed."""

    region_code: str
    effective_from: datetime.date
    monthly_fen: int
    tier: str
    source: str
    demo: bool


@dataclass
class RegionRow:
    """A line of the operators' table: a city (its 市本级 and counties without rows) or a county."""

    code: str
    name: str
    is_city: bool
    current: MinimumWage | None  # in force today: the region's own row, or (a county) its city's
    inherited: bool  # `current` is the city's row
    upcoming: list[MinimumWage]  # the region's own rows not yet in force, soonest first

    @property
    def next(self) -> MinimumWage | None:
        return self.upcoming[0] if self.upcoming else None


def any_rows() -> bool:
    return MinimumWage.select().exists()


def in_force(region_code: str, on: datetime.date) -> MinimumWage | None:
    """The figure in force on `on` for a county (or a city's 市本级): the region's own latest row
    from on or before that day; failing that, its city's; None when neither has one."""
    own = _latest(region_code, on)
    if own is not None:
        return own
    city = regions.city_of(region_code)
    if city is None or city == region_code:
        return None
    return _latest(city, on)


def _latest(region_code: str, on: datetime.date) -> MinimumWage | None:
    return (MinimumWage.select()
            .where((MinimumWage.region == region_code) & (MinimumWage.effective_from <= on))
            .order_by(MinimumWage.effective_from.desc())
            .first())


def parse(raw: Mapping[str, str]) -> tuple[Entry | None, dict[str, str]]:
    """What an operator typed (the page's form, a command's arguments, a CSV row: region,
    effective_from, yuan, tier, source, demo) as (Entry, {}), or (None, {field: message})."""
    errors: dict[str, str] = {}
    region = str(raw.get("region") or "").strip()
    if not region:
        errors["region"] = "请选择地区"
    elif not _is_shanxi_region(region):
        errors["region"] = "地区应为山西省的市或县（市、区）代码，如 140100 或 140105"
    effective_from = rule_tables.date(raw.get("effective_from"), "effective_from", "执行日期应为日期，如 2025-10-01",
                                      errors)
    fen = _amount(raw.get("yuan"), errors)
    tier = rule_tables.words(raw.get("tier"))
    if len(tier) > TIER_MAX:
        errors["tier"] = f"档次不能超过{TIER_MAX}个字，如“一类”"
    source = rule_tables.words(raw.get("source"))
    demo = rule_tables.flag(raw.get("demo"), "demo", "演示数据应填 true 或 false", errors)
    if len(source) > SOURCE_MAX:
        errors["source"] = f"来源不能超过{SOURCE_MAX}个字"
    elif not source and demo is False:
        errors["source"] = "请填写来源：发布文件的名称、文号和日期（演示数据可不填）"
    if errors:
        return None, errors
    return Entry(region, effective_from, fen, tier, source, demo), {}


def _is_shanxi_region(code: str) -> bool:
    return regions.city_of(code) is not None


def _amount(text, errors: dict[str, str]) -> int | None:
    """元 as typed, to 分: money.parse_yuan reads it (Decimal, at most two decimals); a minimum wage
    must also be more than nothing."""
    fen, problem = money.parse_yuan(str(text or ""), "月最低工资标准")
    if problem is None and fen == 0:
        problem = "月最低工资标准应大于0元"
    if problem:
        errors["yuan"] = problem
    return fen


def record(user, region_code: str, effective_from: datetime.date, monthly_fen: int, tier: str, source: str,
           demo: bool, now: datetime.datetime) -> tuple[MinimumWage, bool]:
    """Add the figure for (region, effective_from), or change the one there is: (row, created).
    Its audit row (before → after for a change) is written in the same transaction."""
    if not _is_shanxi_region(region_code):
        raise ServiceError("地区应为山西省的市或县（市、区）代码", field="region")
    if not isinstance(monthly_fen, int) or monthly_fen <= 0:
        raise ServiceError("月最低工资标准应大于0元", field="yuan")
    if len(tier) > TIER_MAX:
        raise ServiceError(f"档次不能超过{TIER_MAX}个字", field="tier")
    if len(source) > SOURCE_MAX or (not source and not demo):
        raise ServiceError(f"请填写来源（最多{SOURCE_MAX}个字）：发布文件的名称、文号和日期", field="source")
    values = {"monthly_fen": monthly_fen, "tier": tier, "source": source, "demo": demo}
    try:
        with writing():
            row = MinimumWage.get_or_none(
                (MinimumWage.region == region_code) & (MinimumWage.effective_from == effective_from))
            if row is None:
                row = MinimumWage.create(region=region_code, effective_from=effective_from, updated_at=now,
                                         updated_by=user, **values)
                audit.record(user, "create", "minimum_wage", row.id, now, _summary(row))
                return row, True
            changes = audit.changes(_shown(row.monthly_fen, row.tier, row.source, row.demo),
                                    _shown(monthly_fen, tier, source, demo), LABELS)
            MinimumWage.update(updated_at=now, updated_by=user, **values).where(MinimumWage.id == row.id).execute()
            audit.record(user, "update", "minimum_wage", row.id, now, f"{_place(row)}：{changes or '未变化'}")
    except IntegrityError:
        # Two operators adding the same region and date at once: the second is told, not failed.
        raise Conflict("同一地区同一执行日期的标准刚刚已由他人保存，请刷新后核对", field="effective_from") from None
    return MinimumWage.get_by_id(row.id), False


def get(wage_id: int) -> MinimumWage:
    row = find(wage_id)
    if row is None:
        raise NotFound("没有这条最低工资标准")
    return row


def find(wage_id: int) -> MinimumWage | None:
    return MinimumWage.get_or_none(MinimumWage.id == wage_id)


def remove(user, wage_id: int, today: datetime.date, now: datetime.datetime) -> MinimumWage:
    """Delete a figure not yet in force (a mistaken entry); one in force or past is history that
    checks were made against, and is corrected with `record` instead."""
    row = get(wage_id)
    with writing():
        deleted = MinimumWage.delete().where(
            (MinimumWage.id == wage_id) & (MinimumWage.effective_from > today)).execute()
        if not deleted:
            raise Conflict("已经开始执行的标准不能删除，可以修改它的金额或来源")
        audit.record(user, "delete", "minimum_wage", wage_id, now, _summary(row))
    return row


def _shown(fen: int, tier: str, source: str, demo: bool) -> dict:
    """A figure as its audit row shows it: the amount in 元, as operators typed it."""
    return {"yuan": money.yuan(fen), "tier": tier, "source": source, "demo": "是" if demo else "否"}


def _place(row: MinimumWage) -> str:
    return f"{regions.name_of(row.region_id)} 自{row.effective_from.isoformat()}起"


def _summary(row: MinimumWage) -> str:
    demo = "（演示数据）" if row.demo else ""
    return f"{_place(row)} {money.yuan(row.monthly_fen)}元 {row.tier}{demo} {row.source}".strip()


def load(path: Path = SHIPPED, now: datetime.datetime | None = None) -> int:
    """Add the figures of a CSV file (the shipped one by default) that the table lacks; returns
    how many were added. A (region, effective_from) already in the table is left as it is
    (on conflict: ignore): from then on the row is the operators', who may have corrected it on
    the page or with `set`, and init-db loads the shipped file again at every upgrade, which must
    never undo that. A file with any bad row adds nothing."""
    now = now or clock.now()
    entries = read(path)
    with db.atomic():
        before = MinimumWage.select().count()
        rows = [{"region": e.region_code, "effective_from": e.effective_from, "monthly_fen": e.monthly_fen,
                 "tier": e.tier, "source": e.source, "demo": e.demo, "updated_at": now} for e in entries]
        for start in range(0, len(rows), 200):
            MinimumWage.insert_many(rows[start:start + 200]).on_conflict_ignore().execute()
        return MinimumWage.select().count() - before


def read(path: Path) -> list[Entry]:
    """Every row of a minimum-wage CSV, checked by `parse`; UnreadableFile names each bad line."""
    return rule_tables.read(path, parse)


def table(city: str | None = None, today: datetime.date | None = None) -> list[RegionRow]:
    """The operators' table: each city (or only `city`), then its counties, with the figure in
    force today (a county's own, else its city's) and those still to come."""
    today = today or clock.today()
    cities = [c for c in regions.cities() if city in (None, "", c.code)]
    codes = [j.code for c in cities for j in regions.jurisdictions(c.code)]
    by_region: dict[str, list[MinimumWage]] = {}
    for row in MinimumWage.select().where(MinimumWage.region.in_(codes)).order_by(MinimumWage.effective_from):
        by_region.setdefault(row.region_id, []).append(row)
    found = []
    for c in cities:
        city_current = _current(by_region.get(c.code, []), today)
        for j in regions.jurisdictions(c.code):
            own = by_region.get(j.code, [])
            current = _current(own, today)
            is_city = j.code == c.code
            found.append(RegionRow(
                code=j.code, name=c.name if is_city else j.name, is_city=is_city,
                current=current or (None if is_city else city_current),
                inherited=current is None and not is_city and city_current is not None,
                upcoming=[row for row in own if row.effective_from > today],
            ))
    return found


def _current(rows: list[MinimumWage], today: datetime.date) -> MinimumWage | None:
    started = [row for row in rows if row.effective_from <= today]
    return started[-1] if started else None
