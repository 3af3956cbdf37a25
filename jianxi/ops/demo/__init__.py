"""Reproducible, realistic demo data: employers and positions in every jurisdiction.

A 见习单位 belongs to one place: its name, 统一社会信用代码, address and phone all name the city and
county (or 市本级) it is registered in. It offers a few titles of its kind, each once, with the
学历要求 and 专业要求 the title calls for (the words are in ops.demo.words)."""
import datetime
import random
from typing import NamedTuple

from ...models import (
    POSITION_CLOSED,
    POSITION_OPEN,
    ROLE_ADMIN,
    ROLE_APPLICANT,
    ROLE_REVIEWER,
    Employer,
    Position,
    User,
)
from ...reference import regions
from ...search import catalog
from ...search.keywords import index_text
from ...services import accounts, clock, credit_code, idcard, subsidy_rules, wages
from .. import bulk, storage
from .applications import seed_applications
from .placements import seed_placements
from .subsidies import seed_subsidies
from .units import PUBLISHED as UNITS_PUBLISHED
from .units import seed_units
from .words import (
    AREA_CODES,
    COMPANY_KINDS,
    DUTIES,
    EMPLOYER_KINDS,  # noqa: F401 (bench/cold.py reads the vocabulary from here)
    INSTITUTION_KINDS,
    LAST_DUTY,
    LOCAL_TRADE_NAMES,
    STREETS,
    SURNAMES,
    TITLES,
    TRADE_NAMES,
)

MIN_EMPLOYERS = 3  # per office: every county's list of 见习单位 offers a choice
INSTITUTION_SHARE = 0.15  # of the employers drawn, while the place has a hospital or school left
# From this many positions per office on, an employer offers most of its kind's titles rather
# than a few, so a large catalogue does not need ever more employers (and names) per county.
MANY = 200


class Place(NamedTuple):
    """An office's jurisdiction as its employers' names, addresses and phones show it."""

    code: str
    city: str
    company_prefix: str  # 大同 (市本级), 灵丘县, 太原市小店区
    institution_prefix: str  # 大同市 (市本级), 灵丘县, 太原市小店区
    districts: tuple[str, ...]  # how addresses start: 大同市灵丘县; for a 市本级, each of the city's 区
    trade_names: tuple[str, ...]


class DemoEmployer(NamedTuple):
    name: str
    credit_code: str
    region: str
    address: str
    contact_person: str
    phone: str
    city: str
    titles: list[str]  # what it offers, one position each

    def row(self) -> tuple:
        return self.name, self.credit_code, self.region, self.address, self.contact_person, self.phone


EMPLOYER_COLUMNS = ["name", "credit_code", "region_id", "address", "contact_person", "phone"]


def places() -> list[Place]:
    """Every office's place: each city's 市本级, then its counties."""
    found = []
    for city in regions.cities():
        counties = regions.jurisdictions(city.code)[1:]
        trade_names = TRADE_NAMES + LOCAL_TRADE_NAMES[city.code]
        districts = tuple(f"{city.name}{c.name}" for c in counties if c.name.endswith("区"))
        found.append(Place(city.code, city.code, city.name.removesuffix("市"), city.name, districts, trade_names))
        for county in counties:
            # A district's firms carry the city's name too (太原市小店区…); a county's stand alone (灵丘县…).
            prefix = f"{city.name}{county.name}" if county.name.endswith("区") else county.name
            found.append(Place(county.code, city.code, prefix, prefix, (f"{city.name}{county.name}",), trade_names))
    return found


def _names(rng: random.Random, place: Place, most: int):
    """(name, credit code category, titles) of the place's employers, different names while they last:
    now and then one of its public institutions, otherwise a company of some 字号 and kind."""
    institutions = list(INSTITUTION_KINDS)
    size = len(place.trade_names) * len(COMPANY_KINDS)
    order = rng.sample(range(size), min(size, most))
    drawn = 0
    while True:
        if institutions and rng.random() < INSTITUTION_SHARE:
            kind, city_kind, category, titles = institutions.pop(rng.randrange(len(institutions)))
            yield f"{place.institution_prefix}{city_kind if place.code == place.city else kind}", category, titles
            continue
        # Past the province's own size (about a million positions) a name comes round again.
        trade, which = divmod(order[drawn % len(order)], len(COMPANY_KINDS))
        kind, category, titles = COMPANY_KINDS[which]
        drawn += 1
        yield f"{place.company_prefix}{place.trade_names[trade]}{kind}", category, titles


