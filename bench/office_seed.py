"""Issue 25's province for the office side: 1,000,000 applications, 200,000 positions, 20,000 units
and 100,000 placements (at --scale 1), spread over Shanxi's 11 cities and 117 counties by population,
loaded in bulk into an empty database on either engine in minutes.

Everything a page reads is there and holds every constraint of the schema: applicants with accounts
(one active application each, some who re-applied after a refusal or a withdrawal), applications in
every state with their audit rows, one reviewer per office, units with their accounts and positions,
placements in every state with their offers, policies, month records, claims and batches. Large
tables get their indexes after the load (built once, by sorting, which also checks every unique one).

    DATABASE_URL=… .venv/bin/python bench/office_seed.py [--scale 0.01]

Every account's password is PASSWORD (hashed once); the benchmark signs in as COUNTY_CLERK and CITY_CLERK.
"""
import argparse
import contextlib
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import office_seed_programme as programme  # noqa: E402  (bench/, the script's own folder)
from werkzeug.security import generate_password_hash  # noqa: E402

from jianxi.db import bind, db, is_postgres  # noqa: E402
from jianxi.models import (  # noqa: E402
    ROLE_ADMIN,
    ROLE_APPLICANT,
    ROLE_REVIEWER,
    ROLE_UNIT,
    Application,
    AuditLog,
    Employer,
    Position,
    UnitAccount,
    User,
)
from jianxi.ops import bulk, schema  # noqa: E402
from jianxi.ops.demo import credit_code_of, places  # noqa: E402
from jianxi.ops.demo.words import AREA_CODES, COMPANY_KINDS, STREETS, SURNAMES, TITLES  # noqa: E402
from jianxi.search import catalog  # noqa: E402
from jianxi.search.keywords import index_text  # noqa: E402
from jianxi.services import idcard, subsidy_rules, wages  # noqa: E402

PROGRAMME_TABLES = (programme.CandidateStep, programme.Placement, programme.Attachment, programme.Insurance,
                    programme.MonthRecord, programme.ClaimLine)

SIZES = {"applications": 1_000_000, "positions": 200_000, "units": 20_000, "placements": 100_000}
PASSWORD = "office-bench-1"
COUNTY_CLERK, CITY_CLERK = "r140105", "r140100"  # 小店区 and 太原市市本级: the busiest offices
TODAY = datetime.date(2026, 12, 1)
# Residents (millions, 2020 census) of each city: how applications, units and positions spread.
POPULATION = {"1401": 5.3, "1402": 3.1, "1403": 1.3, "1404": 3.2, "1405": 2.2, "1406": 1.6, "1407": 3.4,
              "1408": 4.8, "1409": 2.7, "1410": 4.0, "1411": 3.4}
CITY_LEVEL_SHARE = 0.25  # of a city's cases handled by its 市本级 office
# A person's latest application: 未审核, 审核通过, 审核不通过, 已撤回 (of every 100).
LATEST = ("pending",) * 12 + ("approved",) * 66 + ("rejected",) * 12 + ("withdrawn",) * 10
REAPPLIED = 0.15  # of the applications: a refused or withdrawn one its person followed with another
GIVEN_NAMES = "子涵 浩然 欣怡 梓轩 雨桐 宇航 佳怡 俊杰 诗涵 思远 一诺 晨曦 明轩 若曦 博文 嘉怡 天宇 语嫣 志强 海燕".split()
SCHOOLS = ("山西大学", "太原理工大学", "山西财经大学", "中北大学", "山西医科大学", "太原科技大学", "山西职业技术学院",
           "山西师范大学", "长治学院", "运城学院", "忻州师范学院", "晋中学院")
MAJORS = ("会计学", "计算机科学与技术", "市场营销", "护理学", "土木工程", "汉语言文学", "电子商务", "机械工程", "法学")
GROUNDS = ("unclear_files", "labour_contract", "in_school,unclear_files", "social_insurance")
OPENINGS = (1, 1, 2, 2, 3, 3, 5, 10)


class Office:
    def __init__(self, place, weight: float):
        self.code, self.city, self.place, self.weight = place.code, place.city, place, weight
        self.reviewer_id = 0
        self.employers: list[int] = []  # ids
        self.approved: list[int] = []  # user ids of approved applicants whose application it holds


