"""见习补贴's rules as data: the one in force for a place on a date, kept by operators.

A rule is for the whole province (models.PROVINCE), a city (its 市本级 and every county without a
row of its own) or a county, in force from its `effective_from` until the next row of the same
place; the most local one in force wins, as with the minimum wages (services.wages). Operators
keep them (the admin page, `subsidy-rules set|load|list`) with an audit row for each change."""
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from peewee import IntegrityError

from ..db import db, writing
from ..models import PROVINCE, SubsidyRule
from ..reference import regions
from . import audit, clock, money, rule_tables
from .errors import Conflict, NotFound, ServiceError


def in_force(region_code: str, on: datetime.date) -> SubsidyRule | None:
    """The rule in force on `on` for a county (or a city's 市本级): its own, its city's, the province's."""
    places = [region_code]
    city = regions.city_of(region_code)
    if city and city != region_code:
        places.append(city)
    places.append(PROVINCE)
    for place in places:
        rule = (SubsidyRule.select()
                .where((SubsidyRule.region_code == place) & (SubsidyRule.effective_from <= on))
                .order_by(SubsidyRule.effective_from.desc())
                .first())
        if rule is not None:
            return rule
    return None


# The operators' side: what they may enter, and the table they keep. The shipped rule
# (reference/data/subsidy_rules.csv) is demo data: seed-demo loads it, init-db never does.

SHIPPED = Path(__file__).resolve().parent.parent / "reference" / "data" / "subsidy_rules.csv"
SOURCE_MAX = 300
LABELS = {"share": "补贴比例", "cap": "保险费补贴上限（元）", "remaining": "剩余期限补贴", "retention": "留用奖励",
          "source": "来源", "demo": "演示数据"}
STATES = {"current": "现行", "upcoming": "待执行", "past": "已被取代"}


@dataclass(frozen=True)
class Entry:
    """One rule as an operator gives it: the arguments of `record`, checked and typed."""

    region_code: str
    effective_from: datetime.date
    share_percent: int
    insurance_cap_fen: int
    pays_remaining: bool
    retention_rate_percent: int | None
    retention_share_percent: int | None
    source: str
    demo: bool


@dataclass
class RuleRow:
    """A line of the operators' table: a rule, its place's name, and whether it is the place's
    rule today (current), one to come (upcoming) or one a later rule of the place replaced (past)."""

    rule: SubsidyRule
    place: str
    state: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def is_place(code: str) -> bool:
    """The province, a city or a county of Shanxi."""
    return code == PROVINCE or regions.city_of(code) is not None


def place_name(code: str) -> str:
    """山西省（全省）, 太原市（全市）: a rule of the province or a city stands for every place below
    it without one of its own; a county is named as everywhere else."""
    if code == PROVINCE:
        return "山西省（全省）"
    if regions.is_city(code):
        return next(city.name for city in regions.cities() if city.code == code) + "（全市）"
    return regions.name_of(code)


def parse(raw: Mapping[str, str]) -> tuple[Entry | None, dict[str, str]]:
    """What an operator typed (the page's form, a command's arguments, a CSV row: region,
    effective_from, share_percent, insurance_cap_yuan, pays_remaining, retention_rate_percent,
    retention_share_percent, source, demo) as (Entry, {}), or (None, {field: message})."""
    errors: dict[str, str] = {}
    region = str(raw.get("region") or "").strip()
    if not region:
        errors["region"] = "请选择地区"
    elif not is_place(region):
        errors["region"] = "地区应为全省（140000）或山西省的市、县（市、区）代码，如 140100 或 140105"
    effective_from = rule_tables.date(raw.get("effective_from"), "effective_from", "执行日期应为日期，如 2026-01-01",
                                      errors)
    share = rule_tables.percent(raw.get("share_percent"), "share_percent", "补贴比例", errors)
    cap, problem = money.parse_yuan(str(raw.get("insurance_cap_yuan") or ""), "意外伤害保险费补贴上限")
    if problem:
        errors["insurance_cap_yuan"] = problem
    remaining = rule_tables.flag(raw.get("pays_remaining"), "pays_remaining", "剩余期限补贴应填 true 或 false", errors)
    rate, higher = _retention(raw, share, errors)
    source = rule_tables.words(raw.get("source"))
    demo = rule_tables.flag(raw.get("demo"), "demo", "演示数据应填 true 或 false", errors)
    if len(source) > SOURCE_MAX:
        errors["source"] = f"来源不能超过{SOURCE_MAX}个字"
    elif not source and demo is False:
        errors["source"] = "请填写来源：发布文件的名称、文号和日期（演示数据可不填）"
    if errors:
        return None, errors
    return Entry(region, effective_from, share, cap, remaining, rate, higher, source, demo), {}


