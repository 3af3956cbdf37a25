"""Issue 21 in a real browser: a 见习单位 comes in by its own door and reaches the public.

One walk, run twice: with JavaScript at a desk (1280×800) and without it on a phone (360×740).

1. 单位注册 with a new 统一社会信用代码 of 小店区: signed in on 单位网厅 at once.
2. 认定申请 with 带教老师 and a 营业执照 file: 保存草稿, then 提交审核 (待审核).
3. 小店区's office (a reviewer made for the test) 退回补充 with a reason, confirmed first
   (a dialog with JavaScript, a page without).
4. The unit reads the reason on 单位网厅 and above the form, adds a 带教老师 and submits again.
5. The office 已认定, confirmed the same way.
6. The unit 发布见习岗位: 待审核 until the office has seen it.
7. The office opens it from 待审核 and 审核通过 (confirmed); the unit sees it published.
8. A visitor, signed out, finds the position in 见习岗位查询 and the unit in the 见习单位名录.

The unit, the office and the visitor each have their own browser context, so each stays signed in
(or out) as a person would. Every kind of page the walk passes is checked with axe-core and, on the
phone, for sideways scrolling.
"""
import datetime
import itertools
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import Employer, PositionProposal, Recognition
from jianxi.services.credit_code import check_character
from tests import clock
from tests.factories import make_user

from .helpers import heading, pdf_bytes, png_bytes, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
XIAODIAN = "140105"
XIAODIAN_NAME = "太原市 小店区"
PASSWORD = "jianxi-unit-1"
INDUSTRY = "M"  # 科学研究和技术服务业: no demo unit has it, so the 名录 filtered by it is short
_sequence = itertools.count(1)


@dataclass
class Unit:
    """What the unit's 经办人 types, nobody else's."""

    name: str
    credit_code: str
    username: str
    mobile: str
    person: str = "赵经办"
    position: str = ""


