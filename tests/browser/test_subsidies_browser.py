"""Issue 23 in a real browser: from the months recorded to the subsidy paid and the 见习证明.

One walk, run twice, with JavaScript on and off: the unit and the office at a desk (1280×800), the
visitor and the trainee on a phone (360×740).

1. A 小店区 unit has a trainee 在岗 since the first day of the last quarter that has ended, and the
   walk owns the figures: 月最低工资标准 1,500 元 and a 60% 见习补贴 share from that day.
2. The unit opens 单位网厅, sees 待登记的月份, records that quarter's three months from the list
   (出勤, 实发生活补助, 发放日期), then 补贴申请 → 申请见习补贴, chooses the quarter, reads how each
   line was reached (1,500.00 × 60% × 整月 = 900.00 元, and the insurance refund) and submits.
3. The office opens 补贴审核, the claim, approves it whole; in 公示与拨付 it writes the objection
   contact and publishes the batch (2026年第N批).
4. A visitor opens 见习补贴公示 and the batch: the 补贴表's total, the 花名册's name masked.
5. The window passes (the batch's dates are moved back: the service has no clock a test can set);
   the office 登记拨付 and the unit sees its claim 已拨付.
6. The placement's end date is moved back to the quarter's end; the unit writes the 期满鉴定 (合格),
   the trainee reads the months (已拨付), opens the 见习证明 and downloads its PDF, and a visitor
   verifies its code at /verify/<code>.

Each person has their own browser context. Every kind of page the walk passes is checked with
axe-core and for sideways scrolling at its own size; the fixtures fail the test on any console
error (with JavaScript on) or script error.
"""
import datetime
import io
import itertools
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from playwright.sync_api import expect

from jianxi.models import Batch, Claim, Employer, Placement, SubsidyRule
from tests import clock
from tests.factories import PASSWORD, filed_placement, make_user, minimum_wage, subsidy_rule

from .helpers import WALKS, Walk, heading, in_database, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
XIAODIAN = "140105"
TRAINEE_NAME = "张三"  # make_user's real_name, which filed_placement's trainee keeps
MASKED_NAME = "张*"
WAGE_YUAN = 1500  # filed_placement's 小店区 minimum wage; the walk makes it the one in force
MONTH_LINE = "月最低工资标准 1,500.00 元 × 60% × 整月 = 900.00 元"
INSURANCE_LINE = "保费 120.00 元，未超过上限 240.00 元，按保费计 = 120.00 元"  # filed_placement's premium
ALLOWANCE = "2200"
CONTACT = "异议请联系小店区人社局就业科，电话 0351-7000123"
VOUCHER = "BF-2026-0815"
ASSESSMENT = "工作认真负责，按时完成见习任务。"
_sequence = itertools.count(1)


# -- dates, worked out here rather than by the service ---------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_words(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


@dataclass(frozen=True)
class Quarter:
    """The last quarter that has ended: the placement starts on its first day."""

    months: tuple

    @classmethod
    def last_ended(cls, today: datetime.date) -> "Quarter":
        this_one = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        first = add_months(this_one, -3)
        return cls(tuple(add_months(first, k) for k in range(3)))

    @property
    def first(self) -> datetime.date:
        return self.months[0]

    @property
    def last_day(self) -> datetime.date:
        return month_end(self.months[-1])

    @property
    def key(self) -> str:
        return f"{self.first.year}Q{(self.first.month + 2) // 3}"

    @property
    def label(self) -> str:
        return (f"{self.first.year}年第{(self.first.month + 2) // 3}季度"
                f"（{self.first.month:02d}月—{self.months[-1].month:02d}月）")


@dataclass
class World:
    """What the walk starts from, made by the factories in the live server's database."""

    unit_username: str
    unit_name: str
    placement_id: int
    trainee_username: str
    office_username: str
    quarter: Quarter


