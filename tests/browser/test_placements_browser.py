"""Issue 22 in a real browser: from 收藏 to 在岗.

One walk, run twice, with JavaScript on and off: the unit and the office at a desk (1280×800), the
trainee on a phone (360×740).

1. The unit (a recognised unit with one open position, shortlisted by a trainee) opens 见习岗位 →
   意向人员 → the trainee, 邀请面试, then 录用 with a 拟上岗日期 a week on.
2. The trainee reads both in 个人中心 (录用与面试通知) and accepts the offer: 我的见习, 待签协议.
3. The unit, from 单位网厅 → 见习人员, 修改协议 (working hours, a higher allowance, the 带教老师),
   reads the agreement in full, downloads its PDF, and confirms the new version.
4. The trainee confirms the same version.
5. The unit 登记保险 with its 保单 (a PDF) and 提交备案.
6. The office (a reviewer of 小店区 made for the walk) finds the trainee in the 花名册 and 备案.
7. Time passes to the start date; the trainee sees 在岗 on 我的见习 and in 个人中心.

The unit, the trainee and the office each have their own browser context, so each stays signed in
as a person would. Every kind of page the walk passes is checked with axe-core and for sideways
scrolling at its own size.
"""
import datetime
import itertools
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jianxi.models import MinimumWage, Placement, Position, User
from jianxi.services import candidates, favorites, placements
from jianxi.services.agreement_terms import end_of
from tests import clock
from tests.factories import PASSWORD, PDF, hiring_unit, make_user, minimum_wage, trainee

from .helpers import WALKS, Walk, heading, in_database, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
XIAODIAN = "140105"
XIAODIAN_NAME = "太原市 小店区"
POSITION_TITLE = "软件测试见习生"  # hiring_unit's position
TRAINEE_NAME = "张三"  # make_user's real_name, which trainee() keeps
MENTOR = "张老师（技术总监）"  # hiring_unit's 带教老师, from its 认定
_sequence = itertools.count(1)


@dataclass
class World:
    """What the walk starts from, made by the services in the live server's database."""

    unit_username: str
    unit_name: str
    position_id: int
    trainee_username: str
    office_username: str
    shortlisted_on: datetime.date


# -- the people -----------------------------------------------------------------------------------


def make_world(server) -> World:
    """小店区's minimum wage, a recognised unit with one open position (danwei<n>, 带教老师 张老师), an
    approved trainee who shortlisted it, and a reviewer of 小店区's office; every password PASSWORD."""
    n = next(_sequence)
    mark = uuid.uuid4().hex[:4].upper()
    with in_database(server):
        if not MinimumWage.select().where(MinimumWage.region == XIAODIAN).exists():
            minimum_wage(XIAODIAN, yuan=2000)  # the live server loads no shipped figures
        unit_name = f"山西见习录用测试{mark}有限公司"
        _, _, position = hiring_unit(username=f"danwei{n}", body=f"MA0PL{n:04d}", region=XIAODIAN, name=unit_name)
        person = trainee(600 + n)  # sequences well above the demo's applicants'
        shortlisted = clock.now()
        favorites.add(person, position.id, shortlisted)
        office = f"xiaodian_pl{n}"  # the demo already has a xiaodian
        make_user(office, role="reviewer", jurisdiction=XIAODIAN, real_name="钱备案")
        return World(f"danwei{n}", unit_name, position.id, person.username, office, shortlisted.date())


def move_start_to_today(server, placement_id: int) -> None:
    """Time passing: the service has no clock a test can set, and the offer's 拟上岗日期 had to be
    after the day it was made; so, once 备案, the placement's period is moved back to start today
    (the service's today), as if the walk had waited until its start date."""
    today = clock.today()
    with in_database(server):
        placement = Placement.get_by_id(placement_id)
        Placement.update(start_date=today, end_date=end_of(today, placement.months)).where(
            Placement.id == placement_id).execute()


def placement_of(server, placement_id: int) -> Placement:
    with in_database(server):
        return Placement.get_by_id(placement_id)


@pytest.fixture
def policy_scan(tmp_path) -> Path:
    path = tmp_path / "保单.pdf"
    path.write_bytes(PDF)
    return path


# -- small things every step uses ---------------------------------------------------------------


def main(page):
    return page.get_by_role("main")


def notice(page, text: str):
    return main(page).get_by_role("status").filter(has_text=text)


