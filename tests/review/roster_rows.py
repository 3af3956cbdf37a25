"""Placements on the offices' 花名册, made with the models directly (services.placements is not needed
to have one): trainees with an approved application, units with a position, placements in any state
with their insurance; a roster across 太原市 and 大同市; and the roster's pages for the HTML checker.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import datetime

from jianxi.db import db
from jianxi.models import POLICY, CandidateStep, Insurance, Placement, User
from jianxi.services import review
from tests import clock
from tests.factories import (
    APPROVE,
    PDF,
    code,
    make_application,
    make_attachment,
    make_employer,
    make_position,
    make_user,
    valid_id_number,
)
from tests.support import text

# The roster's dates are fixed, and each test says which day "today" is.
START = datetime.date(2027, 3, 1)
ALLOWANCE_FEN = 215000  # 2150.00 元
INSURER = "中国人民财产保险股份有限公司太原市分公司"


def end_of(start: datetime.date, months: int) -> datetime.date:
    """The last day of `months` from `start` (a day of the month up to the 28th): 2027-03-01 and 6 → 2027-08-31."""
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1) - datetime.timedelta(days=1)


def office(region: str) -> User:
    """The reviewer of `region` that approves the roster's trainees (username roster_office_<region>)."""
    username = f"ro_{region}"
    return User.get_or_none(User.username == username) or make_user(username, role="reviewer", jurisdiction=region)


def trainee(n: int, name: str, region: str = "140105", **application) -> User:
    """A 就业见习人员 of `region` named `name` (username roster<n>), approved by its office."""
    user = make_user(f"roster{n}", real_name=name, mobile=f"139{n:08d}",
                     id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"))
    made = make_application(user, jurisdiction=region, mobile=f"139{n:08d}", **application)
    review.decide(office(region), made.id, APPROVE, clock.now())
    return user


def unit(body: str, region: str = "140105", name: str = "山西晋阳数字科技有限公司", title: str = "软件测试见习生"):
    """A unit of `region` (credit code code(body, region)) and one position of it: (employer, position)."""
    employer = make_employer(region=region, name=name, credit_code=code(body, region))
    return employer, make_position(employer, region=region, title=title, openings=10)


def placement(user: User, position, status: str = "filed", start: datetime.date = START, months: int = 6,
              allowance_fen: int | None = ALLOWANCE_FEN, mentor: str = "张老师", insured: bool = True,
              policy_number: str = "PZAE2027140105000123", filed_at: datetime.datetime | None = None,
              end: datetime.date | None = None) -> Placement:
    """`user`'s placement at `position` (and the accepted offer it came from), in `status`, with its
    accident insurance unless insured=False; a 备案 one filed at `filed_at` (default: a week before start);
    the period ends at `end` if given, else end_of(start, months)."""
    now = clock.now()
    offer = CandidateStep.create(position=position, employer=position.employer_id, user=user, kind="offer",
                                 status="accepted", start_date=start, expires_at=now + datetime.timedelta(days=7),
                                 answered_at=now, created_at=now, created_by=user)
    filed_at = filed_at or datetime.datetime.combine(start - datetime.timedelta(days=7), datetime.time(10))
    made = Placement.create(
        user=user, position=position, employer=position.employer_id, offer=offer, region=position.employer.region_id,
        status=status, accepted_at=now, start_date=start, months=months, end_date=end or end_of(start, months),
        allowance_fen=allowance_fen, mentor_name=mentor, mentor_title="工程师", mentor_phone="13812345678",
        submitted_at=now if status in ("submitted", "filed") else None,
        decided_at=filed_at if status == "filed" else None, updated_at=now,
    )
    if insured:
        scan = make_attachment(user, POLICY, PDF, "保单.pdf")
        Insurance.create(placement=made, insurer=INSURER, policy_number=policy_number, starts_on=start,
                         ends_on=made.end_date, premium_fen=12000, scan=scan, recorded_at=now, recorded_by=user)
    return made


def roster_world() -> dict:
    """Placements across 太原市 and 大同市, by name:

    - 小店区 (140105), 晋阳数字 (unit "xiaodian"): 待备案 陈晓雨 and 已备案 王小明 starting on START, 在岗 李华
      since 2027-01-04; 退回修改 赵敏 and 待签协议 孙强 (not on any roster).
    - 小店区, 汾河商贸 (unit "xiaodian2"): 已备案 周杰 starting 2027-02-01 for 3 months (to 2027-04-30).
    - 太原市市本级 (140100): 已备案 吴芳 starting START. 迎泽区 (140106): 已备案 郑伟. 大同市 平城区 (140213): 已备案 冯丽.
    """
    xiaodian, position = unit("MA0KR0001")
    xiaodian2, position2 = unit("MA0KR0002", name="太原汾河商贸有限公司", title="销售助理")
    city_unit, city_position = unit("MA0KR0003", "140100", name="太原市龙城物流有限公司", title="物流调度")
    yingze_unit, yingze_position = unit("MA0KR0004", "140106", name="山西迎泽文化传媒有限公司", title="编辑助理")
    datong_unit, datong_position = unit("MA0KR0005", "140213", name="大同云冈旅游有限公司", title="导游助理")
    made = {
        "陈晓雨": placement(trainee(1, "陈晓雨"), position, "submitted"),
        "王小明": placement(trainee(2, "王小明"), position),
        "李华": placement(trainee(3, "李华"), position, start=datetime.date(2027, 1, 4)),
        "赵敏": placement(trainee(4, "赵敏"), position, "returned"),
        "孙强": placement(trainee(5, "孙强"), position, "accepted", allowance_fen=None, insured=False),
        "周杰": placement(trainee(6, "周杰"), position2, start=datetime.date(2027, 2, 1), months=3),
        "吴芳": placement(trainee(7, "吴芳", "140100"), city_position),
        "郑伟": placement(trainee(8, "郑伟", "140106"), yingze_position),
        "冯丽": placement(trainee(9, "冯丽", "140213"), datong_position),
    }
    return {"placements": made, "units": {"xiaodian": xiaodian, "xiaodian2": xiaodian2, "city": city_unit,
                                          "yingze": yingze_unit, "datong": datong_unit}}


def roster_pages(client, auth, app) -> dict[str, str]:
    """The roster's page (filtered, with a notice, and empty) for the HTML checker (tests/test_html_valid.py)."""
    with app.app_context(), db.connection_context():
        xiaodian, position = unit("MA0KR0H01")
        placement(trainee(91, "陈晓雨"), position, "submitted")
        placement(trainee(92, "王小明"), position)
    client.post("/logout")
    auth.login(username="html_roster", role="reviewer", jurisdiction="140105")
    pages = {}
    for name, url in {
        "office-roster": "/review/roster/",
        "office-roster-filtered": f"/review/roster/?state=filed&month=2027-03&unit={xiaodian.id}",
        "office-roster-notices": "/review/roster/?month=2027-13&unit=x&state=y&page=0",
        "office-roster-empty": "/review/roster/?month=2020-01",
        "office-roster-refused": "/review/roster.xlsx?month=x",
    }.items():
        response = client.get(url)
        assert response.status_code in (200, 400), name
        pages[name] = text(response)
    client.post("/logout")
    return pages
