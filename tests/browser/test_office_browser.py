"""The office side in a real browser: 见习单位 and 见习岗位 (each mistake shown by its field, what was
typed kept), what the public search and a trainee then see, 意向人员, 结束招募 (a dialog with
JavaScript, a page without), a city office's view of a county's position, 批量导入 and 统计.

Every office page visited is checked with axe-core. The tests share the module's seeded database,
so each makes its own employers and positions with unique names and never counts demo rows.
"""
import csv
import datetime
import io
import random
import re
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import APPLICATION_STATUSES, Position
from jianxi.reference import regions
from jianxi.services import clock
from jianxi.services.credit_code import CHARSET, check_character
from jianxi.services.imports import COLUMNS
from tests.factories import make_employer

from .helpers import KNOWN_COUNTY, KNOWN_TITLE, TAIYUAN, heading, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
TRAINEE = "陈晓雨"  # the demo account `trainee`, whose 业务办理属地 is 小店区
OPENINGS_WRONG = "招收人数应为1到9999之间的整数"
DURATION_WRONG = "见习期限应为3到12个月之间的整数"
CHECK_WRONG = "统一社会信用代码校验位不正确，请核对营业执照后重新输入"
POSITION_URL = re.compile(r"/review/positions/(\d+)(\?saved=1)?$")
# Each bar: its data-label, data-value (with the unit) and the two texts drawn (label, value).
BARS = """bars => bars.map(g => [g.dataset.label, g.dataset.value + '份',
                             ...Array.from(g.querySelectorAll('text'), text => text.textContent)])"""


# -- helpers ---------------------------------------------------------------------------------


@contextmanager
def database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:6].upper()}"


def new_credit_code(county: str = KNOWN_COUNTY) -> str:
    """A valid 统一社会信用代码 (GB 32100 check character) no one has registered."""
    first17 = f"91{county}" + "".join(random.choice(CHARSET) for _ in range(9))
    return first17 + check_character(first17)


def assert_fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px: {scroll}px wide"