def make_world(server) -> World:
    """A 小店区 unit (its own name) with a trainee 在岗 since the first day of the last ended
    quarter, 6 months; from that day 小店区's minimum wage is 1,500 元 and the province's share 60%
    (the demo's shipped figures are older, so these are the ones in force); an office account of
    小店区. Every password PASSWORD."""
    n = next(_sequence)
    quarter = Quarter.last_ended(clock.today())
    with in_database(server):
        minimum_wage(XIAODIAN, yuan=WAGE_YUAN, effective_from=quarter.first)
        if not SubsidyRule.select().where((SubsidyRule.region_code == "140000")
                                          & (SubsidyRule.effective_from == quarter.first)).exists():
            subsidy_rule(effective_from=quarter.first)
        unit_username = f"butie{n}"
        _, unit, placement = filed_placement(quarter.first, months=6, username=unit_username,
                                             body=f"MA0BT{n:04d}", person_number=850 + n)
        unit_name = f"山西补贴测试{uuid.uuid4().hex[:4].upper()}有限公司"
        Employer.update(name=unit_name).where(Employer.id == unit.id).execute()
        office = f"xiaodian_bt{n}"  # the demo already has a xiaodian
        make_user(office, role="reviewer", jurisdiction=XIAODIAN, real_name="孙审核")
        return World(unit_username, unit_name, placement.id, f"trainee{850 + n}", office, quarter)


# -- small things every step uses ---------------------------------------------------------------


def main(page):
    return page.get_by_role("main")


def notice(page, text: str):
    return main(page).get_by_role("status").filter(has_text=text)


def region(page, name: str):
    """A <section> named by its heading."""
    return main(page).get_by_role("region", name=name, exact=True)


def detail(page, term: str):
    """A fact of a page's <dl> (dt → dd)."""
    return main(page).locator(f"dl dt:text-is('{term}') + dd")


def cell(row, label: str):
    return row.locator(f"td[data-label='{label}']")


def tab(page, nav: str, name: str) -> None:
    page.get_by_role("navigation", name=nav).get_by_role("link", name=name, exact=True).click()


def number_in(url: str, pattern: str) -> int:
    return int(re.search(pattern, url).group(1))


# -- 2. the unit records the months and claims -------------------------------------------------------


def see_months_to_record(page, walk: Walk, world: World) -> None:
    """单位网厅: every ended month of the placement waits in 待登记的月份, oldest first."""
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="单位网厅").click()
    expect(page).to_have_url(re.compile(r"/unit/$"))
    expect(heading(page)).to_have_text("单位网厅")
    ended, month = [], world.quarter.first
    while month_end(month) < clock.today():
        ended.append(month)
        month = add_months(month, 1)
    expect(region(page, "待登记的月份").get_by_role("link")).to_have_text(
        [f"{TRAINEE_NAME}：{month_words(m)}" for m in ended])
    walk.check(page, "单位网厅")


def record_month(page, walk: Walk, world: World, month: datetime.date, first: bool) -> None:
    """From 待登记的月份, the month's form: every working day attended, the allowance paid on the
    month's last day; back on the placement's months, the month recorded and not yet claimed."""
    tab(page, "单位网厅", "单位网厅")
    region(page, "待登记的月份").get_by_role("link", name=f"{TRAINEE_NAME}：{month_words(month)}").click()

    expect(page).to_have_url(re.compile(rf"/unit/placements/{world.placement_id}/months/{month:%Y-%m}$"))
    expect(heading(page)).to_have_text(f"{month_words(month)}的出勤和生活补助 {TRAINEE_NAME}")
    served = main(page).get_by_text(re.compile(r"^本月见习："))
    expect(served).to_contain_text(f"本月见习：{month.isoformat()} 至 {month_end(month).isoformat()}")
    working = re.search(r"其中工作日 (\d+) 天（本月共 (\d+) 个工作日", served.inner_text())
    assert working and working.group(1) == working.group(2), f"{month} is a whole month: {served.inner_text()}"
    days = working.group(1)
    if first:
        walk.check(page, "月度记录 (form)")
    page.get_by_label("出勤天数", exact=True).fill(days)
    page.get_by_label("实发基本生活补助（元）", exact=True).fill(ALLOWANCE)
    page.get_by_label("发放日期", exact=True).fill(month_end(month).isoformat())
    page.get_by_role("button", name="保存记录").click()

    expect(page).to_have_url(re.compile(rf"/unit/placements/{world.placement_id}/months/\?done={month:%Y-%m}$"))
    expect(notice(page, "已保存")).to_have_text(f"已保存{month:%Y-%m}的记录。")
    row = main(page).locator("tbody tr").filter(has=page.locator("td[data-label='月份']", has_text=re.compile(
        rf"^{month_words(month)}$")))
    expect(cell(row, "出勤")).to_have_text(f"{days} 天")
    expect(cell(row, "实发生活补助（元）")).to_have_text("2,200.00")
    expect(cell(row, "补贴")).to_have_text("未申请")
    if first:
        walk.check(page, "月度记录 (list)")


