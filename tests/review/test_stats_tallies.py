"""统计 read from the counts the database keeps (services.tallies): the same figures as counting the
rows themselves, here counted in plain Python, after bulk inserts, one-by-one submissions,
decisions, moves, edits and deletes, and after simultaneous writes; 见习人员与补贴 likewise."""
import datetime
import random

import pytest

from jianxi.db import db
from jianxi.models import (
    Application,
    ApplicationDayCount,
    ApplicationMonthCount,
    Claim,
    ClaimLine,
    ClaimLineCount,
    Employer,
    Favorite,
    FavoriteCount,
    OpenPositionDayCount,
    OpenPositionMonthCount,
    Placement,
    PlacementRegionCount,
    PlacementUnitCount,
    Position,
    Region,
    User,
)
from jianxi.services import applications, placement_stats, review, tallies
from jianxi.services import stats as figures
from tests import clock
from tests.concurrency import run_together
from tests.factories import APPROVE, make_application, make_employer, make_user, reject, valid_id_number
from tests.review import placement_stats_rows

TODAY = datetime.date(2026, 6, 15)
STATUS_LABELS = {"pending": "未审核", "approved": "审核通过", "rejected": "审核不通过", "withdrawn": "已撤回"}
CATEGORY_CODES = ("graduate", "youth")
OFFICES = ("140100", "140105", "140106", "140212", "140213")  # 太原 市本级 and two counties; 大同 two
PERIODS = (
    figures.Period(datetime.date(2025, 7, 15), TODAY),  # partial first and last months
    figures.Period(datetime.date(2025, 7, 1), datetime.date(2026, 5, 31)),  # whole months only
    figures.Period(datetime.date(2026, 3, 3), datetime.date(2026, 3, 9)),  # a few days of one month
    figures.default_period(TODAY),
)


@pytest.fixture
def viewers(app):
    with app.app_context(), db.connection_context():
        return {
            "city": make_user("citystats", role="reviewer", jurisdiction="140100"),
            "county": make_user("countystats", role="reviewer", jurisdiction="140105"),
            "other": make_user("datongstats", role="reviewer", jurisdiction="140200"),
            "admin": make_user("adminstats", role="admin"),
        }


def _people(count: int, start: int = 0) -> list[int]:
    """Applicants written in one statement (bulk), returning their ids."""
    User.insert_many([
        {"username": f"bulk{n}", "password_hash": "x", "real_name": "王五", "mobile": "13912345678",
         "id_number": valid_id_number(birth="20020202", sequence=f"{n:03d}"), "role": "applicant",
         "created_at": datetime.datetime(2025, 1, 1), "session_token": f"{n:032d}"}
        for n in range(start, start + count)
    ]).execute()
    return [u.id for u in User.select(User.id).where(User.username.startswith("bulk")).order_by(User.id)][-count:]


def _applications(people: list[int], rng: random.Random) -> None:
    """One application each, in one statement: varied offices, categories, states and days,
    some at a month's first and last moments."""
    edges = [datetime.datetime(2025, 7, 14, 23, 59, 59), datetime.datetime(2025, 7, 15, 0, 0),
             datetime.datetime(2026, 5, 31, 23, 59), datetime.datetime(2026, 6, 1, 0, 0, 1),
             datetime.datetime(2026, 6, 15, 23, 30), datetime.datetime(2026, 6, 16, 8, 0)]
    rows = []
    for i, user_id in enumerate(people):
        submitted = edges[i] if i < len(edges) else (
            datetime.datetime(2025, 5, 1, 8) + datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 420)))
        rows.append({
            "user": user_id, "reference": f"JXT{i:08d}", "submission_key": f"key-{i}",
            "status": rng.choice(list(STATUS_LABELS)), "name": "王五", "gender": "男",
            "birth_date": datetime.date(2002, 2, 2), "ethnicity": "01", "id_number": "x", "education": "bachelor",
            "school": "山西大学", "major": "会计学", "graduation_month": "2025-06", "category": rng.choice(CATEGORY_CODES),
            "mobile": "13912345678", "household": "h", "address": "a", "jurisdiction": rng.choice(OFFICES),
            "submitted_at": submitted, "submitted_month": f"{submitted:%Y-%m}",
        })
    Application.insert_many(rows).execute()


def _positions(rng: random.Random, count: int = 40) -> None:
    employer = make_employer()
    Position.insert_many([
        {"title": "会计助理", "employer": employer.id, "region": region, "city": region[:4] + "00", "address": "x",
         "openings": rng.randint(1, 5), "education": "bachelor", "major": "", "duration_months": 6,
         "monthly_subsidy": 2000, "duties": "d", "contact": "c", "published_at": datetime.datetime(2026, 1, 1),
         "deadline": TODAY + datetime.timedelta(days=rng.randint(-20, 90)), "status": rng.choice(("open", "closed"))}
        for region in (rng.choice(OFFICES) for _ in range(count))
    ]).execute()