def _retention(raw: Mapping[str, str], share: int | None, errors: dict[str, str]) -> tuple[int | None, int | None]:
    """The optional higher share for units whose 留用率 reaches a threshold: both figures or neither."""
    rate = rule_tables.percent(raw.get("retention_rate_percent"), "retention_rate_percent", "留用率", errors,
                               required=False)
    higher = rule_tables.percent(raw.get("retention_share_percent"), "retention_share_percent", "留用奖励比例",
                                 errors, required=False)
    given = {"retention_rate_percent": rate, "retention_share_percent": higher}
    if any(name in errors for name in given):
        return None, None
    if (rate is None) != (higher is None):
        missing = next(name for name, value in given.items() if value is None)
        errors[missing] = "留用率和留用奖励比例要么都填，要么都不填（没有留用奖励）"
    elif higher is not None and share is not None and higher <= share:
        errors["retention_share_percent"] = f"留用奖励比例应高于补贴比例（{share}%）"
    return rate, higher


def record(user, region_code: str, effective_from: datetime.date, share_percent: int, insurance_cap_fen: int,
           pays_remaining: bool, retention_rate_percent: int | None, retention_share_percent: int | None,
           source: str, demo: bool, now: datetime.datetime) -> tuple[SubsidyRule, bool]:
    """Add the rule for (region, effective_from), or change the one there is: (row, created). Its
    audit row (before → after for a change) is written in the same transaction."""
    _check(region_code, share_percent, insurance_cap_fen, retention_rate_percent, retention_share_percent, source,
           demo)
    values = {"share_percent": share_percent, "insurance_cap_fen": insurance_cap_fen, "pays_remaining": pays_remaining,
              "retention_rate_percent": retention_rate_percent, "retention_share_percent": retention_share_percent,
              "source": source, "demo": demo}
    try:
        with writing():
            row = SubsidyRule.get_or_none(
                (SubsidyRule.region_code == region_code) & (SubsidyRule.effective_from == effective_from))
            if row is None:
                row = SubsidyRule.create(region_code=region_code, effective_from=effective_from, updated_at=now,
                                         updated_by=user, **values)
                audit.record(user, "create", "subsidy_rule", row.id, now, summary(row))
                return row, True
            changes = audit.changes(_shown(row), _shown(SubsidyRule(**values)), LABELS)
            SubsidyRule.update(updated_at=now, updated_by=user, **values).where(SubsidyRule.id == row.id).execute()
            audit.record(user, "update", "subsidy_rule", row.id, now, f"{_place(row)}：{changes or '未变化'}")
    except IntegrityError:
        # Two operators adding the same place and date at once: the second is told, not failed.
        raise Conflict("同一地区同一执行日期的规则刚刚已由他人保存，请刷新后核对", field="effective_from") from None
    return SubsidyRule.get_by_id(row.id), False


def _check(region_code, share_percent, insurance_cap_fen, rate, higher, source, demo) -> None:
    """What parse refuses, refused again for a caller that did not parse (the table's CHECKs would
    otherwise answer with an IntegrityError that reads like a race)."""
    if not is_place(region_code):
        raise ServiceError("地区应为全省或山西省的市、县（市、区）代码", field="region")
    if not isinstance(share_percent, int) or not 1 <= share_percent <= 100:
        raise ServiceError("补贴比例应为1到100之间的整数", field="share_percent")
    if not isinstance(insurance_cap_fen, int) or insurance_cap_fen < 0:
        raise ServiceError("意外伤害保险费补贴上限不能为负数", field="insurance_cap_yuan")
    paired = (rate is None) == (higher is None)
    if not paired or (rate is not None and not (1 <= rate <= 100 and share_percent < higher <= 100)):
        raise ServiceError("留用率和留用奖励比例要么都填，要么都不填；奖励比例应高于补贴比例",
                           field="retention_share_percent")
    if len(source) > SOURCE_MAX or (not source and not demo):
        raise ServiceError(f"请填写来源（最多{SOURCE_MAX}个字）：发布文件的名称、文号和日期", field="source")