def claim_quarter(page, walk: Walk, world: World) -> int:
    """补贴申请 → 申请见习补贴 → the quarter → 查看: each line with how it was reached; 提交. Returns the claim's id."""
    tab(page, "单位网厅", "补贴申请")
    expect(page).to_have_url(re.compile(r"/unit/claims/$"))
    expect(heading(page)).to_have_text("补贴申请")
    walk.check(page, "补贴申请")
    main(page).get_by_role("link", name="申请见习补贴").click()

    expect(page).to_have_url(re.compile(r"/unit/claims/new$"))
    expect(heading(page)).to_contain_text("申请见习补贴")
    main(page).get_by_label("申请期间", exact=True).select_option(label=world.quarter.label)
    main(page).get_by_role("button", name="查看").click()

    expect(page).to_have_url(re.compile(rf"/unit/claims/new\?quarter={world.quarter.key}$"))
    expect(heading(page)).to_have_text(f"申请见习补贴 {world.quarter.label}")
    lines = main(page).get_by_role("table", name="可以申请的项目").locator("tbody tr")
    expect(lines).to_have_count(4)
    expect(cell(lines, "月份")).to_have_text([month_words(m) for m in world.quarter.months] + ["—"])
    expect(cell(lines, "补贴项目")).to_have_text(["见习补贴"] * 3 + ["意外伤害保险费补贴"])
    expect(cell(lines, "金额（元）")).to_have_text(["900.00"] * 3 + ["120.00"])
    expect(cell(lines, "计算依据")).to_have_text([MONTH_LINE] * 3 + [INSURANCE_LINE])
    expect(main(page)).to_contain_text("合计：2,820.00 元（4 项）")
    walk.check(page, "申请见习补贴")
    main(page).get_by_role("button", name="提交补贴申请").click()

    expect(page).to_have_url(re.compile(r"/unit/claims/\d+\?done=submitted$"))
    claim_id = number_in(page.url, r"/claims/(\d+)")
    expect(notice(page, "补贴申请已提交")).to_contain_text("补贴申请已提交，等待")
    expect(heading(page)).to_have_text(f"补贴申请第 {claim_id} 号 待审核")
    expect(detail(page, "申请金额")).to_have_text("2,820.00 元（4 项）")
    expect(cell(main(page).locator("tbody tr"), "状态")).to_have_text(["待审核"] * 4)
    walk.check(page, "补贴申请 (one, submitted)")
    return claim_id


# -- 3. the office approves and publishes --------------------------------------------------------


def approve(page, walk: Walk, world: World, claim_id: int) -> None:
    """补贴审核 → the unit's claim (待审核) → 审核通过, no line returned."""
    page.goto("/review/")
    tab(page, "经办业务", "补贴审核")
    expect(page).to_have_url(re.compile(r"/review/claims/$"))
    expect(heading(page)).to_have_text("见习补贴审核")
    row = main(page).locator("tbody tr", has_text=world.unit_name)
    expect(row).to_have_count(1)
    expect(cell(row, "申请期间")).to_have_text(world.quarter.label)
    expect(cell(row, "项目数")).to_have_text("4")
    expect(cell(row, "申请金额（元）")).to_have_text("2,820.00")
    expect(cell(row, "审核状态")).to_have_text("待审核")
    walk.check(page, "补贴审核")
    row.get_by_role("link", name=world.unit_name).click()

    expect(page).to_have_url(re.compile(rf"/review/claims/{claim_id}$"))
    expect(heading(page)).to_have_text(f"补贴申请 {world.unit_name} · 待审核")
    lines = main(page).get_by_role("table", name="补贴申请明细").locator("tbody tr")
    expect(cell(lines, "计算依据")).to_have_text([MONTH_LINE] * 3 + [INSURANCE_LINE])
    expect(cell(lines, "状态")).to_have_text(["待审核"] * 4)
    walk.check(page, "补贴申请 (office, to decide)")
    main(page).get_by_role("button", name="审核通过（退回所勾选的项目）").click()

    expect(page).to_have_url(re.compile(rf"/review/claims/{claim_id}\?done=decided$"))
    expect(notice(page, "审核完成")).to_be_visible()
    expect(heading(page)).to_have_text(f"补贴申请 {world.unit_name} · 已审核")
    expect(main(page)).to_contain_text("审核通过 2,820.00 元，退回 0.00 元")
    expect(cell(lines, "状态")).to_have_text(["已通过"] * 4)
    expect(main(page).get_by_role("button")).to_have_count(0)  # decided once
    walk.check(page, "补贴申请 (office, decided)")


