"""Placements in every state and claims in every state across 太原市 and 大同市, for the figures of
见习人员与补贴 (services/placement_stats.py) as an office and a unit see them. Placements and claims
are made with the models directly (the claim services are not needed to have a claim line); and the
figures' pages for the HTML checker.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import datetime

from jianxi.db import db
from jianxi.models import Batch, Claim, ClaimLine, Placement, Position, User
from tests import clock
from tests.factories import code, make_employer, make_position, make_user, register_unit, valid_id_number
from tests.review.roster_rows import placement
from tests.support import text

MONTH_FEN = 129000  # 1,290.00 元, a trainee-month in 离石 2025


def people(prefix: str):
    """Trainees named <prefix>1, <prefix>2, … as needed (each placement its own person), born 2004-07-07."""
    n = 0

    def next_person() -> User:
        nonlocal n
        n += 1
        return make_user(f"{prefix}{n}", real_name=f"见习{n}号",
                         id_number=valid_id_number(birth="20040707", sequence=f"{n:03d}"))

    return next_person


def position_of(employer, region: str) -> Position:
    return make_position(employer, region=region, title="见习岗位", openings=20)


def ended(made: Placement, how: str, retained: bool | None = None) -> Placement:
    """`made` (备案) ended 期满 ('completed'), 中途退出 ('left') or 提前留用 ('hired', kept on)."""
    Placement.update(status="ended", ending=how, retained=True if how == "hired" else retained,
                     last_day=made.end_date - datetime.timedelta(days=1), ended_at=clock.now()).where(
        Placement.id == made.id).execute()
    return Placement.get_by_id(made.id)


def world(today: datetime.date) -> dict:
    """As of `today`:

    小店区 (140105), unit A 山西晋阳软件有限公司 (its account `danwei_a`): 在岗 a1 since 60 days, a2 from today;
    a3 备案 starting tomorrow; a4 期满 留用, a5 期满 未留用, a6 期满 留用 not recorded, a7 中途退出; a8 待备案.
    小店区, unit B 太原汾河商贸有限公司 (account `danwei_b`): b1 提前留用, b2 中途退出; b3 待签协议.
    迎泽区 (140106), unit C: 在岗 c1 and c2, c3 期满 留用.  太原市市本级 (140100), unit D: d1 提前留用.
    大同市 平城区 (140213), unit E: 在岗 e1, e2 期满 未留用.
    """
    person = people("fig")
    start = today - datetime.timedelta(days=200)  # long enough ago for any ending
    _, unit_a = register_unit("danwei_a", code("MA0KF0001"), name="山西晋阳软件有限公司")
    _, unit_b = register_unit("danwei_b", code("MA0KF0002"), name="太原汾河商贸有限公司")
    unit_a, unit_b = unit_a.employer, unit_b.employer
    unit_c = make_employer(region="140106", name="山西迎泽文化传媒有限公司", credit_code=code("MA0KF0003", "140106"))
    unit_d = make_employer(region="140100", name="太原市龙城物流有限公司", credit_code=code("MA0KF0004", "140100"))
    unit_e = make_employer(region="140213", name="大同云冈旅游有限公司", credit_code=code("MA0KF0005", "140213"))
    a, b = position_of(unit_a, "140105"), position_of(unit_b, "140105")
    c, d, e = position_of(unit_c, "140106"), position_of(unit_d, "140100"), position_of(unit_e, "140213")
    made = {
        "a1": placement(person(), a, start=today - datetime.timedelta(days=60)),
        "a2": placement(person(), a, start=today),
        "a3": placement(person(), a, start=today + datetime.timedelta(days=1)),
        "a4": ended(placement(person(), a, start=start), "completed", True),
        "a5": ended(placement(person(), a, start=start), "completed", False),
        "a6": ended(placement(person(), a, start=start), "completed"),
        "a7": ended(placement(person(), a, start=start), "left"),
        "a8": placement(person(), a, "submitted", start=today + datetime.timedelta(days=5)),
        "b1": ended(placement(person(), b, start=start), "hired"),
        "b2": ended(placement(person(), b, start=start), "left"),
        "b3": placement(person(), b, "accepted", start=today + datetime.timedelta(days=9), insured=False),
        "c1": placement(person(), c, start=today - datetime.timedelta(days=10)),
        "c2": placement(person(), c, start=today - datetime.timedelta(days=3)),
        "c3": ended(placement(person(), c, start=start), "completed", True),
        "d1": ended(placement(person(), d, start=start), "hired"),
        "e1": placement(person(), e, start=today - datetime.timedelta(days=5)),
        "e2": ended(placement(person(), e, start=start), "completed", False),
    }
    return {"placements": made, "units": {"A": unit_a, "B": unit_b, "C": unit_c, "D": unit_d, "E": unit_e}}


def batch(region: str, number: int, paid: bool, by: User) -> Batch:
    published = datetime.date(2026, number * 3, 1)
    return Batch.create(region=region, year=2026, number=number, status="paid" if paid else "published",
                        contact="0351-1234567", published_on=published, window_ends=published + datetime.timedelta(days=7),
                        created_at=clock.now(), created_by=by, paid_on=published + datetime.timedelta(days=10) if paid else None)


def claim(employer, region: str, in_batch: Batch | None, by: User, lines: list[tuple]) -> Claim:
    """A claim of `employer` to `region`'s office with `lines`: (placement, kind, month or None, 分, state)."""
    made = Claim.create(employer=employer, region=region, period_from=datetime.date(2026, 1, 1),
                        period_to=datetime.date(2026, 3, 31), status="decided" if in_batch else "submitted",
                        submitted_at=clock.now(), submitted_by=by, batch=in_batch)
    for placed, kind, month, fen, state in lines:
        ClaimLine.create(claim=made, placement=placed, kind=kind, month=month, amount_fen=fen, state=state,
                         basis="测试数据")
    return made


