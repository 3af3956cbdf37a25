"""The demo data looks real (issue 19): each employer's name, address and phone belong to the place
it is registered in, the 学历要求 fits the title, no employer offers one title twice, and every
county and 市本级 has several employers. Checked on the default demo (`make run`: 2,000 positions)."""
import pytest
from peewee import fn

from jianxi.models import EDUCATION_LEVELS, Employer, Position, Region
from jianxi.ops.demo import _seed_positions
from tests import clock

# Each city's 长途区号 (long-distance dialling code).
AREA_CODES = {
    "140100": "0351", "140200": "0352", "140300": "0353", "140400": "0355", "140500": "0356", "140600": "0349",
    "140700": "0354", "140800": "0359", "140900": "0350", "141000": "0357", "141100": "0358",
}
# What a job seeker expects a title to ask for: a word in the title → the 学历要求 that fit it.
FITTING_EDUCATION = {
    "护理": {"college", "bachelor"},
    "会计": {"college", "bachelor"},
    "软件开发": {"college", "bachelor"},
    "研究助理": {"bachelor", "master"},
    "数据分析": {"bachelor", "master"},
    "销售": {"any", "secondary"},
    "客服": {"any", "secondary"},
    "仓储": {"any", "secondary"},
    "前台": {"any", "secondary"},
}


@pytest.fixture
def demo(dbc):
    """The employers and positions of the demo as `make run` seeds it (seed_demo's defaults: 2,000
    positions, seed 2026), without its accounts and applications, which take far longer to make."""
    _seed_positions(2000, 2026, clock.today())


class Places:
    """Shanxi's cities and counties as the database holds them."""

    def __init__(self):
        self.regions = {r.code: r for r in Region.select()}
        self.cities = {code: r.name for code, r in self.regions.items() if r.city_id is None}
        # "大同市灵丘县" → ("140200", "140224"): the start of an address in that county.
        self.by_address = {
            self.cities[r.city_id] + r.name: (r.city_id, r.code) for r in self.regions.values() if r.city_id
        }

    def city_of(self, code: str) -> str:
        return self.regions[code].city_id or code

    def of_address(self, address: str) -> tuple[str, str] | None:
        """(city, county) that the address starts with, or None."""
        return next((place for start, place in self.by_address.items() if address.startswith(start)), None)

    def agrees(self, address: str, office: str) -> bool:
        """The address names the office's city and county; for a 市本级, any county of that city."""
        place = self.of_address(address)
        return place is not None and place[0] == self.city_of(office) and (office == place[0] or office == place[1])

    def short_names(self) -> dict[str, str]:
        """Code → name without its 市/县/区 where two characters or more remain (大同, 灵丘, 应县)."""
        return {code: r.name[:-1] if len(r.name) > 2 else r.name for code, r in self.regions.items()}


def test_every_employer_is_named_addressed_and_reached_in_its_own_place(demo):
    places = Places()
    short = places.short_names()
    wrong = []
    for employer in Employer.select():
        region = places.regions[employer.region_id]
        city = places.city_of(region.code)
        own = (short[city],) if region.city_id is None else (places.cities[city] + region.name, region.name)
        start = next((name for name in own if employer.name.startswith(name)), None)
        rest = employer.name.removeprefix(start or "")
        if (start is None or any(name in rest for name in short.values())
                or not places.agrees(employer.address, region.code)
                or not employer.phone.startswith(AREA_CODES[city] + "-")
                or employer.credit_code[2:8] != region.code):
            wrong.append((region.code, employer.name, employer.address, employer.phone, employer.credit_code))
    assert Employer.select().count() > 0 and wrong == [], wrong[:5]

    positions = Position.select(Position.region, Position.city, Position.address, Employer.region.alias("at"))
    wrong = [
        (p.region_id, p.address) for p in positions.join(Employer).objects()
        if p.region_id != p.at or p.city_id != places.city_of(p.region_id) or not places.agrees(p.address, p.region_id)
    ]
    assert wrong == [], wrong[:5]


def test_education_required_fits_the_title(demo):
    for word, fitting in FITTING_EDUCATION.items():
        asked = {e for (e,) in Position.select(Position.education).where(Position.title.contains(word)).tuples()}
        assert asked and asked <= fitting, f"{word}: {asked}"
    # One title never asks for levels far apart, such as 不限 here and 本科 there.
    order = list(EDUCATION_LEVELS)
    levels = {}
    for title, education in Position.select(Position.title, Position.education).tuples():
        levels.setdefault(title, set()).add(order.index(education))
    spread = {title: found for title, found in levels.items() if max(found) - min(found) > 2}
    assert len(levels) > 50 and spread == {}, spread


def test_no_employer_offers_the_same_title_twice(demo):
    repeated = (
        Position.select(Position.employer, Position.title, fn.COUNT(Position.id))
        .group_by(Position.employer, Position.title)
        .having(fn.COUNT(Position.id) > 1)
    )
    assert list(repeated.tuples()) == []
    several = Position.select(Position.employer).group_by(Position.employer).having(fn.COUNT(Position.id) > 1)
    assert several.count() > 200, "most employers offer a few different positions"


def test_every_county_and_city_office_has_at_least_three_employers(demo):
    offices = {r.code for r in Region.select()}
    employers = dict(
        Position.select(Position.region, fn.COUNT(fn.DISTINCT(Position.employer))).group_by(Position.region).tuples()
    )
    few = {code: employers.get(code, 0) for code in offices if employers.get(code, 0) < 3}
    assert len(offices) == 11 + 117 and few == {}, few