@dataclass
class Walk:
    """One run of the walk: its size, and JavaScript on or off."""

    viewport: dict
    with_js: bool
    axe: object

    def check(self, page, kind: str) -> None:
        """axe finds nothing on this kind of page as it is now, and it does not scroll sideways."""
        self.axe(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.viewport["width"], f"{kind} ({page.url}) is {width}px wide at {self.viewport['width']}px"


WALKS = [
    pytest.param(DESK, True, id="desk-js"),
    pytest.param(PHONE, False, id="phone-nojs"),
]


# -- the people and the files ------------------------------------------------------------------


def new_unit() -> Unit:
    """A unit of 小店区 with a valid 统一社会信用代码 (GB 32100) that no one has registered."""
    n = next(_sequence)
    mark = uuid.uuid4().hex[:6].upper()
    first17 = f"91{XIAODIAN}{uuid.uuid4().int % 10**9:09d}"
    return Unit(
        name=f"山西见习测试{mark}科技有限公司",
        credit_code=first17 + check_character(first17),
        username=f"u{uuid.uuid4().hex[:12]}",
        mobile=f"135{uuid.uuid4().int % 10**6:06d}{n:02d}",
        position=f"单位自主发布岗位{mark}",
    )


@contextmanager
def in_database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


def new_office(server) -> str:
    """A reviewer of 小店区's office, made for this walk; their username."""
    username = f"r{uuid.uuid4().hex[:12]}"
    with in_database(server):
        make_user(username, PASSWORD, role="reviewer", jurisdiction=XIAODIAN, real_name="钱审核")
    return username


def recognition_of(server, unit: Unit) -> Recognition:
    with in_database(server):
        return Recognition.select().join(Employer).where(Employer.name == unit.name).get()


def proposal_of(server, unit: Unit) -> PositionProposal:
    with in_database(server):
        return PositionProposal.select().join(Employer).where(Employer.name == unit.name).get()


@pytest.fixture
def licence(tmp_path, request) -> Path:
    """The 营业执照 as a photo (the desk run) or a scan in PDF (the phone run)."""
    if "desk" in request.node.callspec.id:
        path = tmp_path / "营业执照.png"
        path.write_bytes(png_bytes())
    else:
        path = tmp_path / "营业执照.pdf"
        path.write_bytes(pdf_bytes())
    return path


# -- small things every step uses ---------------------------------------------------------------


def main(page):
    return page.get_by_role("main")


def notice(page, text: str):
    return main(page).locator(".notice").filter(has_text=text)


def unit_tabs(page):
    return page.get_by_role("navigation", name="单位网厅")


def choose_xiaodian(page, walk: Walk) -> None:
    """业务办理归属地: 太原市, then (fetched with JavaScript, by a button without) its 小店区."""
    page.get_by_label("业务办理归属地（市）", exact=True).select_option(label="太原市")
    if not walk.with_js:
        page.get_by_role("button", name="按所选的市更新县区列表").click()
    region = page.get_by_label("业务办理归属地（市本级或县区）", exact=True)
    expect(region.locator("option", has_text="小店区")).to_have_count(1)
    region.select_option(label="小店区")


def confirm(page, walk: Walk, title: str, button: str, safe: str):
    """The confirmation: a modal <dialog> with JavaScript, focus on the safe choice (Enter must not
    decide), or a page without. Returns where the confirming button is."""
    if walk.with_js:
        dialog = page.get_by_role("dialog", name=title)
        expect(dialog).to_be_visible()
        assert dialog.evaluate("d => d.open && d.matches(':modal')"), f"{title} is not a modal dialog"
        expect(dialog.get_by_role("button", name=safe, exact=True)).to_be_focused()
        expect(dialog.get_by_role("button", name=button)).to_be_visible()
        walk.check(page, f"{button} (dialog)")
        return dialog
    expect(heading(page)).to_have_text(title)
    walk.check(page, f"{button} (page)")
    return main(page)


# -- 1. 单位注册 ------------------------------------------------------------------------------------


def register_unit(page, walk: Walk, unit: Unit) -> None:
    """单位注册 from the form; lands signed in on 单位网厅, told what comes next."""
    page.goto("/unit/register")
    expect(heading(page)).to_have_text("单位注册")
    walk.check(page, "单位注册")
    choose_xiaodian(page, walk)
    typed = {
        "统一社会信用代码": unit.credit_code,
        "单位名称": unit.name,
        "经办人姓名": unit.person,
        "手机号码": unit.mobile,
        "用户名": unit.username,
        "密码": PASSWORD,
        "确认密码": PASSWORD,
    }
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="注册", exact=True).click()

    expect(page).to_have_url(re.compile(r"/unit/\?welcome=1$"))
    expect(heading(page)).to_have_text("单位网厅")
    expect(page.locator("header .account .who")).to_have_text(unit.person)
    expect(notice(page, "注册成功")).to_have_text("注册成功，单位账号已开通。下一步：申请认定，认定后可以发布见习岗位。")
    facts = main(page).locator("#unit-title + dl.details")
    expect(main(page).get_by_role("heading", name=unit.name)).to_be_visible()
    expect(facts).to_contain_text(unit.credit_code)
    expect(facts).to_contain_text(XIAODIAN_NAME)
    expect(facts).to_contain_text("未认定")
    expect(main(page)).to_contain_text("认定状态：未提交")
    walk.check(page, "单位网厅")


# -- 2. 认定申请 ------------------------------------------------------------------------------------


def fill_recognition(page, unit: Unit) -> None:
    """单位情况, 联系人 (filled from 单位注册) and the first 带教老师; 业务办理归属地 is the unit's."""
    expect(page.get_by_label("业务办理归属地（市）", exact=True)).to_have_value("140100")
    expect(page.get_by_label("业务办理归属地（市本级或县区）", exact=True)).to_have_value(XIAODIAN)
    contact = page.get_by_role("group", name="联系人", exact=True)
    expect(contact.get_by_label("联系人", exact=True)).to_have_value(unit.person)
    expect(contact.get_by_label("联系电话", exact=True)).to_have_value(unit.mobile)
    page.get_by_label("单位类型", exact=True).select_option(label="企业")
    page.get_by_label("所属行业", exact=True).select_option(INDUSTRY)
    page.get_by_label("参保职工人数", exact=True).fill("12")
    page.get_by_label("注册地址", exact=True).fill("太原市小店区长治路88号")
    page.get_by_label("单位情况说明", exact=True).fill("检验检测服务，有固定场所，可提供2个见习岗位，专人带教。")
    first = page.get_by_role("group", name="第1位带教老师")
    first.get_by_label("姓名", exact=True).fill("张带教")
    first.get_by_label("职务", exact=True).fill("技术主管")
    first.get_by_label("联系电话", exact=True).fill("13812345678")