def find(rule_id: int) -> SubsidyRule | None:
    return SubsidyRule.get_or_none(SubsidyRule.id == rule_id)


def get(rule_id: int) -> SubsidyRule:
    row = find(rule_id)
    if row is None:
        raise NotFound("没有这条补贴规则")
    return row


def remove(user, rule_id: int, today: datetime.date, now: datetime.datetime) -> SubsidyRule:
    """Delete a rule not yet in force (a mistaken entry); one in force or past is history that
    claims were computed with, and is corrected with `record` instead."""
    row = get(rule_id)
    with writing():
        deleted = (SubsidyRule.delete()
                   .where((SubsidyRule.id == rule_id) & (SubsidyRule.effective_from > today)).execute())
        if not deleted:
            raise Conflict("已经开始执行的规则不能删除，可以修改它或录入新的执行日期")
        audit.record(user, "delete", "subsidy_rule", rule_id, now, summary(row))
    return row


def retention_text(rule: SubsidyRule) -> str:
    if rule.retention_rate_percent is None:
        return "无"
    return f"留用率达到{rule.retention_rate_percent}%的按{rule.retention_share_percent}%"


def _shown(rule: SubsidyRule) -> dict:
    """A rule as its audit row shows it: percents, the cap in 元, yes or no."""
    return {"share": f"{rule.share_percent}%", "cap": money.yuan(rule.insurance_cap_fen),
            "remaining": "发放" if rule.pays_remaining else "不发放", "retention": retention_text(rule),
            "source": rule.source, "demo": "是" if rule.demo else "否"}


def _place(rule: SubsidyRule) -> str:
    return f"{place_name(rule.region_code)} 自{rule.effective_from.isoformat()}起"


def summary(rule: SubsidyRule) -> str:
    demo = "（演示数据）" if rule.demo else ""
    remaining = "发放" if rule.pays_remaining else "不发放"
    cap = money.yuan(rule.insurance_cap_fen)
    return (f"{_place(rule)} 月最低工资标准的{rule.share_percent}% 保险费补贴最高{cap}元 "
            f"剩余期限补贴{remaining} 留用奖励：{retention_text(rule)}{demo} {rule.source}").strip()


def read(path: Path) -> list[Entry]:
    """Every row of a subsidy-rule CSV, checked by `parse`; UnreadableFile names each bad line."""
    return rule_tables.read(path, parse)


def load(path: Path = SHIPPED, now: datetime.datetime | None = None) -> int:
    """Add the rules of a CSV file (the shipped one by default) that the table lacks; returns how
    many were added. A (region, effective_from) already there is left as it is (on conflict:
    ignore): from then on the row is the operators'. A file with any bad row adds nothing."""
    now = now or clock.now()
    rows = [{"region_code": e.region_code, "effective_from": e.effective_from, "share_percent": e.share_percent,
             "insurance_cap_fen": e.insurance_cap_fen, "pays_remaining": e.pays_remaining,
             "retention_rate_percent": e.retention_rate_percent, "retention_share_percent": e.retention_share_percent,
             "source": e.source, "demo": e.demo, "updated_at": now} for e in read(path)]
    with db.atomic():
        before = SubsidyRule.select().count()
        for start in range(0, len(rows), 200):
            SubsidyRule.insert_many(rows[start:start + 200]).on_conflict_ignore().execute()
        return SubsidyRule.select().count() - before


def places() -> list[str]:
    """Every place a rule may be for, in the order the table shows them: the province, then each
    city followed by its counties."""
    return [PROVINCE] + [j.code for city in regions.cities() for j in regions.jurisdictions(city.code)]


def table(today: datetime.date | None = None) -> list[RuleRow]:
    """Every rule, place by place (the province, each city, its counties) and by date, each marked
    as the place's rule today, one to come, or one replaced."""
    today = today or clock.today()
    by_place: dict[str, list[SubsidyRule]] = {}
    for rule in SubsidyRule.select().order_by(SubsidyRule.effective_from):
        by_place.setdefault(rule.region_code, []).append(rule)
    found = []
    for code in places():
        rules = by_place.get(code, [])
        started = [rule for rule in rules if rule.effective_from <= today]
        for rule in rules:
            state = "upcoming" if rule.effective_from > today else ("current" if rule is started[-1] else "past")
            found.append(RuleRow(rule, place_name(code), state))
    return found


def any_rows() -> bool:
    return SubsidyRule.select().exists()