def offices(rng: random.Random) -> list[Office]:
    found = []
    for place in places():
        population = POPULATION[place.city[:4]]
        if place.code == place.city:
            found.append(Office(place, population * CITY_LEVEL_SHARE))
        else:
            counties = sum(1 for p in places() if p.city == place.city and p.code != p.city)
            found.append(Office(place, population * (1 - CITY_LEVEL_SHARE) / counties * rng.uniform(0.5, 1.5)))
    return found


class Picker:
    """offices drawn by weight, fast (a million draws)."""

    def __init__(self, rng: random.Random, items: list[Office]):
        self.items, self.rng = items, rng
        total, self.bounds = 0.0, []
        for item in items:
            total += item.weight
            self.bounds.append(total)
        self.total = total

    def __call__(self) -> Office:
        import bisect
        return self.items[bisect.bisect(self.bounds, self.rng.random() * self.total)]


@contextlib.contextmanager
def indexes_after(*models):
    """Drop the models' indexes for the load and build them once at the end: the unique ones are
    checked then, over every row, as they would have been row by row."""
    for model in models:
        model._schema.drop_indexes(safe=True)
    yield
    for model in models:
        model._schema.create_indexes(safe=True)


def timed(label: str, timings: dict):
    @contextlib.contextmanager
    def block():
        started = time.perf_counter()
        yield
        timings[label] = time.perf_counter() - started
        print(f"  {label}: {timings[label]:.1f} s", flush=True)
    return block()


def user_row(uid, username, name, id_number, mobile, role, jurisdiction, created, password_hash):
    return uid, username, password_hash, name, id_number, mobile, role, jurisdiction, created, f"{uid:032x}"


USER_COLUMNS = ["id", "username", "password_hash", "real_name", "id_number", "mobile", "role", "jurisdiction_id",
                "created_at", "session_token"]


class Ids:
    """Explicit ids for every bulk-loaded row, so rows can refer to each other without reading back."""

    def __init__(self):
        self.next = {}

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


def seed_staff(ids: Ids, all_offices: list[Office], password_hash: str, now) -> None:
    rows = [user_row(ids.take("user"), "admin", "系统管理员", None, "13800138000", ROLE_ADMIN, None, now, password_hash)]
    for office in all_offices:
        office.reviewer_id = ids.take("user")
        rows.append(user_row(office.reviewer_id, f"r{office.code}", f"{office.place.institution_prefix}经办人",
                             None, "13800138000", ROLE_REVIEWER, office.code, now, password_hash))
    bulk.insert(User, USER_COLUMNS, rows)