def apply_for_recognition(page, walk: Walk, unit: Unit, licence: Path) -> None:
    """申请认定 from 单位网厅: the form with 带教老师 and the 营业执照, 保存草稿, then 提交审核."""
    main(page).get_by_role("link", name="申请认定").click()
    expect(page).to_have_url(re.compile(r"/unit/recognition$"))
    expect(heading(page)).to_have_text("见习单位认定申请")
    expect(unit_tabs(page).get_by_role("link", name="认定申请")).to_have_attribute("aria-current", "page")
    expect(main(page)).to_contain_text("当前状态：草稿")
    walk.check(page, "认定申请 (form)")

    fill_recognition(page, unit)
    page.get_by_label("选择文件", exact=True).set_input_files(licence)
    page.get_by_role("button", name="保存草稿").click()

    expect(page).to_have_url(re.compile(r"/unit/recognition\?done=save$"))
    expect(notice(page, "已保存草稿")).to_be_visible()
    held = main(page).get_by_role("status").filter(has_text="已上传")
    expect(held).to_have_text(f"已上传：{licence.name}。重新选择文件可以替换。")
    expect(page.get_by_role("group", name="第1位带教老师").get_by_label("姓名", exact=True)).to_have_value("张带教")
    expect(page.get_by_label("参保职工人数", exact=True)).to_have_value("12")
    expect(page.get_by_label("重新选择文件", exact=True)).to_be_attached()
    response = page.request.get(held.get_by_role("link").get_attribute("href"))
    assert response.ok and response.body() == licence.read_bytes(), "the 营业执照 does not open as uploaded"
    walk.check(page, "认定申请 (draft saved)")

    page.get_by_role("button", name="提交审核").click()

    expect_recognition_sent(page, walk, licence, mentors=["张带教"])


def expect_recognition_sent(page, walk: Walk, licence: Path, mentors: list[str]) -> None:
    """提交审核 done: 待审核, read only, what was sent and 办理进度."""
    expect(page).to_have_url(re.compile(r"/unit/recognition\?done=submit$"))
    expect(notice(page, "认定申请已提交")).to_have_text(f"认定申请已提交，请等待{XIAODIAN_NAME}的审核结果。")
    expect(main(page)).to_contain_text("当前状态：待审核")
    expect(main(page).locator("form")).to_have_count(0)  # nothing left to edit while the office decides
    expect(main(page).get_by_role("link", name=licence.name, exact=True)).to_be_visible()
    expect(main(page).locator("td[data-label=姓名]")).to_have_text(mentors)
    expect(main(page).get_by_role("heading", name="办理进度")).to_be_visible()
    walk.check(page, "认定申请 (sent)")


# -- 3 and 5. the office decides ------------------------------------------------------------------