def publish(page, walk: Walk, world: World) -> tuple[int, str]:
    """公示与拨付: the approved claim waits for the next batch; 发布公示 with the objection contact.
    Returns the batch's id and title."""
    tab(page, "经办业务", "公示与拨付")
    expect(page).to_have_url(re.compile(r"/review/batches/$"))
    expect(heading(page)).to_have_text("见习补贴公示与拨付")
    upcoming = region(page, "下一批公示")
    row = upcoming.locator("tbody tr", has_text=world.unit_name)
    expect(cell(row, "审核通过金额（元）")).to_have_text("2,820.00")
    walk.check(page, "公示与拨付")
    upcoming.get_by_label("异议受理方式（联系方式）", exact=True).fill(CONTACT)
    upcoming.get_by_role("button", name="发布公示").click()

    expect(page).to_have_url(re.compile(r"/review/batches/\d+\?done=published$"))
    batch_id = number_in(page.url, r"/batches/(\d+)")
    expect(notice(page, "已发布公示")).to_be_visible()
    expect(heading(page)).to_have_text(re.compile(rf"^{clock.today().year}年第\d+批 .*· 公示中$"))
    title = re.match(r"^(\S+批)", heading(page).inner_text()).group(1)
    expect(detail(page, "异议受理方式")).to_have_text(CONTACT)
    expect(main(page)).to_contain_text("本批 1 人、3 人月，应拨付 2,820.00 元")
    walk.check(page, "公示批次 (office, in its window)")
    return batch_id, title


# -- 4. anyone reads the 公示 ------------------------------------------------------------------------


def read_publicity(page, walk: Walk, world: World, title: str) -> None:
    """公共就业 → 见习补贴公示 → the batch: the 补贴表's total, the 花名册's name masked."""
    page.goto("/public/")
    main(page).get_by_role("link", name="见习补贴公示").click()
    expect(page).to_have_url(re.compile(r"/publicity/$"))
    expect(heading(page)).to_have_text("就业见习补贴公示")
    row = main(page).locator("tbody tr").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row).to_have_count(1)
    expect(cell(row, "人数")).to_have_text("1")
    expect(cell(row, "补贴金额（元）")).to_have_text("2,820.00")
    expect(cell(row, "状态")).to_have_text("公示中")
    walk.check(page, "见习补贴公示")
    row.get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(rf"/publicity/{XIAODIAN}-\d{{4}}-\d+$"))
    expect(heading(page)).to_contain_text(f"{title} · 公示中")
    expect(main(page)).to_contain_text(CONTACT)
    total = region(page, "补贴表").locator("tfoot tr")
    expect(cell(total, "人月数")).to_have_text("3")
    expect(cell(total, "见习补贴（元）")).to_have_text("2,700.00")
    expect(cell(total, "保险补贴（元）")).to_have_text("120.00")
    expect(cell(total, "合计（元）")).to_have_text("2,820.00")
    people = region(page, "花名册").locator("tbody tr")
    expect(people).to_have_count(1)
    expect(cell(people, "姓名")).to_have_text(MASKED_NAME)
    expect(cell(people, "见习单位")).to_have_text(world.unit_name)
    quarter = world.quarter
    expect(cell(people, "补贴月份")).to_have_text(
        f"{quarter.first.year}年{quarter.first.month}月—{quarter.months[-1].month}月（3个月）")
    expect(cell(people, "金额（元）")).to_have_text("2,820.00")
    assert TRAINEE_NAME not in page.content(), "the 公示 shows the trainee's real name"
    walk.check(page, "公示批次 (public)")


# -- 5. the window passes; the office pays -------------------------------------------------------------


def close_window(server, batch_id: int) -> None:
    """Time passing: the service has no clock a test can set, so the batch is moved back to have
    been published ten days ago, its window ended yesterday."""
    today = clock.today()
    with in_database(server):
        Batch.update(published_on=today - datetime.timedelta(days=10),
                     window_ends=today - datetime.timedelta(days=1)).where(Batch.id == batch_id).execute()