def region(page, name: str):
    """A <section> named by its heading."""
    return main(page).get_by_role("region", name=name, exact=True)


def summary_value(page, term: str):
    """A line of the agreement at a glance (its <dl>: dt → dd), on whichever side's page."""
    return main(page).locator(f"dl.details dt:text-is('{term}') + dd")


def timeline(page):
    return region(page, "办理进度").locator("li strong")


def placement_id_of(page) -> int:
    return int(re.search(r"/placements/(\d+)", page.url).group(1))


# -- 1. the unit invites and offers -----------------------------------------------------------------


def open_candidate(page, walk: Walk, world: World) -> None:
    """见习岗位 → 意向人员 of its one position → the trainee who shortlisted it."""
    page.goto("/unit/positions/")
    main(page).get_by_role("link", name=re.compile(r"^意向人员")).click()
    expect(page).to_have_url(re.compile(rf"/unit/positions/{world.position_id}/candidates/$"))
    expect(heading(page)).to_have_text(f"意向人员 {POSITION_TITLE}")
    expect(main(page)).to_contain_text("招收 2 人，已录用 0 人。")
    row = main(page).locator("tbody tr", has_text=TRAINEE_NAME)
    expect(row.locator("td[data-label=学历]")).to_have_text("大学本科")
    expect(row.locator("td[data-label=进展]")).to_have_text(f"{world.shortlisted_on:%Y-%m-%d} 收藏")
    walk.check(page, "意向人员")
    row.get_by_role("link", name=TRAINEE_NAME).click()

    expect(page).to_have_url(re.compile(rf"/unit/positions/{world.position_id}/candidates/\d+$"))
    expect(heading(page)).to_have_text(f"{TRAINEE_NAME} {POSITION_TITLE}")
    expect(region(page, "联系记录")).to_contain_text("还没有联系过这位人员。")
    walk.check(page, "意向人员 (one)")