def open_recognition(page, walk: Walk, unit: Unit, licence: Path) -> None:
    """工作台 → 见习单位认定 → found by name among the 待审核 → the application with its 营业执照."""
    page.goto("/review/")
    page.get_by_role("navigation", name="经办业务").get_by_role("link", name="见习单位认定").click()
    expect(page).to_have_url(re.compile(r"/review/units/$"))
    expect(heading(page)).to_have_text("见习单位认定")
    expect(main(page)).to_contain_text(f"辖区：{XIAODIAN_NAME}")
    page.get_by_label("查找").fill(unit.name)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    rows = page.locator("#recognitions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td[data-label=认定状态]")).to_have_text("待审核")
    walk.check(page, "见习单位认定 (queue)")
    rows.get_by_role("link", name=unit.name).click()

    expect(page).to_have_url(re.compile(r"/review/units/\d+"))
    expect(heading(page)).to_have_text(f"见习单位认定申请：{unit.name}")
    expect(main(page)).to_contain_text("认定状态：待审核")
    if licence.suffix == ".png":
        image = main(page).get_by_role("img", name=f"营业执照：{licence.name}")
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the 营业执照 does not show"
    else:
        expect(main(page).get_by_role("link", name=f"营业执照：{licence.name}（PDF，在浏览器中查看）")).to_be_visible()
    walk.check(page, "认定申请 (office)")


def decide(page, walk: Walk, unit: Unit, outcome: str, details: str = "") -> None:
    """审核 → outcome (and 说明) → 下一步 → confirmed → back on the queue, told what was decided."""
    decision = page.locator("#decision")
    decision.get_by_role("radio", name=outcome, exact=True).check()
    if details:
        decision.get_by_label("说明", exact=True).fill(details)
    decision.get_by_role("button", name="下一步").click()

    where = confirm(page, walk, "确认审核结果", f"确认{outcome}", safe="返回修改")
    expect(where).to_contain_text(f"“{unit.name}”的认定申请将被审核为“{outcome}”。")
    if details:
        expect(where).to_contain_text(f"说明：{details}")
    where.get_by_role("button", name=f"确认{outcome}").click()

    expect(page).to_have_url(re.compile(r"/review/units/\?decided=\d+"))
    expect(notice(page, unit.name)).to_have_text(f"{unit.name}：{outcome}。")
    walk.check(page, "见习单位认定 (decided)")


# -- 4. the unit reads the reason, edits and submits again ------------------------------------------


def resubmit_after_return(page, walk: Walk, unit: Unit, licence: Path, reason: str) -> None:
    """单位网厅 says 退回补充 and why; 补充后重新提交 opens the form with the reason above it, as sent."""
    unit_tabs(page).get_by_role("link", name="单位网厅").click()
    expect(main(page)).to_contain_text(f"认定状态：退回补充。经办机构说明：{reason}")
    walk.check(page, "单位网厅 (退回补充)")
    main(page).get_by_role("link", name="补充后重新提交").click()

    expect(page).to_have_url(re.compile(r"/unit/recognition$"))
    expect(main(page)).to_contain_text("当前状态：退回补充")
    returned = notice(page, "退回补充")
    expect(returned).to_contain_text("请按以下说明补充或修改后重新提交审核。")
    expect(returned).to_contain_text(reason)
    expect(page.get_by_label("参保职工人数", exact=True)).to_have_value("12")
    expect(page.get_by_role("group", name="第1位带教老师").get_by_label("姓名", exact=True)).to_have_value("张带教")
    expect(main(page).get_by_role("status").filter(has_text="已上传")).to_contain_text(licence.name)
    walk.check(page, "认定申请 (退回补充)")

    second = page.get_by_role("group", name="第2位带教老师")
    second.get_by_label("姓名", exact=True).fill("李带教")
    second.get_by_label("职务", exact=True).fill("质量工程师")
    second.get_by_label("联系电话", exact=True).fill("0351-7654321")
    page.get_by_role("button", name="提交审核").click()

    expect_recognition_sent(page, walk, licence, mentors=["张带教", "李带教"])


# -- 6. the unit posts a position ------------------------------------------------------------------