def seed_units(rng, ids: Ids, pick: Picker, units: int, positions: int, password_hash: str, now) -> dict:
    """Units with a confirmed account each, and their positions; {position id: (office, employer,
    unit user, openings, title, subsidy)} for the placements to come."""
    employer_rows, user_rows, account_rows, made = [], [], [], []
    for n in range(units):
        office = pick()
        place = office.place
        kind, category, titles = COMPANY_KINDS[int(rng.random() * len(COMPANY_KINDS))]
        trade = place.trade_names[int(rng.random() * len(place.trade_names))]
        employer_id, user_id = ids.take("employer"), ids.take("user")
        name = f"{place.company_prefix}{trade}{kind}"
        phone = f"{AREA_CODES[place.city]}-{rng.randint(2000000, 8999999)}"
        address = f"{rng.choice(place.districts)}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
        employer_rows.append((employer_id, name, credit_code_of(category, AREA_CODES[place.city], 10**7 + n),
                              office.code, address, f"{rng.choice(SURNAMES)}女士", phone))
        user_rows.append(user_row(user_id, f"u{employer_id}", f"{rng.choice(SURNAMES)}经理", None,
                                  f"135{rng.randint(10**7, 10**8 - 1)}", ROLE_UNIT, None, now, password_hash))
        account_rows.append((employer_id, user_id, "confirmed", now, ""))
        office.employers.append(employer_id)
        made.append((office, employer_id, user_id, titles, name, address, phone))
    bulk.insert(Employer, ["id", "name", "credit_code", "region_id", "address", "contact_person", "phone"],
                employer_rows)
    bulk.insert(User, USER_COLUMNS, user_rows)
    bulk.insert(UnitAccount, ["employer_id", "user_id", "status", "created_at", "reason"], account_rows)
    positions_of = {}
    for n in range(positions):
        office, employer_id, user_id, titles, name, address, phone = made[n % len(made)]
        title = titles[(n // len(made)) % len(titles)]
        positions_of[n + 1] = (office, employer_id, user_id, OPENINGS[int(rng.random() * len(OPENINGS))], title, name,
                               address, phone, rng.choice((1600, 1880, 2000, 2200, 2500)))
    return positions_of


POSITION_COLUMNS = ["id", "title", "employer_id", "search_text", "region_id", "city_id", "address", "openings",
                    "placed", "education", "major", "duration_months", "monthly_subsidy", "duties", "contact",
                    "published_at", "deadline", "status", "close_reason"]


def position_rows(rng, positions_of: dict, placed: dict):
    for pid, (office, employer_id, _, openings, title, name, address, phone, subsidy) in positions_of.items():
        educations, major, duty = TITLES[title]
        published = datetime.datetime.combine(TODAY - datetime.timedelta(days=rng.randint(0, 400)),
                                              datetime.time(9, rng.randint(0, 59)))
        deadline = published.date() + datetime.timedelta(days=rng.randint(30, 240))
        status = "open" if deadline >= TODAY and rng.random() > 0.05 else "closed"
        yield (pid, title, employer_id, index_text(title, name), office.code, office.city, address, openings,
               placed.get(pid, 0), educations[0], major, rng.choice((3, 6, 6, 12)), subsidy, duty + "。",
               f"人事部 {phone}", published, deadline, status, "filled" if status == "closed" else "")


APPLICATION_COLUMNS = [
    "id", "user_id", "reference", "submission_key", "status", "name", "gender", "birth_date", "ethnicity",
    "id_number", "education", "school", "major", "graduation_month", "category", "employment_card_no", "mobile",
    "household", "address", "jurisdiction_id", "submitted_at", "submitted_month", "reviewed_at", "reviewed_by_id",
    "grounds", "reason", "withdrawn_at",
]
AUDIT_COLUMNS = ["actor_id", "action", "object_type", "object_id", "detail", "at"]


def seed_applicants(rng, ids: Ids, pick: Picker, applications: int, password_hash: str, audit: list) -> None:
    """The people and their applications, with an audit row for each submission and decision
    (collected in `audit`, loaded afterwards)."""
    people = int(applications / (1 + REAPPLIED))
    second_of = set(rng.sample(range(people), applications - people))
    users, rows = [], []
    for i in range(people):
        office = pick()
        uid = ids.take("user")
        birth = datetime.date(1998, 1, 1) + datetime.timedelta(days=(i // 1000) * 7 % 3300)
        first17 = f"{office.code}{birth:%Y%m%d}{i % 1000:03d}"
        id_number = first17 + idcard.check_digit(first17)
        name = SURNAMES[int(rng.random() * len(SURNAMES))] + GIVEN_NAMES[int(rng.random() * len(GIVEN_NAMES))]
        mobile = f"139{rng.randint(10**7, 10**8 - 1)}"
        latest = LATEST[int(rng.random() * len(LATEST))]
        # Waiting cases are recent; decided ones spread over two years.
        days_ago = rng.randint(0, 30) if latest == "pending" else rng.randint(5, 720)
        submitted = datetime.datetime.combine(TODAY, datetime.time(8)) - datetime.timedelta(
            days=days_ago, minutes=rng.randint(0, 600))
        users.append(user_row(uid, f"p{uid}", name, id_number, mobile, ROLE_APPLICANT, None,
                              submitted - datetime.timedelta(days=400 if i in second_of else 1), password_hash))
        person = (uid, name, id_number, birth, mobile, office)
        if i in second_of:
            earlier = submitted - datetime.timedelta(days=rng.randint(20, 300))
            rows.append(application(rng, ids, person, rng.choice(("rejected", "withdrawn")), earlier, audit))
        rows.append(application(rng, ids, person, latest, submitted, audit))
        if latest == "approved":
            office.approved.append(uid)
        if len(users) >= bulk.CHUNK:
            bulk.insert(User, USER_COLUMNS, users)
            bulk.insert(Application, APPLICATION_COLUMNS, rows)
            users, rows = [], []
    bulk.insert(User, USER_COLUMNS, users)
    bulk.insert(Application, APPLICATION_COLUMNS, rows)


def application(rng, ids: Ids, person, status: str, submitted: datetime.datetime, audit: list) -> tuple:
    uid, name, id_number, birth, mobile, office = person
    aid = ids.take("application")
    youth = rng.random() < 0.25
    left = submitted.date() - datetime.timedelta(days=rng.randint(30, 600))
    decided = submitted + datetime.timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 7))
    audit.append((uid, "submit", "application", aid, "", submitted))
    reviewed_at = reviewed_by = withdrawn_at = None
    grounds = reason = ""
    if status in ("approved", "rejected"):
        reviewed_at, reviewed_by = decided, office.reviewer_id
        grounds = rng.choice(GROUNDS) if status == "rejected" else ""
        reason = "请重新拍摄后再申请。" if status == "rejected" else ""
        audit.append((reviewed_by, "approve" if status == "approved" else "reject", "application", aid, reason, decided))
    elif status == "withdrawn":
        withdrawn_at = decided
        audit.append((uid, "withdraw", "application", aid, "", decided))
    return (
        aid, uid, f"JX{submitted:%Y%m%d}{aid % 10**6:06d}", f"office-{aid}", status, name, "男" if int(id_number[16]) % 2 else "女",
        birth, "01", id_number, "highschool" if youth else "bachelor",
        "太原市第五中学" if youth else SCHOOLS[int(rng.random() * len(SCHOOLS))],
        "" if youth else MAJORS[int(rng.random() * len(MAJORS))], f"{left:%Y-%m}", "youth" if youth else "graduate",
        f"1401{rng.randint(10**9, 10**10 - 1)}" if youth else "", mobile,
        f"山西省{office.place.institution_prefix}", f"{office.place.districts[0]}长风街{rng.randint(1, 300)}号",
        office.code, submitted, f"{submitted:%Y-%m}", reviewed_at, reviewed_by, grounds, reason, withdrawn_at,
    )


def reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences the explicit ids bypassed: move them past the rows."""
    if not is_postgres():
        return
    for table in ("user", "employer", "position", "application", "audit_log", "attachment", "candidate_step",
                  "placement", "insurance", "month_record", "claim", "claim_line", "batch", "unit_account"):
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)")


def seed(scale: float = 1.0, seed_value: int = 2026) -> dict:
    """Load the province into the (empty) database the handle is bound to; the seconds of each step."""
    rng = random.Random(seed_value)
    sizes = {name: max(1, round(count * scale)) for name, count in SIZES.items()}
    timings = {}
    now = datetime.datetime.combine(TODAY, datetime.time(8))
    schema.create_schema()
    with db.connection_context():
        if User.select().exists():
            sys.exit("office_seed: the database is not empty")
        wages.load(wages.SHIPPED)
        subsidy_rules.load(subsidy_rules.SHIPPED)
        password_hash = generate_password_hash(PASSWORD)
        ids, all_offices = Ids(), offices(rng)
        pick = Picker(rng, all_offices)
        seed_staff(ids, all_offices, password_hash, now)
        with timed("units and positions", timings):
            positions_of = seed_units(rng, ids, pick, sizes["units"], sizes["positions"], password_hash, now)
        audit = []
        with timed("applicants and applications", timings), indexes_after(User, Application):
            seed_applicants(rng, ids, pick, sizes["applications"], password_hash, audit)
        with timed("audit log", timings), indexes_after(AuditLog):
            bulk.insert(AuditLog, AUDIT_COLUMNS, audit)
        del audit
        planned, placed = programme.plan(rng, all_offices, positions_of, sizes["placements"])
        with timed("positions", timings), catalog.bulk_loading():
            bulk.insert(Position, POSITION_COLUMNS, position_rows(rng, positions_of, placed))
        with timed("placements, months and claims", timings), indexes_after(*PROGRAMME_TABLES):
            programme.load(rng, ids, all_offices, planned, TODAY)
        with timed("sequences and statistics", timings):
            reset_sequences()
            schema.analyze()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bind(os.environ.get("DATABASE_URL") or sys.exit("office_seed: set DATABASE_URL"))
    started = time.perf_counter()
    seed(args.scale, args.seed)
    print(f"office_seed: done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