def invite(page, walk: Walk, meet_at: datetime.datetime) -> None:
    """邀请面试: time, place and a note; back on the page, told so, the step in 联系记录."""
    form = region(page, "邀请面试")
    form.get_by_label("面试时间", exact=True).fill(meet_at.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("面试地点", exact=True).fill("太原市小店区长治路1号 3层会议室")
    form.get_by_label("备注（选填）", exact=True).fill("请携带身份证和毕业证书。")
    form.get_by_role("button", name="发送面试邀请").click()

    expect(page).to_have_url(re.compile(r"/candidates/\d+\?done=interview$"))
    expect(notice(page, "面试邀请")).to_have_text("已发送面试邀请，对方在个人中心可以看到。")
    expect(region(page, "联系记录").locator("li")).to_contain_text(
        [f"邀请面试：{meet_at:%Y-%m-%d %H:%M}，太原市小店区长治路1号 3层会议室"])
    walk.check(page, "意向人员 (invited)")


def offer(page, walk: Walk, start: datetime.date) -> None:
    """录用 with a 拟上岗日期 after today: 待答复 in 联系记录, newest first."""
    form = region(page, "录用")
    form.get_by_label("拟上岗日期", exact=True).fill(start.isoformat())
    form.get_by_label("说明（选填）", exact=True).fill("请按时报到。")
    form.get_by_role("button", name="发出录用通知").click()

    expect(page).to_have_url(re.compile(r"/candidates/\d+\?done=offer$"))
    expect(notice(page, "录用通知")).to_have_text("已发出录用通知，对方7天内可在个人中心接受或婉拒。")
    steps = region(page, "联系记录").locator("li strong")
    expect(steps).to_have_text(["录用", "邀请面试"])
    expect(region(page, "联系记录").locator("li").first).to_contain_text(f"拟上岗日期 {start.isoformat()}，待答复")
    walk.check(page, "意向人员 (offered)")


# -- 2. the trainee accepts -------------------------------------------------------------------------


def accept(page, walk: Walk, world: World, start: datetime.date) -> int:
    """个人中心 → 录用与面试通知 → the offer → 接受录用 → 我的见习, 待签协议. Returns the placement's id."""
    page.goto("/me/")
    notices = region(page, "录用与面试通知")
    expect(notices.get_by_role("link")).to_have_text([
        f"录用：{world.unit_name} · {POSITION_TITLE}",
        f"邀请面试：{world.unit_name} · {POSITION_TITLE}",
    ])
    walk.check(page, "个人中心 (notices)")
    notices.get_by_role("link", name=re.compile(r"^录用：")).click()

    expect(page).to_have_url(re.compile(r"/me/offers/\d+$"))
    expect(heading(page)).to_have_text(f"录用 {world.unit_name}")
    facts = main(page).locator("dl.details")
    expect(facts.locator("dt:text-is('拟上岗日期') + dd")).to_have_text(start.isoformat())
    expect(facts.locator("dt:text-is('状态') + dd")).to_contain_text("待答复")
    expect(facts.locator("dt:text-is('单位说明') + dd")).to_have_text("请按时报到。")
    walk.check(page, "录用通知")
    region(page, "答复录用通知").get_by_role("button", name="接受录用").click()

    expect(page).to_have_url(re.compile(r"/me/placements/\d+\?done=accepted$"))
    expect(heading(page)).to_have_text("我的见习 待签协议")
    expect(notice(page, "已接受录用")).to_have_text(
        "已接受录用。请查看并确认见习协议；您的其他录用通知已撤回，收藏已关闭。")
    expect(summary_value(page, "见习单位")).to_have_text(world.unit_name)
    expect(summary_value(page, "工作时间")).to_have_text("未填写")
    # Nothing to confirm until the unit has filled the agreement in.
    expect(region(page, "见习协议").get_by_role("button")).to_have_count(0)
    expect(region(page, "见习协议")).to_contain_text("单位填写后，您可以在这里确认。")
    expect(timeline(page)).to_have_text(["单位发出录用通知", "见习人员接受录用"])
    walk.check(page, "我的见习 (待签协议)")
    return placement_id_of(page)


# -- 3. the unit fills the agreement in, reads it and confirms it -------------------------------------


def open_placement(page, walk: Walk, placement_id: int, start: datetime.date) -> None:
    """单位网厅 → 见习人员 → the trainee: 待签协议, waiting for the unit to confirm."""
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="单位网厅").click()
    expect(page).to_have_url(re.compile(r"/unit/$"))
    page.get_by_role("navigation", name="单位网厅").get_by_role("link", name="见习人员").click()

    expect(page).to_have_url(re.compile(r"/unit/placements/$"))
    expect(heading(page)).to_have_text("见习人员")
    row = main(page).locator("tbody tr", has_text=TRAINEE_NAME)
    expect(row.locator("td[data-label=见习岗位]")).to_have_text(POSITION_TITLE)
    expect(row.locator("td[data-label=见习期]")).to_have_text(f"{start.isoformat()} 至 {end_of(start, 6).isoformat()}")
    expect(row.locator("td[data-label=状态]")).to_have_text("待签协议")
    expect(row.locator("td[data-label=下一步]")).to_have_text("单位确认协议")
    walk.check(page, "见习人员")
    row.get_by_role("link", name=TRAINEE_NAME).click()

    expect(page).to_have_url(re.compile(rf"/unit/placements/{placement_id}$"))
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 待签协议")
    expect(summary_value(page, "带教老师")).to_have_text(MENTOR)
    expect(summary_value(page, "基本生活补助")).to_have_text("2,200.00 元/月")
    expect(summary_value(page, "意外伤害保险")).to_have_text("未登记")
    walk.check(page, "见习记录 (unit)")


def edit_terms(page, walk: Walk, start: datetime.date) -> None:
    """修改协议: the offer's start and the position's terms filled in; saved as 第2版."""
    region(page, "见习协议").get_by_role("link", name="修改协议").click()
    expect(page).to_have_url(re.compile(r"/unit/placements/\d+/agreement/edit$"))
    expect(heading(page)).to_have_text("修改见习协议")
    expect(page.get_by_label("见习开始日期", exact=True)).to_have_value(start.isoformat())
    expect(page.get_by_label("见习期限", exact=True)).to_have_value("6")
    expect(page.get_by_label("基本生活补助（元/月）", exact=True)).to_have_value("2200.00")
    mentor = page.get_by_label("带教老师", exact=True)
    expect(mentor.locator("option:checked")).to_have_text(MENTOR)
    walk.check(page, "修改见习协议")

    page.get_by_label("基本生活补助（元/月）", exact=True).fill("2300")
    mentor.select_option(label=MENTOR)
    page.get_by_label("工作时间", exact=True).fill("周一至周五 9:00–17:00")
    page.get_by_label("见习内容", exact=True).fill("参与软件测试，编写测试用例和缺陷报告。")
    page.get_by_label("其他约定（选填）", exact=True).fill("午餐由单位食堂提供。")
    page.get_by_role("button", name="保存协议").click()

    expect(page).to_have_url(re.compile(r"/unit/placements/\d+\?done=terms$"))
    expect(notice(page, "新版本")).to_have_text("协议已保存为新版本，请确认；见习人员也需要重新确认。")
    expect(summary_value(page, "基本生活补助")).to_have_text("2,300.00 元/月")
    expect(summary_value(page, "工作时间")).to_have_text("周一至周五 9:00–17:00")
    expect(summary_value(page, "协议版本")).to_have_text("第2版；单位未确认，见习人员未确认")