def post_position(page, walk: Walk, unit: Unit) -> None:
    """单位网厅 (已认定) → 发布见习岗位 → 提交审核 → 见习岗位, where it waits as 待审核."""
    unit_tabs(page).get_by_role("link", name="单位网厅").click()
    expect(main(page).locator("#unit-title + dl.details")).to_contain_text("已认定")
    expect(main(page)).to_contain_text("认定状态：已认定")
    walk.check(page, "单位网厅 (已认定)")
    main(page).get_by_role("link", name="发布见习岗位").click()

    expect(page).to_have_url(re.compile(r"/unit/positions/new$"))
    expect(heading(page)).to_have_text("发布见习岗位")
    walk.check(page, "发布见习岗位")
    deadline = clock.today() + datetime.timedelta(days=60)
    typed = {
        "岗位名称": unit.position, "工作地址": "太原市小店区长治路88号", "招收人数": "2", "专业要求": "化学类",
        "见习期限（月）": "6", "月补贴（元）": "1900", "岗位职责": "协助完成样品检测和记录。",
        "联系方式": f"{unit.person} {unit.mobile}", "有效期至": deadline.isoformat(),
    }
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("学历要求", exact=True).select_option(label="大专")
    page.get_by_role("button", name="提交审核").click()

    expect(page).to_have_url(re.compile(r"/unit/positions/\?done=proposed$"))
    expect(heading(page)).to_have_text("见习岗位")
    expect(notice(page, "已提交")).to_have_text("已提交，等待经办机构审核；审核通过后在见习岗位查询中显示。")
    waiting = page.locator("section[aria-labelledby=proposals-title] tbody tr", has_text=unit.position)
    expect(waiting.locator("td[data-label=类别]")).to_have_text("新岗位")
    expect(waiting.locator("td[data-label=状态]")).to_have_text("待审核")
    expect(page.locator("section[aria-labelledby=published-title]")).to_contain_text("还没有发布的岗位。")
    walk.check(page, "见习岗位 (unit)")


# -- 7. the office approves it --------------------------------------------------------------------


def approve_position(page, walk: Walk, unit: Unit) -> None:
    """见习岗位 → 待审核 → the new position → 审核通过, confirmed → the position, published."""
    page.get_by_role("navigation", name="经办业务").get_by_role("link", name="见习岗位").click()
    expect(page).to_have_url(re.compile(r"/review/positions/$"))
    main(page).get_by_role("link", name="查看待审核岗位").click()
    expect(page).to_have_url(re.compile(r"/review/positions/\?status=pending$"))
    row = page.locator("#positions tbody tr", has_text=unit.position)
    expect(row.locator("td[data-label=见习单位]")).to_have_text(unit.name)
    expect(row.locator("td[data-label='新增/修改']")).to_have_text("新增")
    walk.check(page, "见习岗位 (待审核)")
    row.get_by_role("link", name=unit.position).click()

    expect(page).to_have_url(re.compile(r"/review/proposals/\d+$"))
    expect(heading(page)).to_have_text(f"新增岗位：{unit.position}")
    expect(main(page)).to_contain_text(f"状态：待审核 · 见习单位：{unit.name}")
    walk.check(page, "新增岗位 (office)")
    page.locator("#decision").get_by_role("link", name="审核通过").click()

    where = confirm(page, walk, "确认审核通过", "确认审核通过", safe="返回")
    expect(where).to_contain_text(f"“{unit.name}”的新岗位“{unit.position}”审核通过后，立即在见习岗位查询中公开。")
    where.get_by_role("button", name="确认审核通过").click()

    expect(page).to_have_url(re.compile(r"/review/positions/\d+\?saved=1$"))
    expect(heading(page)).to_have_text(unit.position)
    expect(notice(page, "已保存")).to_be_visible()
    expect(main(page)).to_contain_text("招募中")
    walk.check(page, "见习岗位 (office, published)")


def see_published(page, unit: Unit) -> None:
    """The unit's 见习岗位: nothing waits any more; the position is published and 招募中."""
    page.reload()
    expect(page.locator("section[aria-labelledby=proposals-title]")).to_contain_text("没有待审核或退回修改的岗位。")
    published = page.locator("section[aria-labelledby=published-title] tbody tr", has_text=unit.position)
    expect(published.locator("td[data-label=状态]")).to_have_text("招募中")
    expect(published.get_by_role("link", name=re.compile(rf"^结束招募\s*{unit.position}$"))).to_be_visible()


# -- 8. a visitor finds it ----------------------------------------------------------------------