def office_tab(page, name: str) -> None:
    tabs = page.get_by_role("navigation", name="经办业务")
    tabs.get_by_role("link", name=name, exact=True).click()
    expect(tabs.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")


def notice(page):
    return page.locator("main .notice").first


def control(page, label: str):
    return page.get_by_label(label, exact=True)


def fill_form(page, values: dict, check: bool = False) -> None:
    """Type `values` by label (a select by its option's text), or (check) see that they were kept."""
    for label, value in values.items():
        field = control(page, label)
        if field.evaluate("e => e.tagName") == "SELECT":
            expect(field.locator("option:checked")).to_have_text(value) if check else field.select_option(label=value)
        else:
            expect(field).to_have_value(value) if check else field.fill(value)


def expect_mistakes(page, title: str, mistakes: dict) -> None:
    """The form came back: 错误 in the title, a summary linking to each field, each message by its
    field (part of the field's description) and the field marked invalid; no other field is."""
    expect(page).to_have_title(re.compile(rf"^错误：{title}"))
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(list(mistakes.values()))
    for label, message in mistakes.items():
        field = control(page, label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
        target = summary.get_by_role("link", name=message).get_attribute("href")
        assert target == "#" + field.get_attribute("id"), (message, target)
    expect(page.locator("main [aria-invalid=true]")).to_have_count(len(mistakes))


def position_values(title: str, employer: str, deadline: datetime.date) -> dict:
    return {"岗位名称": title, "见习单位": employer, "工作地址": "太原市小店区长治路100号", "招收人数": "2",
            "学历要求": "本科", "专业要求": "计算机类", "见习期限（月）": "6", "月补贴（元）": "1800",
            "岗位职责": "协助维护办公系统，整理资料。", "联系方式": "李老师 0351-7654321",
            "有效期至": deadline.isoformat()}


def register_employer(page, axe, width: int, name: str, code: str) -> None:
    """见习单位 → 登记见习单位: a wrong check character first (told by the field, all kept), then right."""
    office_tab(page, "见习单位")
    axe(page)
    page.get_by_role("link", name="登记见习单位").click()
    expect(heading(page)).to_have_text("登记见习单位")
    expect(page.get_by_role("main")).to_contain_text("属地：太原市 小店区")  # a county office: no choice
    expect(control(page, "属地")).to_have_count(0)
    wrong = code[:17] + next(char for char in CHARSET if char != code[17])
    typed = {"单位名称": name, "统一社会信用代码": wrong, "单位地址": "太原市小店区平阳路58号",
             "联系人": "刘女士", "联系电话": "0351-7654321"}
    fill_form(page, typed)
    page.get_by_role("button", name="保存").click()
    expect_mistakes(page, "登记见习单位", {"统一社会信用代码": CHECK_WRONG})
    fill_form(page, typed, check=True)
    assert_fits(page, width)
    axe(page)

    control(page, "统一社会信用代码").fill(code.lower())  # typed in lower case: stored in upper
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/review/employers/\?saved="))
    expect(notice(page)).to_have_text(f"已保存见习单位：{name}")
    page.get_by_role("searchbox", name=re.compile("^查找")).fill(code)
    page.get_by_role("button", name="查询").click()
    row = page.locator("#employers tbody tr")
    expect(row.locator("td")).to_have_text([name, code, "太原市 小店区", "刘女士 0351-7654321",
                                             re.compile("^0"), re.compile("^修改")])
    assert_fits(page, width)
    axe(page)


def publish_position(page, axe, width: int, values: dict) -> str:
    """见习岗位 → 发布见习岗位: 招收人数 0 and 见习期限 13 first, then right. Returns the page's URL."""
    office_tab(page, "见习岗位")
    axe(page)
    page.get_by_role("link", name="发布见习岗位").click()
    expect(heading(page)).to_have_text("发布见习岗位")
    typed = {**values, "招收人数": "0", "见习期限（月）": "13"}
    fill_form(page, typed)
    page.get_by_role("button", name="发布").click()
    expect_mistakes(page, "发布见习岗位", {"招收人数": OPENINGS_WRONG, "见习期限（月）": DURATION_WRONG})
    fill_form(page, typed, check=True)
    assert_fits(page, width)
    axe(page)

    fill_form(page, {"招收人数": values["招收人数"], "见习期限（月）": values["见习期限（月）"]})
    page.get_by_role("button", name="发布").click()
    expect(page).to_have_url(POSITION_URL)
    expect(notice(page)).to_have_text("已保存，公开的见习岗位查询中已显示最新内容。")
    expect(heading(page)).to_have_text(values["岗位名称"])
    expect(page.get_by_role("region", name="意向人员")).to_contain_text("还没有见习人员收藏这个岗位。")
    assert_fits(page, width)
    axe(page)
    return page.url.split("?")[0]


def public_search(page, title: str, by_js: bool) -> None:
    """见习岗位查询 for 太原市, 小店区 and the title: with htmx each choice swaps; without, 查询 sends."""
    page.goto("/positions/")
    page.get_by_label("市", exact=True).select_option(label="太原市")
    if by_js:
        page.get_by_label("县区", exact=True).select_option(label="小店区")
        expect(page).to_have_url(re.compile(rf"[?&]county={KNOWN_COUNTY}(&|$)"))
    else:
        page.get_by_role("button", name="查询").click()  # the page comes back with 太原市's 县区
        page.get_by_label("县区", exact=True).select_option(label="小店区")
    page.get_by_role("searchbox", name=re.compile("^关键词")).fill(title)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(rf"[?&]q={re.escape(quote(title))}(&|$)"))


def expect_public_card(page, values: dict, soon: bool) -> None:
    expect(page.locator("#result-count")).to_have_text("共找到 1 个岗位")
    card = page.locator("#result-list > li.card")
    expect(card.locator("h3 a")).to_have_text(values["岗位名称"])
    expect(card.locator(".meta")).to_have_text(f"{values['见习单位']} · 太原市 小店区")
    expect(card.locator(".facts")).to_contain_text(f"招收2人 · 本科 · 补贴1800元/月 · 有效期至{values['有效期至']}")
    expect(card.locator(".tag-soon")).to_have_text(["即将截止"] if soon else [])


def trainee_shortlists(page, title: str) -> None:
    """The trainee finds the position under 见习岗位录入及维护 and shortlists it."""
    sign_in(page, "trainee")
    page.goto("/me/positions/")
    page.get_by_role("searchbox", name=re.compile("^关键词")).fill(title)
    page.get_by_role("button", name="查询").click()
    page.locator("#result-list").get_by_role("link", name=title, exact=True).click()
    expect(heading(page)).to_have_text(title)
    page.locator("div.favorite").get_by_role("button", name="收藏", exact=True).click()
    expect(page.locator("div.favorite").get_by_role("button")).to_have_text(["取消收藏"])


def office_list_row(page, employer: str, title: str, by_js: bool, soon: bool, width: int, axe):
    """From the position's page back to 见习岗位, narrowed to its 见习单位 (htmx swaps the list;
    without it 查询): one row, 招收 2, 收藏 1. Returns to the position's page."""
    page.get_by_role("link", name="返回见习岗位").click()
    control(page, "见习单位").select_option(label=employer)
    if not by_js:
        page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"[?&]employer=\d+"))
    row = page.locator("#positions tbody tr")
    expect(row.locator("td[data-label=岗位名称]")).to_have_text([title])
    expect(row.locator("td[data-label=招收人数]")).to_have_text("2")
    expect(row.locator("td[data-label=收藏人数]")).to_have_text("1")
    expect(row.locator("td[data-label=状态]")).to_have_text("招募中 即将截止" if soon else "招募中")
    assert_fits(page, width)
    axe(page)
    row.get_by_role("link", name=title).click()