def _how_many(rng: random.Random, titles: int, office_positions: int) -> int:
    """How many of its kind's titles an employer offers."""
    if office_positions < MANY:
        return rng.randint(1, min(4, titles))
    return rng.randint(max(1, titles - 2), titles)


def _employers_for(rng: random.Random, place: Place, positions: int) -> list[DemoEmployer]:
    """At least MIN_EMPLOYERS employers whose titles add up to `positions`, none offered twice by one."""
    names = _names(rng, place, positions + MIN_EMPLOYERS)
    codes = _credit_codes(rng)
    area = AREA_CODES[place.city]
    employers, left = [], positions
    while left > 0 or len(employers) < MIN_EMPLOYERS:
        name, category, titles = next(names)
        kept_for_the_rest = max(0, MIN_EMPLOYERS - len(employers) - 1)
        count = min(_how_many(rng, len(titles), positions), max(0, left - kept_for_the_rest))
        left -= count
        employers.append(DemoEmployer(
            name, credit_code_of(category, place.code, next(codes)), place.code,
            f"{rng.choice(place.districts)}{rng.choice(STREETS)}{rng.randint(1, 399)}号",
            f"{rng.choice(SURNAMES)}{'女士' if rng.random() < .5 else '先生'}",
            f"{area}-{rng.randint(2000000, 8999999)}", place.city, rng.sample(titles, count),
        ))
    return employers


BODY_SPACE = len(credit_code.CHARSET) ** 9