def find_in_search(page, walk: Walk, unit: Unit) -> None:
    """见习岗位查询 by the title: one card, the unit's name linking to its page in the 名录."""
    page.goto(f"/positions/?q={unit.position}")
    expect(page.locator("#result-count")).to_have_text("共找到 1 个岗位")
    card = page.locator("#result-list li.card")
    expect(card.get_by_role("heading")).to_have_text(unit.position)
    expect(card.locator(".meta")).to_contain_text(f"{unit.name} · {XIAODIAN_NAME}")
    expect(card.locator(".facts")).to_contain_text("招收2人 · 大专 · 补贴1900元/月")
    walk.check(page, "见习岗位查询")


def find_in_directory(page, walk: Walk, unit: Unit) -> None:
    """见习单位名录 narrowed to 太原市 小店区 and the unit's 行业; its page lists the position."""
    page.goto("/units/")
    expect(heading(page)).to_have_text("见习单位名录")
    page.get_by_label("市", exact=True).select_option(label="太原市")
    if not walk.with_js:  # the 县区 of the city chosen come with the results
        page.get_by_role("button", name="查询").click()
    county = page.get_by_label("县区", exact=True)
    expect(county.locator("option", has_text="小店区")).to_have_count(1)
    county.select_option(label="小店区")
    page.get_by_label("所属行业", exact=True).select_option(INDUSTRY)
    if not walk.with_js:
        page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(rf"/units/\?(?=.*city=140100)(?=.*county={XIAODIAN})(?=.*industry={INDUSTRY})"))
    row = page.locator("#results tbody tr", has_text=unit.name)
    expect(row.locator("td[data-label=所属行业]")).to_have_text("科学研究和技术服务业")
    expect(row.locator("td[data-label=所在地区]")).to_have_text(XIAODIAN_NAME)
    expect(row.locator("td[data-label=招募中的岗位]")).to_have_text("1个")
    walk.check(page, "见习单位名录")
    row.get_by_role("link", name=unit.name).click()

    expect(page).to_have_url(re.compile(r"/units/\d+\?"))
    expect(heading(page)).to_have_text(unit.name)
    expect(main(page)).to_contain_text("已认定的见习单位")
    expect(main(page)).to_contain_text(unit.credit_code)
    expect(main(page)).not_to_contain_text(unit.mobile)  # the 经办人's phone is not public
    expect(main(page).locator("ol.cards li.card").get_by_role("link")).to_have_text([unit.position])
    walk.check(page, "见习单位 (public)")


# -- the walk -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("viewport", "with_js"), WALKS)
def test_units_walk_register_recognition_returned_recognised_position_public(
    new_page, server, axe, licence, viewport, with_js
):
    walk = Walk(viewport, with_js, axe)
    unit, reason = new_unit(), "请补充第二位带教老师，营业执照请上传清晰的扫描件。"
    unit_page = new_page(viewport=viewport, java_script_enabled=with_js)
    office_page = new_page(viewport=viewport, java_script_enabled=with_js)

    register_unit(unit_page, walk, unit)
    apply_for_recognition(unit_page, walk, unit, licence)
    assert recognition_of(server, unit).status == "pending"

    sign_in(office_page, new_office(server), PASSWORD)
    open_recognition(office_page, walk, unit, licence)
    decide(office_page, walk, unit, "退回补充", reason)
    assert (recognition_of(server, unit).status, recognition_of(server, unit).reason) == ("returned", reason)

    resubmit_after_return(unit_page, walk, unit, licence, reason)
    open_recognition(office_page, walk, unit, licence)
    decide(office_page, walk, unit, "已认定")
    assert recognition_of(server, unit).status == "recognised"

    post_position(unit_page, walk, unit)
    assert proposal_of(server, unit).status == "pending"
    approve_position(office_page, walk, unit)
    see_published(unit_page, unit)

    visitor = new_page(viewport=viewport, java_script_enabled=with_js)
    find_in_search(visitor, walk, unit)
    find_in_directory(visitor, walk, unit)
