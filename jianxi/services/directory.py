"""见习单位名录: the recognised units, open to everyone, each with how many positions it has open.

Only what a unit shows the public is read here (name, 统一社会信用代码, type, industry, address,
place): never its accounts, contact person, phone, 带教老师 or licence, so no page made from
these rows can show them. A unit not (or no longer) recognised is not in the directory at all.
"""
import datetime
from dataclasses import dataclass
from typing import ClassVar

from peewee import fn

from ..models import EMPLOYER_RECOGNISED, Employer, Position
from ..reference import regions
from ..reference.codes import INDUSTRIES
from . import lists

PUBLIC_COLUMNS = (Employer.id, Employer.name, Employer.credit_code, Employer.region, Employer.address,
                  Employer.unit_type, Employer.industry, Employer.status)
# A unit's page lists this many open positions; the search finds the rest by the unit's name.
POSITIONS_SHOWN = 100


@dataclass(frozen=True)
class DirectoryFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("city", "county", "industry")
    city: str = ""
    county: str = ""
    industry: str = ""


def parse_filters(args) -> DirectoryFilters:
    """市 → 县区 as the position search reads them (a county outside the city dropped, said so), and 行业."""
    read = lists.Reader(args)
    city = read.choice("city", {c.code for c in regions.cities()}, "没有找到所选的市，已显示全省见习单位。")
    county = read.choice("county", {j.code for j in regions.jurisdictions(city)},
                         "所选县区不属于该市，已显示全市见习单位。" if city else "请先选择市，再选择县区；已显示全省见习单位。")
    industry = read.choice("industry", INDUSTRIES, "所属行业无效，已显示全部行业。")
    return read.filters(DirectoryFilters, city, county, industry)


def _recognised():
    return Employer.select(*PUBLIC_COLUMNS).where(Employer.status == EMPLOYER_RECOGNISED)


def search(filters: DirectoryFilters, today: datetime.date) -> lists.ListPage:
    """Recognised units of the place and industry asked for, by name, each with `open_count`."""
    query = _recognised()
    if filters.county:
        query = query.where(Employer.region == filters.county)
    elif filters.city:
        query = query.where(Employer.region.in_([j.code for j in regions.jurisdictions(filters.city)]))
    if filters.industry:
        query = query.where(Employer.industry == filters.industry)
    filters, rows, total = lists.page_of(query, filters, Employer.name, Employer.id)
    counts = open_counts([row.id for row in rows], today)
    for row in rows:
        row.open_count = counts.get(row.id, 0)
    return lists.ListPage(filters, rows, total)


def open_counts(unit_ids: list[int], today: datetime.date) -> dict[int, int]:
    if not unit_ids:
        return {}
    return dict(
        Position.open(today).select(Position.employer, fn.COUNT(Position.id))
        .where(Position.employer.in_(unit_ids)).group_by(Position.employer).tuples()
    )


def unit(unit_id: int) -> Employer | None:
    """A recognised unit's public facts; None for any other id."""
    return _recognised().where(Employer.id == unit_id).first()


@dataclass(frozen=True)
class OpenPositions:
    shown: list
    total: int


def open_positions(found: Employer, today: datetime.date) -> OpenPositions:
    """The unit's positions still recruiting, newest first (the first POSITIONS_SHOWN of them)."""
    query = Position.open(today).where(Position.employer == found.id)
    shown = list(query.order_by(Position.published_at.desc(), Position.id.desc()).limit(POSITIONS_SHOWN))
    return OpenPositions(shown, len(shown) if len(shown) < POSITIONS_SHOWN else query.count())