def expect_interested(page, width: int, axe) -> None:
    """The trainee is listed under 意向人员, and in its CSV export."""
    section = page.get_by_role("region", name="意向人员")
    expect(section).to_contain_text("共 1 人收藏，招收 2 人。")
    row = section.locator("tbody tr")
    expect(row.locator("td[data-label=姓名]")).to_have_text([TRAINEE])
    expect(row.locator("td[data-label=手机号码]")).to_have_text(re.compile(r"^1\d{10}$"))
    expect(row.locator("td[data-label=收藏时间]")).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$"))
    export = section.get_by_role("link", name="导出意向人员（CSV）")
    response = page.request.get(export.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/csv"), response.headers
    header, *lines = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert header == ["姓名", "手机号码", "学历", "毕业院校", "收藏时间"] and [line[0] for line in lines] == [TRAINEE]
    assert_fits(page, width)
    axe(page)


def walk_to_interested(new_page, server, axe, viewport: dict, js: bool, days: int):
    """xiaodian registers an employer and publishes a position (deadline in `days`); an anonymous
    visitor finds it; the trainee shortlists it; xiaodian sees 收藏人数 1 and the trainee under 意向人员.
    Returns the pages (office, public, trainee) and the position's title and URL."""
    name, title, code = unique("山西浏览器见习单位"), unique("浏览器见习岗位"), new_credit_code()
    with database(server):
        values = position_values(title, name, clock.today() + datetime.timedelta(days=days))
    office, public, trainee = (new_page(viewport=viewport, java_script_enabled=js) for _ in range(3))
    sign_in(office, "xiaodian")
    register_employer(office, axe, viewport["width"], name, code)
    url = publish_position(office, axe, viewport["width"], values)
    public_search(public, title, by_js=js)
    expect_public_card(public, values, soon=days <= 7)
    trainee_shortlists(trainee, title)
    office_list_row(office, name, title, js, days <= 7, viewport["width"], axe)
    expect(office).to_have_url(url)
    expect_interested(office, viewport["width"], axe)
    return office, public, trainee, title, url


def closed_everywhere(office, public, trainee, title: str, reason: str, width: int, axe) -> None:
    """The office sees 已结束 and 重新开放; the search no longer finds it; the trainee sees 已结束."""
    expect(office).to_have_url(POSITION_URL)
    expect(office.get_by_role("main")).to_contain_text(f"状态：已结束（{reason}）")
    expect(office.get_by_role("button", name="重新开放")).to_be_visible()
    expect(office.get_by_role("link", name="结束招募")).to_have_count(0)
    assert_fits(office, width)
    axe(office)
    public.reload()
    expect(public.locator("#result-count")).to_have_text("共找到 0 个岗位")
    trainee.locator("header .account").get_by_role("link", name="个人中心").click()
    section = trainee.get_by_role("region", name=re.compile("^我的收藏"))
    expect(section.locator("h3 ~ ol.shortlist > li > a", has_text=title)).to_have_count(1)  # under 已结束
    expect(section.locator("h2 + ol.shortlist > li > a", has_text=title)).to_have_count(0)


# -- the walk: register, publish, shortlisted, close -----------------------------------------


def test_office_desk_js_register_publish_shortlisted_close_in_dialog_then_gone_from_search(new_page, server, axe):
    office, public, trainee, title, _ = walk_to_interested(new_page, server, axe, DESK, js=True, days=5)
    close = office.get_by_role("link", name="结束招募")
    close.click()
    dialog = office.get_by_role("dialog", name="结束招募")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "结束招募 is not asked in a modal dialog"
    expect(dialog.get_by_role("button", name="取消")).to_be_focused()  # Enter must not close the position
    expect(dialog.get_by_role("group", name="结束原因").locator("label")).to_have_text(["已招满", "单位撤回", "其他"])
    axe(office)
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    expect(close).to_be_focused()  # focus goes back where it was

    close.click()
    expect(dialog).to_be_visible()
    dialog.get_by_label("已招满", exact=True).check()
    dialog.get_by_role("button", name="确认结束招募").click()
    closed_everywhere(office, public, trainee, title, "已招满", DESK["width"], axe)


def test_office_phone_nojs_register_publish_shortlisted_close_on_page_then_gone_from_search(new_page, server, axe):
    office, public, trainee, title, url = walk_to_interested(new_page, server, axe, PHONE, js=False, days=40)
    office.get_by_role("link", name="结束招募").click()
    expect(office).to_have_url(f"{url}/close")
    expect(heading(office)).to_have_text("结束招募")
    expect(office.get_by_role("button", name="取消")).to_be_hidden()  # the dialog's; the page has a link
    expect(office.get_by_role("link", name="取消")).to_have_attribute("href", url.removeprefix(server.url))
    assert_fits(office, PHONE["width"])
    axe(office)
    office.get_by_role("button", name="确认结束招募").click()  # no reason: refused, 422
    expect(office).to_have_title(re.compile("^错误：结束招募"))
    summary = office.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(["请选择结束招募的原因"])
    expect(summary).to_be_focused()  # as the page loads, focus starts on the list of problems
    expect(office.locator("#reason-error")).to_have_text("错误：请选择结束招募的原因")
    axe(office)
    office.get_by_label("单位撤回", exact=True).check()
    office.get_by_role("button", name="确认结束招募").click()
    closed_everywhere(office, public, trainee, title, "单位撤回", PHONE["width"], axe)


# -- a city office ---------------------------------------------------------------------------


def test_office_city_office_chooses_region_and_views_county_position_without_changing_it(new_page, server, axe):
    page = new_page(viewport=NARROW)
    sign_in(page, "taiyuan")
    office_tab(page, "见习单位")
    page.get_by_role("link", name="登记见习单位").click()
    region = control(page, "属地")
    expect(region).to_be_visible()
    expect(region.locator("option")).to_have_text([regions.name_of(j.code) for j in regions.jurisdictions(TAIYUAN)])
    expect(region.locator("option:checked")).to_have_text("太原市市本级")
    expect(region).to_have_accessible_description("选择县区时，这家单位交由该县区的经办机构维护")
    assert_fits(page, NARROW["width"])
    axe(page)

    page.get_by_role("link", name="取消").click()
    office_tab(page, "见习岗位")
    page.get_by_label("岗位名称或编号", exact=True).fill(KNOWN_TITLE)
    page.get_by_role("button", name="查询").click()
    rows = page.locator("#positions tbody tr")
    expect(rows.locator("td[data-label=属地]")).to_have_text(["太原市 小店区"])
    rows.get_by_role("link", name=KNOWN_TITLE).click()
    expect(heading(page)).to_have_text(KNOWN_TITLE)
    main = page.get_by_role("main")
    expect(main).to_contain_text("这个岗位由太原市 小店区维护，您可以查看，不能修改。")
    expect(page.get_by_role("region", name="意向人员")).to_have_text(re.compile("意向人员只对岗位所属的经办机构显示"))
    expect(main.get_by_role("link", name=re.compile("^(修改|结束招募|导出意向人员)"))).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    assert_fits(page, NARROW["width"])
    axe(page)
    position_url = f"/review/positions/{server.known['id']}"
    for path, status in (("/edit", 403), ("/close", 403), ("/interested.csv", 404)):
        assert page.request.get(position_url + path).status == status, path


# -- 批量导入 --------------------------------------------------------------------------------


def import_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    writer.writerows([row[key] for key in COLUMNS] for row in rows)
    return out.getvalue().encode("utf-8")


def upload(page, data: bytes, created: int, unchanged: int, errors: int) -> None:
    """上传并检查: the dry run's 新增 / 更新 / 未变化 / 错误."""
    page.get_by_label("CSV文件", exact=True).set_input_files({"name": "岗位.csv", "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("heading", name="检查结果（尚未导入）")).to_be_visible()
    expect(page.locator("ul.summary li")).to_have_text(
        [f"新增 {created}", "更新 0", f"未变化 {unchanged}", f"错误 {errors}"])


def test_office_import_desk_js_dry_run_lists_bad_row_then_imports_once_and_again_unchanged(new_page, server, axe):
    code, prefix = new_credit_code(), unique("导入测试")
    with database(server):
        employer = make_employer(name=unique("山西导入测试有限公司"), region=KNOWN_COUNTY, credit_code=code)
        deadline = (clock.today() + datetime.timedelta(days=60)).isoformat()
    row = {"credit_code": code, "address": "太原市小店区长风街1号", "education": "本科", "major": "",
           "duration_months": "6", "monthly_subsidy": "2000", "duties": "协助整理资料。",
           "contact": "王老师 0351-1234567", "deadline": deadline}
    good = [{**row, "external_ref": f"{prefix}-{n}", "title": f"{prefix}岗位{n}", "openings": str(n)} for n in (1, 2)]
    bad = {**row, "external_ref": f"{prefix}-3", "title": f"{prefix}岗位3", "openings": "0"}

    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    office_tab(page, "批量导入")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板（CSV，含示例行）").click()
    with open(download.value.path(), encoding="utf-8") as template:
        assert template.readline().strip() == "\ufeff" + ",".join(COLUMNS.values())

    upload(page, import_csv([good[0], bad, good[1]]), created=2, unchanged=0, errors=1)
    expect(page).to_have_title(re.compile("^错误：批量导入"))
    expect(page.locator("main table tbody tr td")).to_have_text(["第3行", "招收人数", "0", OPENINGS_WRONG])
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    axe(page)

    page.get_by_role("link", name="重新上传").click()
    fixed = import_csv(good)
    upload(page, fixed, created=2, unchanged=0, errors=0)
    preview = page.get_by_role("table", name="将要导入的岗位")
    expect(preview.locator("td[data-label=岗位名称]")).to_have_text([g["title"] for g in good])
    expect(preview.locator("td[data-label='新增/更新']")).to_have_text(["新增", "新增"])
    axe(page)
    page.get_by_role("button", name="确认导入").click()
    expect(notice(page)).to_have_text("已导入：新增 2 个岗位，更新 0 个，未变化 0 个。岗位查询中已显示。")
    axe(page)

    page.get_by_role("link", name="再导入一个文件").click()
    upload(page, fixed, created=0, unchanged=2, errors=0)  # nothing twice
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("文件中的岗位与现有岗位完全相同，没有需要导入的内容。")
    axe(page)
    with database(server):
        stored = Position.select().where(Position.employer == employer.id).order_by(Position.external_ref)
        assert [(p.external_ref, p.title, p.openings) for p in stored] == [
            (g["external_ref"], g["title"], int(g["openings"])) for g in good]

    page.goto(f"/review/positions/?employer={employer.id}")
    expect(page.locator("#positions tbody td[data-label=岗位名称]")).to_have_text([g["title"] for g in good[::-1]])


# -- 统计 ------------------------------------------------------------------------------------


def test_office_stats_desk_svg_bars_equal_their_tables_and_fit_320px(new_page, server, axe):
    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    office_tab(page, "统计")
    expect(heading(page)).to_have_text("统计")
    expect(page.get_by_role("main")).to_contain_text("辖区：太原市 小店区")
    charts = page.locator("figure.chart:not([id^=trainees])")  # the applications' (见习人员's count 人, not 份)
    expect(charts).to_have_count(2)
    for chart in charts.all():
        bars = chart.locator("g.bar").evaluate_all(BARS)
        cells = chart.locator("table tbody tr").evaluate_all(
            "rows => rows.map(r => [r.querySelector('th').textContent, r.querySelector('td').textContent])")
        assert bars and [bar[:2] for bar in bars] == cells, (chart.get_attribute("id"), bars, cells)
        assert all(bar[:2] == bar[2:] for bar in bars), bars
        caption = chart.locator("figcaption").inner_text()
        expect(chart.get_by_role("table", name=caption)).to_be_visible()
    status_labels = charts.first.locator("g.bar").evaluate_all("bars => bars.map(g => g.dataset.label)")
    assert status_labels == list(APPLICATION_STATUSES.values())
    expect(charts.nth(1).locator("g.bar")).to_have_count(12)
    axe(page)
    page.set_viewport_size(NARROW)
    assert_fits(page, NARROW["width"])