def pay(page, walk: Walk, batch_id: int, title: str) -> None:
    page.goto("/review/batches/")
    row = main(page).locator("tbody tr").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(cell(row, "状态")).to_have_text("公示期满，待拨付")
    row.get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(rf"/review/batches/{batch_id}$"))
    expect(detail(page, "公示状态")).to_contain_text("公示期已满")
    paying = region(page, "登记拨付")
    walk.check(page, "公示批次 (office, window over)")
    paying.get_by_label("拨付日期", exact=True).fill(clock.today().isoformat())
    paying.get_by_label("凭证号", exact=True).fill(VOUCHER)
    paying.get_by_role("button", name="登记拨付").click()

    expect(page).to_have_url(re.compile(rf"/review/batches/{batch_id}\?done=paid$"))
    expect(notice(page, "已登记拨付")).to_be_visible()
    expect(heading(page)).to_contain_text(f"{title} ")
    expect(heading(page)).to_contain_text("已拨付")
    expect(region(page, "登记拨付")).to_have_count(0)  # paid once
    expect(detail(page, "公示状态")).to_contain_text(f"凭证号 {VOUCHER}")
    walk.check(page, "公示批次 (office, paid)")


def see_paid(page, walk: Walk, claim_id: int, title: str) -> None:
    """补贴申请: the claim in its batch, 已拨付, with the date and voucher."""
    tab(page, "单位网厅", "补贴申请")
    row = main(page).locator("tbody tr").filter(has=page.get_by_role("link", name=f"第 {claim_id} 号", exact=True))
    expect(cell(row, "审核通过（元）")).to_have_text("2,820.00")
    expect(cell(row, "状态")).to_have_text(f"{title} · 已拨付")
    row.get_by_role("link", name=f"第 {claim_id} 号").click()

    expect(page).to_have_url(re.compile(rf"/unit/claims/{claim_id}$"))
    expect(heading(page)).to_have_text(f"补贴申请第 {claim_id} 号 {title} · 已拨付")
    expect(detail(page, "拨付")).to_have_text(f"{clock.today().isoformat()}，凭证号 {VOUCHER}")
    expect(cell(main(page).locator("tbody tr"), "状态")).to_have_text(["已拨付"] * 4)
    walk.check(page, "补贴申请 (one, paid)")


# -- 6. 期满, 合格: the 见习证明 --------------------------------------------------------------------


def end_at_quarter_end(server, world: World) -> None:
    """Time passing again: the placement's end date is moved back to the claimed quarter's last
    day, as if its period had run out then, so that the unit may write the 期满鉴定 today."""
    with in_database(server):
        Placement.update(end_date=world.quarter.last_day).where(Placement.id == world.placement_id).execute()


def assess(page, walk: Walk, world: World) -> None:
    """见习人员 → the trainee → 期满鉴定 (合格, in words) → 见习结束：期满."""
    tab(page, "单位网厅", "见习人员")
    main(page).locator("tbody tr", has_text=TRAINEE_NAME).get_by_role("link", name=TRAINEE_NAME).click()
    expect(page).to_have_url(re.compile(rf"/unit/placements/{world.placement_id}$"))
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 在岗")
    walk.check(page, "见习记录 (unit, period over)")
    region(page, "结束见习").get_by_role("link", name="期满鉴定").click()

    expect(page).to_have_url(re.compile(rf"/unit/placements/{world.placement_id}/end/assess$"))
    expect(heading(page)).to_have_text(f"期满鉴定 {TRAINEE_NAME}")
    walk.check(page, "期满鉴定")
    main(page).get_by_role("radio", name="合格", exact=True).check()
    main(page).get_by_label("见习鉴定意见", exact=True).fill(ASSESSMENT)
    main(page).get_by_role("button", name="提交").click()

    expect(page).to_have_url(re.compile(rf"/unit/placements/{world.placement_id}\?done=assess$"))
    expect(notice(page, "已填写见习鉴定")).to_be_visible()
    expect(heading(page)).to_have_text(f"见习记录 {TRAINEE_NAME} · 期满")
    ending = region(page, "见习结束：期满")
    expect(ending.locator("dt:text-is('见习鉴定') + dd")).to_have_text("合格")
    expect(ending.locator("dt:text-is('最后见习日') + dd")).to_have_text(world.quarter.last_day.isoformat())
    walk.check(page, "见习记录 (unit, ended)")