def _favorites(people: list[int], rng: random.Random) -> None:
    positions = [p.id for p in Position.select(Position.id)]
    rows = []
    for user_id in people[:30]:
        for slot, position_id in enumerate(rng.sample(positions, rng.randint(1, 3)), 1):
            rows.append({"user": user_id, "position": position_id, "slot": slot,
                         "created_at": datetime.datetime(2026, 6, 1)})
    Favorite.insert_many(rows).execute()


def _viewable(user) -> set[str] | None:
    """The offices a user views, from the regions table: a city's 市本级 and its counties."""
    if user.role == "admin":
        return None
    code = user.jurisdiction_id
    return {r.code for r in Region.select().where((Region.code == code) | (Region.city == code))}


def expected(user, period: figures.Period) -> dict:
    """The figures counted from the rows themselves, in plain Python."""
    codes = _viewable(user)
    seen = (lambda code: True) if codes is None else (lambda code: code in codes)
    rows = [(a.jurisdiction_id, a.category, a.status, a.submitted_at) for a in Application.select()
            if seen(a.jurisdiction_id) and period.start <= a.submitted_at.date() <= period.end]
    by_office: dict[str, dict[str, int]] = {}
    for office, _, status, _ in rows:
        by_office.setdefault(office, {}).setdefault(status, 0)
        by_office[office][status] += 1
    if codes is not None:
        by_office = {code: by_office.get(code, {}) for code in codes} if len(codes) > 1 else {}
    open_rows = [p for p in Position.select() if seen(p.region_id) and p.status == "open" and p.deadline >= TODAY]
    return {
        "by_status": [(label, sum(1 for r in rows if r[2] == code)) for code, label in STATUS_LABELS.items()],
        "by_month": [(month, sum(1 for r in rows if f"{r[3]:%Y-%m}" == month)) for month in period.months],
        "by_category": [[sum(1 for r in rows if r[1] == category and r[2] == status) for status in STATUS_LABELS]
                        for category in CATEGORY_CODES],
        "by_office": by_office,
        "open_positions": len(open_rows),
        "openings": sum(p.openings for p in open_rows),
        "favorites": sum(1 for f in Favorite.select(Favorite, Position).join(Position) if seen(f.position.region_id)),
    }


def shown(user, period: figures.Period) -> dict:
    found = figures.figures(user, TODAY, period)
    return {
        "by_status": found.by_status,
        "by_month": found.by_month,
        "by_category": [[split.counts.get(status, 0) for status in STATUS_LABELS] for split in found.by_category],
        "by_office": {split.code: {k: v for k, v in split.counts.items() if v} for split in found.by_office},
        "open_positions": found.open_positions,
        "openings": found.openings,
        "favorites": found.favorites,
    }


def assert_figures_match(viewers):
    for name, user in viewers.items():
        for period in PERIODS:
            assert shown(user, period) == expected(user, period), (name, period)


COUNTED = {  # each table's counted columns (the rest are its keys)
    ApplicationDayCount: ("count",), ApplicationMonthCount: ("count",), OpenPositionDayCount: ("positions", "openings"),
    OpenPositionMonthCount: ("positions", "openings"), FavoriteCount: ("favorites",),
    ClaimLineCount: ("lines", "amount_fen"),
    PlacementRegionCount: ("placements", "filed", "completed", "left_early", "hired", "retained", "unrecorded"),
    PlacementUnitCount: ("placements", "filed", "completed", "left_early", "hired", "retained", "unrecorded"),
}


def counts_kept() -> dict:
    """Every table's rows, but those whose counts have all gone back to nothing."""
    return {model.__name__: sorted(tuple(sorted(row.items())) for row in model.select().dicts()
                                   if any(row[column] for column in COUNTED[model]))
            for model in COUNTED}


def assert_counts_equal_a_recount():
    kept = counts_kept()
    tallies.recount()
    assert kept == counts_kept()