def _credit_codes(rng: random.Random):
    """Different 9-character bodies for one area, random to look at: an affine map of 0, 1, 2, …
    (the multiplier is prime to 31, so no two numbers meet)."""
    multiplier, offset = 31 * rng.randrange(1, BODY_SPACE // 31) + rng.randrange(1, 31), rng.randrange(BODY_SPACE)
    number = 0
    while True:
        yield (number * multiplier + offset) % BODY_SPACE
        number += 1


def credit_code_of(category: str, area: str, body: int) -> str:
    """A well-formed 统一社会信用代码: category (91 a company, 12 a public institution, 52 a social
    organisation), the registering area, a body and the check character."""
    digits = []
    for _ in range(9):
        body, digit = divmod(body, len(credit_code.CHARSET))
        digits.append(credit_code.CHARSET[digit])
    first17 = f"{category}{area}{''.join(digits)}"
    return first17 + credit_code.check_character(first17)


DEMO_PASSWORD = "jianxi2026"
# (username, real name, role, jurisdiction, birth date and sequence for the ID number)
DEMO_ACCOUNTS = (
    ("demo", "李晓明", ROLE_APPLICANT, None, "140105" "20030512" "123"),
    ("xiaodian", "王建国", ROLE_REVIEWER, "140105", None),
    ("taiyuan", "赵丽华", ROLE_REVIEWER, "140100", None),
    ("admin", "系统管理员", ROLE_ADMIN, None, None),
)


def seed_demo(
    positions: int = 2000, seed: int = 2026, today: datetime.date | None = None
) -> str:
    """Demo accounts, positions and applications, each only if there are none yet."""
    today = today or clock.today()
    messages = [_seed_accounts()]
    if Position.select().exists():
        messages.append("已有岗位数据，未重复生成。")
    else:
        # The units' own published positions (ops.demo.units) are part of the number asked for.
        messages.append(_seed_positions(max(positions - UNITS_PUBLISHED, 0), seed, today))
    now = datetime.datetime.combine(today, datetime.time(9, 30))
    messages.append(seed_applications(random.Random(seed), DEMO_PASSWORD, now, storage.current()))
    messages.append(seed_units(random.Random(seed), DEMO_PASSWORD, now, storage.current(), credit_code_of))
    # The agreements check their allowance against the minimum wage in force: the figures first.
    added = wages.load(wages.SHIPPED)
    messages.append(f"月最低工资标准：新增 {added} 条（随附的演示数据）。")
    # The subsidy is a share of that figure, by the rule in force (issue 23's claims compute with it).
    added = subsidy_rules.load(subsidy_rules.SHIPPED)
    messages.append(f"见习补贴标准：新增 {added} 条（随附的演示数据）。")
    messages.append(seed_placements(now, storage.current()))
    messages.append(seed_subsidies(now, storage.current()))
    return "\n".join(messages)


def _seed_accounts() -> str:
    if User.select().exists():
        return "已有账号，未重复生成。"
    for username, real_name, role, jurisdiction, id_first17 in DEMO_ACCOUNTS:
        id_number = id_first17 + idcard.check_digit(id_first17) if id_first17 else None
        accounts.create_user(
            accounts.NewUser(username, DEMO_PASSWORD, real_name, "13800138000", id_number, role, jurisdiction)
        )
    return f"已生成演示账号 {', '.join(a[0] for a in DEMO_ACCOUNTS)}，密码均为 {DEMO_PASSWORD}。"


OPENINGS = (1, 1, 1, 2, 2, 2, 3, 3, 5, 10)
DURATIONS = (3, 6, 6, 6, 12)  # months
SUBSIDIES = (1600, 1880, 2000, 2200, 2500, 3000)  # 元 a month
POSITION_COLUMNS = [
    "title", "employer_id", "search_text", "region_id", "city_id", "address", "openings", "education", "major",
    "duration_months", "monthly_subsidy", "duties", "contact", "published_at", "deadline", "status",
    "close_reason",
]


def _seed_positions(positions: int, seed: int, today: datetime.date) -> str:
    """Insert employers and `positions` positions, spread evenly over every 市本级 and county."""
    rng = random.Random(seed)
    offices = places()
    share, extra = divmod(positions, len(offices))
    by_office = [_employers_for(rng, place, share + (i < extra)) for i, place in enumerate(offices)]
    employers = [employer for office in by_office for employer in office]
    bulk.insert(Employer, EMPLOYER_COLUMNS, (employer.row() for employer in employers))
    ids = dict(Employer.select(Employer.credit_code, Employer.id).tuples())
    with catalog.bulk_loading():
        bulk.insert(Position, POSITION_COLUMNS, _position_rows(rng, positions, by_office, ids, today))
    return f"已生成 {len(employers)} 家见习单位、{positions} 个见习岗位。"


def _office_positions(employers: list[DemoEmployer], ids: dict[str, int]):
    for employer in employers:
        contact = f"{employer.contact_person} {employer.phone}"
        for title in employer.titles:
            yield ids[employer.credit_code], employer, contact, title


def _duty_texts(own: str) -> tuple[str, ...]:
    """A title's descriptions: its own duty, then one to all of the common ones."""
    return tuple("\n".join((own + "；",) + DUTIES[:n] + (LAST_DUTY,)) for n in range(1, len(DUTIES) + 1))


def _position_rows(rng, positions, by_office, ids, today):
    """The rows, made as they are inserted (a million dicts would not fit comfortably); the offices
    take turns, as many positions each as their employers offer."""
    facts = {title: (educations, major, _duty_texts(duty)) for title, (educations, major, duty) in TITLES.items()}
    offices = [_office_positions(employers, ids) for employers in by_office]
    draw = rng.random  # seq[int(draw() * len(seq))]: a fair pick, several times faster than rng.choice
    for i in range(positions):
        employer_id, employer, contact, title = next(offices[i % len(offices)])
        educations, major, duties = facts[title]
        published = datetime.datetime.combine(
            today - datetime.timedelta(days=int(draw() * 121)), datetime.time(8 + int(draw() * 10), int(draw() * 60))
        )
        deadline = published.date() + datetime.timedelta(days=30 + int(draw() * 211))
        yield (
            title, employer_id, index_text(title, employer.name), employer.region, employer.city, employer.address,
            OPENINGS[int(draw() * len(OPENINGS))], educations[int(draw() * len(educations))], major,
            DURATIONS[int(draw() * len(DURATIONS))], SUBSIDIES[int(draw() * len(SUBSIDIES))],
            duties[int(draw() * len(duties))], contact,
            published, deadline, POSITION_CLOSED if draw() < 0.05 else POSITION_OPEN, "",
        )