def read_agreement(page, walk: Walk, world: World) -> None:
    """查看协议全文: the agreement as a page, then back; 下载协议（PDF） gives a PDF."""
    region(page, "见习协议").get_by_role("link", name="查看协议全文").click()
    expect(page).to_have_url(re.compile(r"/unit/placements/\d+/agreement$"))
    expect(main(page).get_by_role("article")).to_contain_text(world.unit_name)
    expect(main(page).get_by_role("article")).to_contain_text("周一至周五 9:00–17:00")
    walk.check(page, "见习协议 (full text)")
    main(page).get_by_role("link", name="返回见习记录").click()
    expect(page).to_have_url(re.compile(r"/unit/placements/\d+$"))

    with page.expect_download() as downloading:
        region(page, "见习协议").get_by_role("link", name="下载协议（PDF）").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF"), f"下载协议（PDF） gave {body[:20]!r}"


def unit_confirms(page, walk: Walk) -> None:
    region(page, "见习协议").get_by_role("button", name="单位确认协议（第2版）").click()
    expect(page).to_have_url(re.compile(r"/unit/placements/\d+\?done=confirmed$"))
    expect(notice(page, "单位已确认协议")).to_be_visible()
    expect(summary_value(page, "协议版本")).to_have_text("第2版；单位已确认，见习人员未确认")
    expect(region(page, "见习协议").get_by_role("button")).to_have_count(0)
    missing = region(page, "提交备案").get_by_role("listitem")
    expect(missing).to_have_text(["见习协议须由单位和见习人员双方确认当前版本。", "请先登记意外伤害保险。"])
    walk.check(page, "见习记录 (unit confirmed)")


# -- 4. the trainee confirms ---------------------------------------------------------------------


def trainee_confirms(page, walk: Walk, placement_id: int) -> None:
    page.goto(f"/me/placements/{placement_id}")
    expect(summary_value(page, "工作时间")).to_have_text("周一至周五 9:00–17:00")
    expect(summary_value(page, "基本生活补助")).to_have_text("2,300.00 元/月")
    walk.check(page, "我的见习 (to confirm)")
    region(page, "见习协议").get_by_role("button", name="确认协议（第2版）").click()

    expect(page).to_have_url(re.compile(rf"/me/placements/{placement_id}\?done=confirmed$"))
    expect(notice(page, "您已确认见习协议")).to_be_visible()
    expect(summary_value(page, "协议版本")).to_have_text("第2版；单位已确认，见习人员已确认")
    expect(region(page, "见习协议").get_by_role("button")).to_have_count(0)
    walk.check(page, "我的见习 (confirmed)")


# -- 5. the unit insures and submits -------------------------------------------------------------


def record_insurance(page, walk: Walk, start: datetime.date, scan: Path) -> None:
    """登记保险: the period offered is the placement's; the 保单 uploaded as a PDF."""
    page.reload()
    expect(summary_value(page, "协议版本")).to_have_text("第2版；单位已确认，见习人员已确认")
    region(page, "意外伤害保险").get_by_role("link", name="登记保险").click()

    expect(page).to_have_url(re.compile(r"/unit/placements/\d+/insurance$"))
    expect(heading(page)).to_have_text("登记意外伤害保险")
    expect(page.get_by_label("保险起期", exact=True)).to_have_value(start.isoformat())
    expect(page.get_by_label("保险止期", exact=True)).to_have_value(end_of(start, 6).isoformat())
    walk.check(page, "登记保险")
    page.get_by_label("保险公司", exact=True).fill("中国人民财产保险股份有限公司太原市分公司")
    page.get_by_label("保单号", exact=True).fill("PZAE2027140105000999")
    page.get_by_label("保费（元）", exact=True).fill("120")
    page.get_by_label("保单", exact=True).set_input_files(scan)
    page.get_by_role("button", name="保存保险信息").click()

    expect(page).to_have_url(re.compile(r"/unit/placements/\d+\?done=insured$"))
    expect(notice(page, "保险已登记")).to_be_visible()
    insured = summary_value(page, "意外伤害保险")
    expect(insured).to_contain_text(
        f"中国人民财产保险股份有限公司太原市分公司，保单号 PZAE2027140105000999，"
        f"{start.isoformat()} 至 {end_of(start, 6).isoformat()}，保费 120.00 元")
    response = page.request.get(insured.get_by_role("link", name="查看保单").get_attribute("href"))
    assert response.ok and response.body() == scan.read_bytes(), "the 保单 does not open as uploaded"
    expect(region(page, "提交备案")).to_contain_text("协议已由双方确认，保险已登记。")
    walk.check(page, "见习记录 (insured)")


