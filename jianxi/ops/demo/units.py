"""Demo 见习单位 that came in by their own door, so the unit's pages, the office's 认定 queue and the
public 名录 have something to show: `danwei`, a recognised 小店区 unit with published positions
and one waiting for the office; `xindanwei`, whose 认定 waits; `daili`, asking to act for a unit
an office keeps; and `dw01` … in 小店区 and 太原市市本级, a few in every 认定 state."""
import datetime
import io
import random

from ...models import LICENCE, Employer, UnitAccount, User
from ...services import access, attachments, recognition, unit_positions, units
from . import documents
from .words import TRADE_NAMES

STATES = ("draft", "pending", "returned", "refused", "recognised", "revoked")
# (username, unit, office, 认定 state); the numbered ones follow.
NAMED = (
    ("danwei", "山西晋阳数字科技有限公司", "140105", "recognised"),
    ("xindanwei", "太原汾河商贸有限公司", "140105", "pending"),
)
NUMBERED = 24
PUBLISHED = 2  # of danwei's POSITIONS, the first two are published; the last waits for the office
OPENINGS = (8, 6, 2)  # enough for the demo placements (ops.demo.placements, .subsidies) with seats still open
POSITIONS = (
    ("软件开发见习生", "bachelor", "计算机科学与技术", "参与业务系统的编码、调试和单元测试。"),
    ("数据分析助理", "bachelor", "统计学、计算机类", "整理业务数据，制作报表并撰写分析说明。"),
    ("新媒体运营助理", "college", "新闻传播学类", "策划和发布公众号、短视频内容。"),
)


def seed_units(rng: random.Random, password: str, now: datetime.datetime, store_in, credit_code_of) -> str:
    if UnitAccount.select().exists():
        return "已有单位账号，未重复生成。"
    offices = {"140105": User.get(User.username == "xiaodian"), "140100": User.get(User.username == "taiyuan")}
    made = []
    for number, (username, name, office, state) in enumerate(NAMED):
        made.append(_unit(username, name, office, state, password, now, store_in, offices,
                          credit_code_of("91", office, 7_000_000 + number)))
    for i in range(NUMBERED):
        office = "140105" if i % 3 else "140100"
        name = f"太原{rng.choice(TRADE_NAMES)}{'信息' if i % 2 else '文化'}服务有限公司"
        made.append(_unit(f"dw{i + 1:02d}", name, office, STATES[i % len(STATES)], password,
                          now - datetime.timedelta(days=i), store_in, offices, credit_code_of("91", office, 7_100_000 + i)))
    danwei = User.get(User.username == "danwei")
    _positions(danwei, access.acting_for(danwei), offices["140105"], now)
    kept = Employer.select().where(Employer.region == "140105").order_by(Employer.id).first()
    if kept:
        units.register(units.NewUnitAccount("daili", password, "孙代理", "13700137000", kept.credit_code, kept.name,
                                            "140105"), now)
    return f"已生成 {len(made)} 家自行注册的见习单位（账号 danwei、xindanwei、daili、dw01…，密码均为 {password}）。"


def _unit(username, name, office, state, password, now, store_in, offices, code) -> Employer:
    """A unit whose 认定 has reached `state`, decided by the office's demo reviewer."""
    registered = now - datetime.timedelta(days=20)
    user, _ = units.register(units.NewUnitAccount(username, password, "李经办", "13900139000", code, name, office),
                             registered)
    unit = access.acting_for(user)
    licence = attachments.store(user, LICENCE, io.BytesIO(documents.licence(len(username))), "营业执照.png", store_in)
    data, _ = recognition.parse(
        {"unit_type": "enterprise", "industry": "I" if "科技" in name or "信息" in name else "R", "insured_staff": "28",
         "address": f"{'太原市小店区' if office == '140105' else '太原市迎泽区'}长风街{len(name) * 7}号",
         "region": office, "contact_person": "李经办", "phone": "0351-7654321",
         "statement": "单位经营正常，有固定办公场所，可安排专人带教。"},
        [{"name": "张老师", "title": "部门经理", "phone": "13812345678"}],
    )
    recognition.save(user, unit, data, licence.id, registered)
    if state == "draft":
        return unit
    submitted = recognition.submit(user, unit, registered + datetime.timedelta(days=1))
    decided = registered + datetime.timedelta(days=3)
    reviewer = offices[office]
    if state == "returned":
        recognition.decide(reviewer, submitted.id, recognition.Decision("return", details="请补充带教老师的职称证明"), decided)
    elif state == "refused":
        recognition.decide(reviewer, submitted.id, recognition.Decision("refuse", ("too_small",), "参保人数不足3人"), decided)
    elif state in ("recognised", "revoked"):
        recognition.decide(reviewer, submitted.id, recognition.Decision("recognise"), decided)
        if state == "revoked":
            recognition.revoke(reviewer, submitted.id, "连续一年未接收见习人员", decided + datetime.timedelta(days=5))
    return Employer.get_by_id(unit.id)


def _positions(user, unit: Employer, reviewer, now: datetime.datetime) -> None:
    deadline = (now + datetime.timedelta(days=90)).date().isoformat()
    for number, (title, education, major, duties) in enumerate(POSITIONS):
        raw = {"title": title, "address": unit.address, "openings": str(OPENINGS[number]), "education": education, "major": major,
               "duration_months": "6", "monthly_subsidy": "2300", "duties": duties,
               "contact": "李经办 0351-7654321", "deadline": deadline}
        data, reference, _ = unit_positions.check(unit, raw, now.date())
        proposal = unit_positions.propose(user, unit, data, reference, now - datetime.timedelta(days=5 - number))
        if number < PUBLISHED:
            unit_positions.approve(reviewer, proposal.id, now - datetime.timedelta(days=4 - number))