def test_stats_equal_a_count_of_the_rows_through_inserts_changes_and_deletes(app, viewers):
    rng = random.Random(25)
    with app.app_context(), db.connection_context():
        people = _people(150)
        _applications(people[:140], rng)
        _positions(rng)
        _favorites(people, rng)
        assert Application.select().count() == 140 and ApplicationMonthCount.select().count() > 20
        assert_figures_match(viewers)

        # One by one through the services: a submission, a decision each way, a withdrawal.
        fresh = [make_user(f"fresh{n}", id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"))
                 for n in range(1, 5)]
        submitted = [make_application(user, now=datetime.datetime(2026, 6, 10, 9, n), jurisdiction="140105")
                     for n, user in enumerate(fresh)]
        review.decide(viewers["county"], submitted[0].id, APPROVE, datetime.datetime(2026, 6, 11, 9))
        review.decide(viewers["county"], submitted[1].id, reject("照片模糊"), datetime.datetime(2026, 6, 11, 9))
        applications.withdraw(fresh[2], submitted[2].id, datetime.datetime(2026, 6, 12, 9))
        assert_figures_match(viewers)

        # Changed in bulk, by hand: states, offices, days, categories; then deleted.
        ids = [a.id for a in Application.select(Application.id).order_by(Application.id)]
        Application.update(status="approved").where(
            Application.id.in_(ids[10:30]) & (Application.status == "pending")).execute()
        Application.update(jurisdiction="140212").where(Application.id.in_(ids[30:45])).execute()
        Application.update(submitted_at=datetime.datetime(2026, 3, 5, 10)).where(
            Application.id.in_(ids[45:60])).execute()
        Application.update(category="youth", status="withdrawn").where(Application.id.in_(ids[60:70])).execute()
        Application.update(reason="只改了原因").where(Application.id.in_(ids[70:80])).execute()
        Application.delete().where(Application.id.in_(ids[80:100])).execute()
        # Positions closed, reopened, moved (their favorites with them), their openings and deadlines changed.
        positions = [p.id for p in Position.select(Position.id).order_by(Position.id)]
        Position.update(status="closed").where(Position.id.in_(positions[:8])).execute()
        Position.update(status="open").where(Position.id.in_(positions[8:14])).execute()
        Position.update(region="140213", city="140200").where(Position.id.in_(positions[14:24])).execute()
        Position.update(openings=Position.openings + 1, deadline=TODAY + datetime.timedelta(days=45)).where(
            Position.id.in_(positions[24:32])).execute()
        Favorite.delete().where(Favorite.user.in_(people[:5])).execute()
        assert_figures_match(viewers)
        assert_counts_equal_a_recount()


def test_stats_page_shows_the_kept_counts(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140100")
    with app.app_context(), db.connection_context():
        people = _people(3)
        _applications(people, random.Random(1))
        Application.update(jurisdiction="140105", category="graduate", status="pending",
                           submitted_at=clock.now()).execute()
    body = client.get("/review/stats").get_data(as_text=True)
    assert "申请合计</dt><dd>3份" in body and 'data-label="小店区" data-value="3"' in body


def test_simultaneous_writes_leave_the_counts_equal_to_a_recount(app, viewers):
    with app.app_context(), db.connection_context():
        people = _people(14)
        _applications(people[:7], random.Random(7))
        ids = [a.id for a in Application.select(Application.id)]
        # Every one on the same office and day: the writes below all change the same counts.
        Application.update(jurisdiction="140105", status="pending", category="graduate",
                           submitted_at=datetime.datetime(2026, 6, 14, 9)).execute()

    def decide(application_id):
        return lambda: review.decide(viewers["county"], application_id, APPROVE, datetime.datetime(2026, 6, 15, 9))

    def submit(n, user_id):
        def write():
            with db.atomic():
                Application.insert(
                    user=user_id, reference=f"JXC{n:08d}", submission_key=f"c-{n}", status="pending", name="王五",
                    gender="男", birth_date=datetime.date(2002, 2, 2), ethnicity="01", id_number="x",
                    education="bachelor", school="s", major="m", graduation_month="2025-06", category="graduate",
                    mobile="13912345678", household="h", address="a", jurisdiction="140105",
                    submitted_at=datetime.datetime(2026, 6, 14, 10, n), submitted_month="2026-06").execute()
        return write

    actions = [decide(i) for i in ids[:3]] + [submit(n, user_id) for n, user_id in enumerate(people[7:11])]
    results = run_together(app, *actions)
    assert not [r for r in results if isinstance(r, Exception)]
    with app.app_context(), db.connection_context():
        row = ApplicationDayCount.get(region="140105", day=datetime.date(2026, 6, 14), category="graduate",
                                      status="approved")
        assert row.count == 3
        assert shown(viewers["county"], PERIODS[0])["by_status"] == [
            ("未审核", 8), ("审核通过", 3), ("审核不通过", 0), ("已撤回", 0)]
        assert_counts_equal_a_recount()


def expected_trainees(user, today: datetime.date) -> dict:
    """见习人员与补贴 counted from the placements and claim lines themselves, in plain Python."""
    codes = _viewable(user)
    seen = (lambda code: True) if codes is None else (lambda code: code in codes)
    placements = [p for p in Placement.select() if seen(p.region_id) and p.status in ("filed", "ended")]

    def figures_of(rows) -> tuple:
        return (sum(p.start_date <= today for p in rows),
                sum(p.status == "filed" and p.start_date <= today for p in rows),
                sum(p.ending == "completed" for p in rows), sum(p.ending == "left" for p in rows),
                sum(p.ending == "hired" for p in rows), sum(p.retained is True for p in rows),
                sum(p.ending == "completed" and p.retained is None for p in rows))

    units = {p.employer_id for p in placements}
    names = {e.id: e.name for e in Employer.select()}
    by_unit = sorted(((figures_of([p for p in placements if p.employer_id == unit]), names[unit], unit)
                      for unit in units), key=lambda row: (-row[0][0], row[1], row[2]))
    lines = [(line.kind, line.state, line.amount_fen) for line in ClaimLine.select(ClaimLine, Claim).join(Claim)
             if seen(line.claim.region_id)]
    standing, paid = (lambda s: s != "returned"), (lambda s: s == "paid")
    approved = lambda s: s in ("approved", "paid")  # noqa: E731
    return {
        "trainees": figures_of(placements),
        "by_office": {code: figures_of([p for p in placements if p.region_id == code]) for code in (codes or ())}
        if codes and len(codes) > 1 else None,
        "by_unit": [(name, counted) for counted, name, _ in by_unit[:20]] if user.role != "admin" else [],
        "units": len(units),
        "money": tuple(sum(1 for kind, state, _ in lines if kind == "month" and rule(state))
                       for rule in (standing, approved, paid))
        + tuple(sum(fen for _, state, fen in lines if rule(state)) for rule in (standing, approved, paid)),
    }


def shown_trainees(user, today: datetime.date) -> dict:
    found = placement_stats.for_office(user, today)

    def figures_of(row) -> tuple:
        return (row.started, row.on_the_job, row.completed, row.left, row.hired, row.retained, row.unrecorded)

    money = found.money
    return {
        "trainees": figures_of(found.trainees),
        "by_office": {row.code: figures_of(row) for row in found.by_office} if user.role != "admin" and found.by_office
        else None,
        "by_unit": [(row.label, figures_of(row)) for row in found.by_unit],
        "units": found.units,
        "money": (money.months_claimed, money.months_approved, money.months_paid, money.claimed_fen,
                  money.approved_fen, money.paid_fen),
    }


def test_trainee_and_money_figures_equal_a_count_of_the_rows_through_changes(app, viewers):
    today = clock.today()
    with app.app_context(), db.connection_context():
        made = placement_stats_rows.world(today)
        placement_stats_rows.claims(made)
        for user in viewers.values():
            assert shown_trainees(user, today) == expected_trainees(user, today)
        p = made["placements"]
        Placement.update(status="ended", ending="completed").where(Placement.id == p["a1"].id).execute()
        Placement.update(retained=True).where(Placement.id == p["a6"].id).execute()
        Placement.update(region="140105").where(Placement.id == p["c2"].id).execute()  # moved to 小店区
        Placement.update(status="filed").where(Placement.id == p["a8"].id).execute()  # 待备案 → 备案, ahead
        ClaimLine.update(state="approved").where(ClaimLine.state == "claimed").execute()
        ClaimLine.update(state="returned", amount_fen=ClaimLine.amount_fen + 1).where(
            ClaimLine.placement == p["c1"].id).execute()
        ClaimLine.delete().where(ClaimLine.placement == p["e1"].id).execute()
        for user in viewers.values():
            assert shown_trainees(user, today) == expected_trainees(user, today)
        for later in (today + datetime.timedelta(days=1), today + datetime.timedelta(days=6)):  # a3, a8 start
            assert shown_trainees(viewers["county"], later) == expected_trainees(viewers["county"], later)
        assert_counts_equal_a_recount()


def test_recount_stats_puts_back_counts_that_a_load_without_triggers_left_out(app, viewers):
    with app.app_context(), db.connection_context():
        _applications(_people(6), random.Random(3))
        ApplicationDayCount.delete().execute()  # as if loaded with the triggers off
        ApplicationMonthCount.delete().execute()
        assert shown(viewers["admin"], PERIODS[0]) != expected(viewers["admin"], PERIODS[0])
    result = app.test_cli_runner().invoke(args=["recount-stats"])
    assert result.exit_code == 0 and "已按现有数据重新统计" in result.output
    with app.app_context(), db.connection_context():
        assert shown(viewers["admin"], PERIODS[0]) == expected(viewers["admin"], PERIODS[0])