def submit(page, walk: Walk) -> None:
    region(page, "提交备案").get_by_role("button", name="提交备案").click()
    expect(page).to_have_url(re.compile(r"/unit/placements/\d+\?done=submitted$"))
    expect(notice(page, "已提交")).to_have_text("已提交经办机构备案。")
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 待备案")
    expect(main(page).get_by_role("link", name="修改协议")).to_have_count(0)  # nothing left to change
    expect(main(page).get_by_role("button")).to_have_count(0)
    walk.check(page, "见习记录 (submitted)")


# -- 6. the office 备案 ------------------------------------------------------------------------------


def file_placement(page, walk: Walk, world: World, placement_id: int) -> None:
    """工作台 → 花名册 → 待备案 → the trainee → 备案 → 提交: 已备案."""
    page.goto("/review/")
    page.get_by_role("navigation", name="经办业务").get_by_role("link", name="花名册").click()
    expect(page).to_have_url(re.compile(r"/review/roster/$"))
    expect(main(page)).to_contain_text(f"辖区：{XIAODIAN_NAME}")
    roster = region(page, "见习人员")
    roster.get_by_role("link", name=re.compile(r"^待备案 \d+ 人$")).click()
    expect(page).to_have_url(re.compile(r"/review/roster/\?(.*&)?state=submitted"))
    row = roster.locator("tbody tr", has_text=world.unit_name)
    expect(row.locator("td[data-label=状态]")).to_have_text("待备案")
    expect(row.locator("td[data-label=带教老师]")).to_have_text("张老师")
    walk.check(page, "花名册")
    row.get_by_role("link", name=TRAINEE_NAME).click()

    expect(page).to_have_url(re.compile(rf"/review/placements/{placement_id}$"))
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 待备案")
    expect(main(page)).to_contain_text(f"{world.unit_name} · {POSITION_TITLE} · 业务办理属地：{XIAODIAN_NAME}")
    expect(summary_value(page, "协议版本")).to_have_text("第2版；单位已确认，见习人员已确认")
    walk.check(page, "见习记录 (office)")
    decision = region(page, "备案")
    decision.get_by_role("radio", name="备案", exact=True).check()
    decision.get_by_role("button", name="提交").click()

    expect(page).to_have_url(re.compile(rf"/review/placements/{placement_id}$"))
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 已备案")
    expect(region(page, "备案")).to_have_count(0)  # decided once
    expect(timeline(page).last).to_have_text("经办机构备案")
    walk.check(page, "见习记录 (office, filed)")


# -- 7. 在岗 on the start date -----------------------------------------------------------------------


def see_on_the_job(page, walk: Walk, world: World, placement_id: int) -> None:
    today = clock.today()
    page.goto(f"/me/placements/{placement_id}")
    expect(heading(page)).to_have_text("我的见习 在岗")
    expect(summary_value(page, "见习期限")).to_have_text(
        f"6个月（{today.isoformat()} 至 {end_of(today, 6).isoformat()}）")
    expect(timeline(page)).to_have_text([
        "单位发出录用通知", "见习人员接受录用", "单位修改协议", "单位确认协议", "见习人员确认协议",
        "单位登记保险", "单位提交备案", "经办机构备案", "在岗",
    ])
    on_the_job = region(page, "办理进度").get_by_role("listitem").last
    expect(on_the_job.locator("time")).to_have_attribute("datetime", today.isoformat())
    expect(on_the_job).to_contain_text(f"在岗 · {TRAINEE_NAME}")
    walk.check(page, "我的见习 (在岗)")

    page.locator("header .account").get_by_role("link", name="个人中心").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    mine = main(page).get_by_role("region", name="我的见习：在岗")
    expect(mine).to_contain_text(
        f"{world.unit_name} · {POSITION_TITLE}，{today.isoformat()} 至 {end_of(today, 6).isoformat()}。")
    expect(mine.get_by_role("link", name="查看见习记录和协议")).to_be_visible()
    walk.check(page, "个人中心 (在岗)")


