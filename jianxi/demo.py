"""Reproducible, realistic demo data: employers and positions in every jurisdiction."""
import datetime
import random

from . import bulk, regions, storage
from .demo_applications import seed_applications
from .keywords import index_text
from .models import (
    EDUCATION_LEVELS,
    POSITION_CLOSED,
    POSITION_OPEN,
    ROLE_ADMIN,
    ROLE_APPLICANT,
    ROLE_REVIEWER,
    Employer,
    Position,
    User,
)
from .services import accounts, catalog, clock, credit_code, idcard

TRADE_NAMES = (
    "晋阳", "汾河", "太行", "吕梁", "恒山", "五台", "龙城", "并州", "三晋", "晋商", "黄河", "中条",
    "华泰", "瑞丰", "鑫源", "宏达", "博远", "新程", "安康", "德润", "启航", "正泰", "云帆", "永昌",
)
EMPLOYER_KINDS = (
    ("科技有限公司", ("软件开发见习生", "网络运维见习生", "数据分析助理", "产品测试见习生", "新媒体运营")),
    ("商贸有限公司", ("销售助理", "电商运营见习生", "仓储管理员", "客户服务专员", "市场推广助理")),
    ("会计师事务所", ("审计助理", "会计助理", "税务专员助理", "出纳见习生")),
    ("人民医院", ("护理见习生", "药房助理", "医学影像技术见习", "康复治疗见习", "导医")),
    ("职业技术学校", ("教学助理", "学生管理干事", "实训室管理员", "招生宣传助理")),
    ("农业科技发展有限公司", ("农技推广员", "质量检测员", "电商主播助理", "种植技术员")),
    ("建筑工程有限公司", ("施工员见习", "资料员", "造价助理", "安全员见习")),
    ("文化传媒有限公司", ("文案策划", "视频剪辑见习生", "平面设计助理", "活动执行")),
    ("物流有限公司", ("调度员", "物流单证员", "仓库管理见习生", "客服专员")),
    ("社区服务中心", ("社会工作助理", "综合文员", "养老服务专员", "政务服务窗口见习")),
)
MAJORS = {
    "软件开发见习生": "计算机科学与技术、软件工程", "网络运维见习生": "网络工程、计算机类",
    "数据分析助理": "统计学、数学、计算机类", "会计助理": "会计学、财务管理", "审计助理": "审计学、会计学",
    "护理见习生": "护理学", "药房助理": "药学", "教学助理": "教育学类", "施工员见习": "土木工程",
    "造价助理": "工程造价", "平面设计助理": "视觉传达设计、数字媒体艺术", "农技推广员": "农学、园艺",
}
DUTIES = (
    "在带教老师指导下参与日常业务工作，熟悉岗位流程；",
    "整理、录入和归档相关资料，确保信息准确完整；",
    "协助部门开展对外联络和客户服务工作；",
    "参加单位组织的岗前培训和业务学习，按期完成见习计划；",
    "完成领导交办的其他工作。",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
STREETS = ("迎泽大街", "长风街", "府西街", "和平路", "解放路", "新建路", "滨河路", "建设路", "人民路", "学府街")


def demo_credit_code(rng: random.Random, area: str) -> str:
    """A well-formed 统一社会信用代码 (a company registered in `area`) with a random body."""
    body = "".join(rng.choice(credit_code.CHARSET) for _ in range(9))
    first17 = f"91{area}{body}"
    return first17 + credit_code.check_character(first17)


def _employers_for(rng: random.Random, code: str, count: int) -> list[dict]:
    place = regions.name_of(code).split()[-1].removesuffix("市本级")
    rows = []
    for _ in range(count):
        kind, _titles = rng.choice(EMPLOYER_KINDS)
        name = f"{place}{kind}" if kind in ("人民医院", "社区服务中心") else f"山西{rng.choice(TRADE_NAMES)}{kind}"
        rows.append(
            {
                "name": name,
                "credit_code": demo_credit_code(rng, code),
                "region": code,
                "address": f"{place}{rng.choice(STREETS)}{rng.randint(1, 399)}号",
                "contact_person": f"{rng.choice(SURNAMES)}{'女士' if rng.random() < .5 else '先生'}",
                "phone": f"0351-{rng.randint(2000000, 8999999)}",
            }
        )
    return rows


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
        messages.append(_seed_positions(positions, seed, today))
    now = datetime.datetime.combine(today, datetime.time(9, 30))
    messages.append(seed_applications(random.Random(seed), DEMO_PASSWORD, now, storage.current()))
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


POSITION_COLUMNS = [
    "title", "employer_id", "search_text", "region_id", "city_id", "address", "openings", "education", "major",
    "duration_months", "monthly_subsidy", "duties", "contact", "published_at", "deadline", "status",
    "close_reason",
]


def _seed_positions(positions: int, seed: int, today: datetime.date) -> str:
    """Insert employers and `positions` positions, spread over every 市本级 and county."""
    rng = random.Random(seed)
    jurisdictions = [j.code for city in regions.cities() for j in regions.jurisdictions(city.code)]
    per_office = max(2, positions // len(jurisdictions) // 8)
    employer_rows = []
    for code in jurisdictions:
        employer_rows.extend(_employers_for(rng, code, per_office))
    columns = list(employer_rows[0])
    bulk.insert(Employer, [f"{c}_id" if c == "region" else c for c in columns],
                (tuple(row[c] for c in columns) for row in employer_rows))
    by_office = {}
    for employer_id, name, code in Employer.select(Employer.id, Employer.name, Employer.region).tuples():
        by_office.setdefault(code, []).append((employer_id, name))
    with catalog.bulk_loading():
        bulk.insert(Position, POSITION_COLUMNS, _position_rows(rng, positions, jurisdictions, by_office, today))
    return f"已生成 {len(employer_rows)} 家见习单位、{positions} 个见习岗位。"


def _position_rows(rng, positions, jurisdictions, by_office, today):
    """The rows, made as they are inserted (a million dicts would not fit comfortably)."""
    education_codes = list(EDUCATION_LEVELS)
    educations = education_codes[:4] * 3 + education_codes[4:]
    kinds = {name: titles for name, titles in EMPLOYER_KINDS}
    places = {code: (regions.city_of(code), regions.name_of(code).split()[-1]) for code in jurisdictions}
    for i in range(positions):
        code = jurisdictions[i % len(jurisdictions)]
        employer_id, employer_name = rng.choice(by_office[code])
        title = rng.choice(next(t for k, t in kinds.items() if employer_name.endswith(k)))
        published = datetime.datetime.combine(
            today - datetime.timedelta(days=rng.randint(0, 120)), datetime.time(rng.randint(8, 17), rng.randint(0, 59))
        )
        deadline = published.date() + datetime.timedelta(days=rng.randint(30, 240))
        city, place = places[code]
        yield (
            title, employer_id, index_text(title, employer_name), code, city,
            f"{place}{rng.choice(STREETS)}{rng.randint(1, 399)}号",
            rng.choice((1, 1, 2, 2, 3, 5, 10)), rng.choice(educations), MAJORS.get(title, "专业不限"),
            rng.choice((3, 6, 6, 6, 12)), rng.choice((1600, 1880, 2000, 2200, 2500, 3000)),
            "\n".join(DUTIES[: rng.randint(3, len(DUTIES))]),
            f"{rng.choice(SURNAMES)}老师 0351-{rng.randint(2000000, 8999999)}",
            published, deadline, POSITION_CLOSED if rng.random() < 0.05 else POSITION_OPEN, "",
        )