def trainee_reads_and_downloads(page, walk: Walk, world: World) -> str:
    """个人中心 → 我的见习: the months recorded, each 已拨付; the 见习证明 as a page and as a PDF.
    Returns its code."""
    page.locator("header .account").get_by_role("link", name="个人中心").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    mine = main(page).get_by_role("region", name="我的见习：期满")
    expect(mine).to_contain_text(
        f"{world.unit_name} · 软件测试见习生，{world.quarter.first.isoformat()} 至 {world.quarter.last_day.isoformat()}。")
    walk.check(page, "个人中心 (期满)")
    mine.get_by_role("link", name="查看见习记录和协议").click()

    expect(page).to_have_url(re.compile(rf"/me/placements/{world.placement_id}$"))
    expect(heading(page)).to_have_text("我的见习 期满")
    months = region(page, "每月出勤和生活补助").locator("tbody tr")
    newest_first = list(reversed(world.quarter.months))
    expect(cell(months, "月份")).to_have_text([month_words(m) for m in newest_first])
    expect(cell(months, "出勤")).to_have_text([re.compile(r"^(\d+)/\1 天$")] * 3)
    expect(cell(months, "实发生活补助（元）")).to_have_text(
        [f"2,200.00（{month_end(m).isoformat()}发放）" for m in newest_first])
    expect(cell(months, "见习补贴")).to_have_text(["已拨付"] * 3)
    hint = main(page).get_by_text(re.compile(r"^证明编号 "))
    code = re.match(r"^证明编号 ([A-Z0-9]{12})：", hint.inner_text()).group(1)
    expect(hint).to_contain_text(f"/verify/{code}")
    walk.check(page, "我的见习 (期满)")
    main(page).get_by_role("link", name="查看见习证明").click()

    expect(page).to_have_url(re.compile(rf"/me/placements/{world.placement_id}/certificate$"))
    document = main(page).get_by_role("article")
    expect(document).to_contain_text("就业见习证明")
    expect(document).to_contain_text(code)
    expect(document).to_contain_text(world.unit_name)
    walk.check(page, "见习证明")
    with page.expect_download() as downloading:
        main(page).get_by_role("link", name="下载见习证明（PDF）").click()
    download = downloading.value
    assert download.suggested_filename == f"见习证明_{code}.pdf", download.suggested_filename
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF"), f"下载见习证明（PDF） gave {body[:20]!r}"
    words = "".join(extract_text(io.BytesIO(body)).split())
    assert "就业见习证明" in words and code in words and "工作认真负责" in words, words[:300]
    return code


def verify(page, walk: Walk, world: World, code: str) -> None:
    page.goto(f"/verify/{code}")
    expect(heading(page)).to_have_text("核验结果：真实有效")
    expect(detail(page, "见习人员")).to_have_text(MASKED_NAME)
    expect(detail(page, "见习单位")).to_have_text(world.unit_name)
    expect(detail(page, "见习期")).to_have_text(
        f"{world.quarter.first.isoformat()} 至 {world.quarter.last_day.isoformat()}")
    assert TRAINEE_NAME not in page.content(), "the check shows the trainee's real name"
    walk.check(page, "核验见习证明")


# -- the walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize("with_js", WALKS)
def test_subsidies_walk_months_claim_approval_publicity_payment_certificate(new_page, server, axe, with_js):
    walk = Walk(with_js, axe)
    world = make_world(server)
    unit_page = new_page(viewport=DESK, java_script_enabled=with_js)
    office_page = new_page(viewport=DESK, java_script_enabled=with_js)
    visitor_page = new_page(viewport=PHONE, java_script_enabled=with_js)
    trainee_page = new_page(viewport=PHONE, java_script_enabled=with_js)

    sign_in(unit_page, world.unit_username, PASSWORD)
    see_months_to_record(unit_page, walk, world)
    for n, month in enumerate(world.quarter.months):
        record_month(unit_page, walk, world, month, first=n == 0)
    claim_id = claim_quarter(unit_page, walk, world)

    sign_in(office_page, world.office_username, PASSWORD)
    approve(office_page, walk, world, claim_id)
    batch_id, title = publish(office_page, walk, world)
    with in_database(server):
        assert Claim.get_by_id(claim_id).batch_id == batch_id

    read_publicity(visitor_page, walk, world, title)

    close_window(server, batch_id)
    pay(office_page, walk, batch_id, title)
    see_paid(unit_page, walk, claim_id, title)
    visitor_page.reload()  # no-cache: the payment shows at once
    expect(detail(visitor_page, "状态")).to_have_text(f"已拨付（{cn_date(clock.today())}）")

    end_at_quarter_end(server, world)
    assess(unit_page, walk, world)
    sign_in(trainee_page, world.trainee_username, PASSWORD)
    code = trainee_reads_and_downloads(trainee_page, walk, world)
    verify(visitor_page, walk, world, code)