def claims(made: dict) -> dict:
    """Claims on the world's placements (months of 2026), and the batches they are in:

    - 小店区 2026年第1批 (已拨付): unit A's a1 January and (a part month) February paid, its insurance refund
      (120.00 元) paid, a4's January returned.
    - 小店区 2026年第2批 (公示中): unit B's b1 a month and a remaining month approved, b2's month held (异议暂缓).
    - unit A's a2 January, claimed, in no batch yet.
    - 迎泽区 2026年第1批 (公示中): unit C's c1 January approved (1,000.00 元).
    - 平城区 2026年第1批 (已拨付): unit E's e1 January paid (900.00 元).
    """
    p, units = made["placements"], made["units"]
    by = make_user("fig_office", role="reviewer", jurisdiction="140105")
    jan, feb = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
    first, second = batch("140105", 1, True, by), batch("140105", 2, False, by)
    yingze, datong = batch("140106", 1, False, by), batch("140213", 1, True, by)
    claim(units["A"], "140105", first, by, [
        (p["a1"], "month", jan, MONTH_FEN, "paid"), (p["a1"], "month", feb, MONTH_FEN // 2, "paid"),
        (p["a1"], "insurance", None, 12000, "paid"), (p["a4"], "month", jan, MONTH_FEN, "returned")])
    claim(units["B"], "140105", second, by, [
        (p["b1"], "month", jan, MONTH_FEN, "approved"), (p["b1"], "remaining", feb, MONTH_FEN, "approved"),
        (p["b2"], "month", jan, MONTH_FEN, "held")])
    claim(units["A"], "140105", None, by, [(p["a2"], "month", jan, MONTH_FEN, "claimed")])
    claim(units["C"], "140106", yingze, by, [(p["c1"], "month", jan, 100000, "approved")])
    claim(units["E"], "140213", datong, by, [(p["e1"], "month", jan, 90000, "paid")])
    return {"first": first, "second": second, "yingze": yingze, "datong": datong}


def stats_pages(client, auth, app) -> dict[str, str]:
    """统计 with 见习人员与补贴 as a county office, a city office and an admin see it, and a unit's home
    with its figures, for the HTML checker (tests/test_html_valid.py)."""
    with app.app_context(), db.connection_context():
        claims(world(clock.today()))
    pages = {}
    for name, role, jurisdiction in (("county", "reviewer", "140105"), ("city", "reviewer", "140100"),
                                     ("admin", "admin", None)):
        client.post("/logout")
        auth.login(username=f"html_figures_{name}", role=role, **({"jurisdiction": jurisdiction} if jurisdiction else {}))
        response = client.get("/review/stats")
        assert response.status_code == 200, name
        pages[f"office-stats-figures-{name}"] = text(response)
    client.post("/logout")
    auth.login(username="danwei_a")
    pages["unit-home-figures"] = text(client.get("/unit/"))
    client.post("/logout")
    return pages
