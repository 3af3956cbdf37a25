"""就业见习人员申请 in a real browser at phone size, walked as the user manual describes it:
fill the form, upload real files, 提交 → 申报成功, 个人中心 → 未审核, 我的办件 → 撤回, apply again.

Every page a test visits is checked with axe-core and must have no violations. CSRF is on,
as in production. Each test registers its own user through 个人注册, so the tests do not
depend on each other.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jianxi.services import clock
from jianxi.services.attachments import UNSUPPORTED

from .helpers import (
    GRADUATE,
    RECORD_PROGRESS,
    SELECTS,
    TAIYUAN,
    city_select,
    expect_row_done,
    file_input,
    heading,
    jpeg_bytes,
    jurisdiction_select,
    pdf_bytes,
    png_bytes,
    register,
    row,
)

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^JX\d{14}$")
XIAODIAN = "140105"
# The rows a 离校2年内未就业高校毕业生 must fill: (kind, label).
REQUIRED_ROWS = (("id_front", "身份证人像面"), ("id_back", "身份证国徽面"), ("diploma", "学历证明"))


# -- real files ------------------------------------------------------------------------------


@dataclass
class Files:
    jpeg: Path
    png: Path
    pdf: Path
    fake: Path

    def for_rows(self) -> dict[str, Path]:
        """The real file each required row gets."""
        return {"id_front": self.jpeg, "id_back": self.png, "diploma": self.pdf}


@pytest.fixture
def files(tmp_path) -> Files:
    made = Files(
        jpeg=tmp_path / "身份证正面.jpg",
        png=tmp_path / "id-back.png",
        pdf=tmp_path / "毕业证书.pdf",
        fake=tmp_path / "fake.jpg",
    )
    made.jpeg.write_bytes(jpeg_bytes())
    made.png.write_bytes(png_bytes())
    made.pdf.write_bytes(pdf_bytes())
    made.fake.write_text("这不是图片，只是一段文字。\n", encoding="utf-8")
    return made


# -- helpers ---------------------------------------------------------------------------------


def today(server):
    with server.app.app_context():
        return clock.today()


def answers_for(server) -> dict:
    """What the person types: graduated last June, so always within 2 years and never in the future."""
    return {
        "民族": "汉族",
        "学历": "大学本科",
        "毕业院校": "山西大学",
        "所学专业": "会计学",
        "毕业时间": f"{today(server).year - 1}-06",
        "户籍所在地": "山西省太原市小店区",
        "现居住地址": "太原市小店区长风街1号",
    }


def set_reload_marker(page) -> None:
    page.evaluate("window.__marker = 1")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def fill_answers(page, answers: dict) -> None:
    for label, value in answers.items():
        if label in SELECTS:
            page.get_by_label(label, exact=True).select_option(label=value)
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_label(GRADUATE).check()


def expect_answers_kept(page, answers: dict) -> None:
    for label, value in answers.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(SELECTS.get(label, value))
    expect(page.get_by_label(GRADUATE)).to_be_checked()
    expect(city_select(page)).to_have_value(TAIYUAN)
    expect(jurisdiction_select(page)).to_have_value(XIAODIAN)


def choose_taiyuan_xiaodian_with_htmx(page) -> None:
    """Choosing 太原市 swaps the 市本级/县区 select in place (no reload); then choose 小店区."""
    expect(jurisdiction_select(page).locator("option")).to_have_text(["请选择"])
    set_reload_marker(page)
    city_select(page).select_option(label="太原市")
    expect(jurisdiction_select(page).locator("option", has_text="小店区")).to_have_count(1)
    expect(jurisdiction_select(page).locator("option").first).to_have_text("请选择")
    expect(jurisdiction_select(page).locator("option").nth(1)).to_have_text("市本级")
    assert page_was_not_reloaded(page), "choosing the city reloaded the page"
    jurisdiction_select(page).select_option(label="小店区")


def dialog_reference(dialog) -> str:
    reference = dialog.locator("p", has_text="申报编号").locator("strong")
    expect(reference).to_have_text(REFERENCE)
    return reference.inner_text()


def submit_with_htmx_expect_success(page, axe) -> str:
    """提交 → a modal <dialog> 申报成功 over the form, without a reload; returns the reference."""
    set_reload_marker(page)
    page.get_by_role("button", name="提交", exact=True).click()
    dialog = page.get_by_role("dialog", name="申报成功")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "申报成功 is not shown as a modal dialog"
    expect(dialog.get_by_role("link", name="查看未审核")).to_be_visible()
    reference = dialog_reference(dialog)
    assert page_was_not_reloaded(page)
    axe(page)
    return reference


def month_label(day) -> str:
    return f"{day:%Y}年{day:%m}月"


# -- 个人办事 menu ---------------------------------------------------------------------------------


def test_application_personal_menu_links_to_the_application_form(page, server, axe):
    register(page)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="个人办事").click()
    expect(heading(page)).to_have_text("个人办事")
    axe(page)

    link = page.get_by_role("main").get_by_role("link", name="就业见习人员申请")
    expect(link, "个人办事 → 就业创业 names 就业见习人员申请 but does not link to the form").to_be_visible()
    link.click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(heading(page)).to_have_text("就业见习人员申请")
    axe(page)


# -- with JavaScript (htmx) ----------------------------------------------------------------------


def test_application_js_apply_withdraw_and_reapply_without_reloads(page, server, axe, files):
    answers = answers_for(server)
    register(page, "王小明")
    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="就业见习人员申请").click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(heading(page)).to_have_text("就业见习人员申请")
    basics = page.locator("dl.readonly")
    expect(basics).to_contain_text("王小明")
    expect(basics).to_contain_text("2003-05-12")
    axe(page)

    fill_answers(page, answers)
    choose_taiyuan_xiaodian_with_htmx(page)
    axe(page)

    # A text file named .jpg is refused by its bytes, in its own row.
    file_input(page, "身份证人像面").set_input_files(files.fake)
    expect(row(page, "id_front")).to_have_class(re.compile(r"(^|\s)is-error(\s|$)"))
    expect(row(page, "id_front").locator(".error-message")).to_have_text(f"错误：{UNSUPPORTED}")
    expect(row(page, "id_front")).to_contain_text("类型不支持")
    expect(file_input(page, "身份证人像面")).to_have_attribute("aria-invalid", "true")
    expect(row(page, "id_front").locator(".upload-status")).to_have_count(0)
    axe(page)

    # A real JPEG: the progress bar shows, reaches 100%, and the row turns green.
    page.evaluate(RECORD_PROGRESS)
    file_input(page, "身份证人像面").set_input_files(files.jpeg)
    expect_row_done(page, "id_front", files.jpeg)
    expect(row(page, "id_front").locator(".error-message")).to_have_count(0)
    progress = page.evaluate("window.__progress")
    jpeg_size = files.jpeg.stat().st_size
    uploads = [p for p in progress if p["row"] == "row-id_front" and p["computable"] and p["total"] >= jpeg_size]
    assert uploads, f"no upload progress event for the {jpeg_size}-byte JPEG: {progress}"
    assert max(p["loaded"] for p in uploads) == uploads[-1]["total"], f"the upload never reached 100%: {uploads}"
    finished = [p for p in uploads if p["loaded"] == p["total"]]
    assert any(p["bar"] == 100 and p["barHidden"] is False for p in finished), (
        f"the row's progress bar was not shown at 100%: {uploads}"
    )

    file_input(page, "身份证国徽面").set_input_files(files.png)
    expect_row_done(page, "id_back", files.png)
    file_input(page, "学历证明").set_input_files(files.pdf)
    expect_row_done(page, "diploma", files.pdf)
    assert page_was_not_reloaded(page), "an upload reloaded the page"
    axe(page)

    first = submit_with_htmx_expect_success(page, axe)

    page.get_by_role("dialog").get_by_role("button", name="关闭").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.locator("header .account").get_by_role("link", name="个人中心").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", name="未审核", level=2)).to_be_visible()
    pending = page.locator("main .card")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text(first)
    expect(pending).to_contain_text("未审核")
    axe(page)

    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="我的办件").click()

    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(heading(page)).to_have_text("我的办件")
    axe(page)
    set_reload_marker(page)
    cards = page.locator("#applications li.card")

    page.get_by_label("审核状态", exact=True).select_option(label="未审核")

    expect(page).to_have_url(re.compile(r"[?&]status=pending(&|$)"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(first)
    expect(cards.first.locator(".status-pending")).to_have_text("未审核")

    this_month = today(server)
    page.get_by_label("申办月份", exact=True).select_option(label=month_label(this_month))

    expect(page).to_have_url(re.compile(rf"[?&]month={this_month:%Y-%m}(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]status=pending(&|$)"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(first)
    assert page_was_not_reloaded(page), "filtering 我的办件 reloaded the page"
    axe(page)

    cards.first.get_by_role("link", name=re.compile(r"^撤回")).click()

    dialog = page.get_by_role("dialog", name="撤回申请")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "撤回 is not asked in a modal dialog"
    expect(dialog).to_contain_text(first)
    expect(dialog.get_by_role("link", name="返回我的办件")).to_be_hidden()
    axe(page)

    dialog.get_by_role("button", name="确认撤回").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    notice = page.locator("#applications .notice")
    expect(notice).to_contain_text(f"申报编号 {first} 已撤回。")
    expect(page.locator("#applications")).to_contain_text("共 0 件")  # still filtered by 未审核
    assert page_was_not_reloaded(page), "撤回 reloaded the page"
    axe(page)

    page.get_by_label("审核状态", exact=True).select_option(label="已撤回")

    expect(page).to_have_url(re.compile(r"[?&]status=withdrawn(&|$)"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(first)
    expect(cards.first.locator(".status-withdrawn")).to_have_text("已撤回")
    expect(cards.first.get_by_role("link", name=re.compile(r"^撤回"))).to_have_count(0)
    assert page_was_not_reloaded(page)
    axe(page)

    page.goto("/apply/")

    expect(heading(page)).to_have_text("就业见习人员申请")
    expect_answers_kept(page, answers)
    for kind, path in files.for_rows().items():
        expect_row_done(page, kind, path)
    axe(page)

    second = submit_with_htmx_expect_success(page, axe)
    assert second != first


def test_application_js_missing_field_keeps_typed_answers_and_uploaded_rows(page, server, axe, files):
    answers = answers_for(server)
    register(page, "赵小芳")
    page.goto("/apply/")
    without_school = {label: value for label, value in answers.items() if label != "毕业院校"}
    fill_answers(page, without_school)
    choose_taiyuan_xiaodian_with_htmx(page)
    labels = dict(REQUIRED_ROWS)
    for kind, path in files.for_rows().items():
        file_input(page, labels[kind]).set_input_files(path)
        expect_row_done(page, kind, path)
    set_reload_marker(page)

    page.get_by_role("button", name="提交", exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(["请填写毕业院校"])
    expect(summary.get_by_role("link")).to_have_attribute("href", "#school")
    expect(page.locator("#school-error")).to_have_text("错误：请填写毕业院校")
    expect(page.get_by_label("毕业院校", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect_answers_kept(page, {**without_school, "毕业院校": ""})
    for kind, path in files.for_rows().items():
        expect_row_done(page, kind, path)
    assert page_was_not_reloaded(page), "a form with a mistake reloaded the page"
    axe(page)

    page.get_by_label("毕业院校", exact=True).fill(answers["毕业院校"])
    submit_with_htmx_expect_success(page, axe)


# -- without JavaScript: plain forms, files sent with 提交 ----------------------------------------


def test_application_nojs_apply_withdraw_and_reapply_by_full_page_loads(page_nojs, server, axe, files):
    page = page_nojs
    answers = answers_for(server)
    register(page, "刘小东")
    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="就业见习人员申请").click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(heading(page)).to_have_text("就业见习人员申请")
    axe(page)

    fill_answers(page, answers)
    city_select(page).select_option(label="太原市")
    expect(jurisdiction_select(page).locator("option")).to_have_text(["请选择"])
    update = page.get_by_role("button", name="按所选的市更新县区列表")
    expect(update).to_be_visible()
    update.click()

    expect(jurisdiction_select(page).locator("option", has_text="小店区")).to_have_count(1)
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(city_select(page)).to_have_value(TAIYUAN)
    for label, value in answers.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(SELECTS.get(label, value))
    axe(page)
    jurisdiction_select(page).select_option(label="小店区")
    labels = dict(REQUIRED_ROWS)
    for kind, path in files.for_rows().items():
        file_input(page, labels[kind]).set_input_files(path)

    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(re.compile(r"/apply/done/JX\d{14}$"))
    expect(heading(page)).to_have_text("申报成功")
    first = page.url.rsplit("/", 1)[1]
    expect(page.locator(".panel-success")).to_contain_text(f"申报编号：{first}")
    axe(page)

    page.locator("header .account").get_by_role("link", name="个人中心").click()

    pending = page.locator("main .card")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text(first)
    expect(pending).to_contain_text("未审核")
    axe(page)

    pending.get_by_role("link", name="撤回").click()

    expect(page).to_have_url(re.compile(r"/me/applications/\d+/withdraw$"))
    expect(heading(page)).to_have_text("撤回申请")
    expect(page.get_by_role("main")).to_contain_text(first)
    expect(page.get_by_role("button", name="取消")).to_be_hidden()  # the dialog's button, not the page's
    axe(page)

    page.get_by_role("button", name="确认撤回").click()

    expect(page).to_have_url(re.compile(rf"/me/applications\?withdrawn={first}(&|$)"))
    expect(page.locator("#applications .notice")).to_contain_text(f"申报编号 {first} 已撤回。")
    card = page.locator("#applications li.card", has_text=first)
    expect(card.locator(".status-withdrawn")).to_have_text("已撤回")
    axe(page)

    page.get_by_label("审核状态", exact=True).select_option(label="已撤回")
    page.get_by_role("button", name="查询").click()

    expect(page).to_have_url(re.compile(r"[?&]status=withdrawn(&|$)"))
    expect(page.locator("#applications li.card")).to_have_count(1)
    axe(page)

    page.goto(f"/me/applications?withdrawn={first}")
    page.locator("#applications .notice").get_by_role("link", name="重新申报").click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect_answers_kept(page, answers)
    for kind, path in files.for_rows().items():
        expect_row_done(page, kind, path)
    axe(page)

    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(re.compile(r"/apply/done/JX\d{14}$"))
    expect(heading(page)).to_have_text("申报成功")
    second = page.url.rsplit("/", 1)[1]
    assert second != first
    axe(page)