# -- the walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize("with_js", WALKS)
def test_placements_walk_offer_accept_agreement_insurance_filing_on_the_job(
    new_page, server, axe, policy_scan, with_js
):
    walk = Walk(with_js, axe)
    world = make_world(server)
    meet_at = datetime.datetime.combine(clock.today() + datetime.timedelta(days=2), datetime.time(9, 30))
    start = clock.today() + datetime.timedelta(days=7)
    unit_page = new_page(viewport=DESK, java_script_enabled=with_js)
    trainee_page = new_page(viewport=PHONE, java_script_enabled=with_js)
    office_page = new_page(viewport=DESK, java_script_enabled=with_js)

    sign_in(unit_page, world.unit_username, PASSWORD)
    open_candidate(unit_page, walk, world)
    invite(unit_page, walk, meet_at)
    offer(unit_page, walk, start)

    sign_in(trainee_page, world.trainee_username, PASSWORD)
    placement_id = accept(trainee_page, walk, world, start)
    assert placement_of(server, placement_id).status == "accepted"

    open_placement(unit_page, walk, placement_id, start)
    edit_terms(unit_page, walk, start)
    read_agreement(unit_page, walk, world)
    unit_confirms(unit_page, walk)

    trainee_confirms(trainee_page, walk, placement_id)

    record_insurance(unit_page, walk, start, policy_scan)
    submit(unit_page, walk)
    assert placement_of(server, placement_id).status == "submitted"

    sign_in(office_page, world.office_username, PASSWORD)
    file_placement(office_page, walk, world, placement_id)
    assert placement_of(server, placement_id).status == "filed"

    move_start_to_today(server, placement_id)
    see_on_the_job(trainee_page, walk, world, placement_id)


# -- the unit's and the office's pages on a phone ---------------------------------------------------


def test_placements_unit_and_office_pages_fit_a_phone(new_page, server, axe):
    """Units and offices work at a desk mostly, on phones too: every page of theirs this issue added,
    at 360 px, is axe-clean and does not scroll sideways (a submitted placement, so all parts show)."""
    walk = Walk(False, axe)
    world = make_world(server)
    with in_database(server):
        unit_user = User.get(User.username == world.unit_username)
        person = User.get(User.username == world.trainee_username)
        position = Position.get_by_id(world.position_id)
        start = clock.today() + datetime.timedelta(days=10)
        step = candidates.offer(unit_user, position, person.id, {"start_date": start.isoformat()}, clock.now())
        placement = placements.accept(person, step.id, clock.now())
    unit_page = new_page(viewport=PHONE, java_script_enabled=True)
    sign_in(unit_page, world.unit_username, PASSWORD)
    for path, kind in ((f"/unit/positions/{world.position_id}/candidates/", "意向人员"),
                       (f"/unit/positions/{world.position_id}/candidates/{person.id}", "意向人员 (one)"),
                       ("/unit/placements/", "见习人员"),
                       (f"/unit/placements/{placement.id}", "见习记录 (unit)"),
                       (f"/unit/placements/{placement.id}/agreement/edit", "修改见习协议"),
                       (f"/unit/placements/{placement.id}/insurance", "登记保险"),
                       (f"/unit/placements/{placement.id}/agreement", "见习协议")):
        unit_page.goto(path)
        expect(heading(unit_page)).to_be_visible()
        walk.check(unit_page, f"{kind} at {PHONE['width']}px")
    office_page = new_page(viewport=PHONE, java_script_enabled=True)
    sign_in(office_page, world.office_username, PASSWORD)
    for path, kind in (("/review/roster/", "花名册"), (f"/review/placements/{placement.id}", "见习记录 (office)")):
        office_page.goto(path)
        expect(heading(office_page)).to_be_visible()
        walk.check(office_page, f"{kind} at {PHONE['width']}px")
