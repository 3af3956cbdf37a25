"""审核工作台 in a real browser: queue filters, an application and its files, 审核不通过 (a dialog with
JavaScript, a confirmation page without), 审核通过, and what the applicants then read in 个人中心.

Every page visited is checked with axe-core. The tests share the module's seeded database, so each
decides only applications it has just seen as 未审核, never a fixed row or count.
"""
import csv
import io
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import Application
from jianxi.reference.codes import REJECTION_GROUNDS

from .helpers import heading, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
XIAODIAN, TAIYUAN = "140105", "140100"
REFERENCE = re.compile(r"^JX\d{14}$")
APPLICATION_URL = re.compile(r"/review/applications/\d+(\?|$)")
QUEUE_URL = re.compile(r"/review/(\?|$)")
UNCLEAR, IN_SCHOOL = REJECTION_GROUNDS["unclear_files"], REJECTION_GROUNDS["in_school"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# -- helpers ---------------------------------------------------------------------------------


def stored(server, reference: str) -> Application:
    """The application as the server has it now, with its applicant's username."""
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        application = Application.get(Application.reference == reference)
        application.username = application.user.username
        return application


def sign_out(page) -> None:
    page.locator("header .account").get_by_role("button", name="退出").click()
    expect(page.locator("header .account").get_by_role("link", name="登录", exact=True)).to_be_visible()


def set_reload_marker(page) -> None:
    page.evaluate("window.__marker = 1")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def url_arg(name: str, value: str) -> re.Pattern:
    return re.compile(rf"[?&]{name}={re.escape(quote(value))}(&|$)")


def rows(page):
    return page.locator("#queue tbody tr")


def cell(row, label: str):
    return row.locator(f'td[data-label="{label}"]')


def expect_only_pending(page) -> int:
    """The queue lists 未审核 applications only (at least one); returns how many there are."""
    count = page.locator("#queue .count")
    expect(count).to_have_text(re.compile(r"^共 (\d+) 份，其中未审核 \1 份$"))
    expect(rows(page).first).to_be_visible()
    expect(page.locator("#queue tbody [class^=status-]:not(.status-pending)")).to_have_count(0)
    return int(count.locator("strong").first.inner_text())


def queue_changes(page, action) -> None:
    """Do `action`, then wait until a new list (swapped in by htmx, or a new page) replaces the old."""
    page.locator("#queue").evaluate("queue => queue.dataset.old = 'yes'")
    action()
    expect(page.locator("#queue")).not_to_have_attribute("data-old", "yes")


def choose(page, label: str, name: str, value: str, by_js: bool = True) -> None:
    """Pick a queue filter; with htmx the list swaps by itself, without it 查询 sends the form."""

    def pick():
        page.get_by_label(label, exact=True).select_option(value)
        if not by_js:
            search(page)

    queue_changes(page, pick)
    expect(page).to_have_url(url_arg(name, value))


def search(page, text: str | None = None) -> None:
    """查询, after typing `text` in 查找 if given."""
    if text is not None:
        page.get_by_role("searchbox", name=re.compile(r"^查找")).fill(text)
    page.get_by_role("button", name="查询").click()


def open_first_row(page) -> str:
    """Open the first (未审核) row of the queue; returns its 申报编号."""
    link = cell(rows(page).first, "申报编号").get_by_role("link")
    reference = link.inner_text()
    assert REFERENCE.match(reference), reference
    link.click()
    expect(page).to_have_url(APPLICATION_URL)
    expect_pending_application(page, reference)
    return reference


def expect_pending_application(page, reference: str) -> None:
    expect(heading(page)).to_have_text(f"就业见习人员申请 {reference}")
    expect(page.get_by_role("main")).to_contain_text("审核状态：未审核")
    expect(page.get_by_role("heading", name="核查要点")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("提交申请")


def decision(page):
    return page.locator("#decision")


def fill_rejection(page, ground, details: str) -> None:
    decision(page).get_by_label(ground.label, exact=True).check()
    decision(page).get_by_label("补充说明", exact=True).fill(details)
    decision(page).get_by_role("button", name="审核不通过", exact=True).click()


def expect_confirmation(box, reference: str, ground, details: str) -> None:
    """What the reviewer is shown before 确认不通过: what the applicant will read."""
    expect(box).to_contain_text(f"申报编号 {reference}")
    expect(box.locator(".grounds li")).to_have_text([f"{ground.label}：{ground.meaning}"])
    expect(box).to_contain_text(f"补充说明：{details}")
    expect(box.get_by_role("button", name="确认不通过")).to_be_visible()
    expect(box.get_by_role("button", name="返回修改")).to_have_count(1)  # the other is hidden


def after_decision(page, reference: str, outcome: str, pending_before: int, filters: dict) -> str | None:
    """The notice names the decided application; the page is the next 未审核 one (returned), or
    the queue once none is left. The queue's filters come along."""
    expect(page.locator("main .notice").first).to_have_text(f"申报编号 {reference} 已{outcome}。")
    for name, value in filters.items():
        expect(page).to_have_url(url_arg(name, value))
    if pending_before <= 1:
        expect(page).to_have_url(QUEUE_URL)
        return None
    expect(page).to_have_url(APPLICATION_URL)
    upcoming = page.locator("h1 .reference").inner_text()
    assert upcoming != reference
    expect_pending_application(page, upcoming)
    return upcoming


def expect_image_loaded(image) -> None:
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def expect_files(page) -> None:
    """Both ID pictures show, 查看原图 gives the PNG itself, and the PDF opens in the browser."""
    expect(page.locator("figure.attachment img")).to_have_count(2)
    for kind in ("身份证人像面", "身份证国徽面"):
        expect_image_loaded(page.locator("figure.attachment", has_text=kind).locator("img"))
        link = page.get_by_role("link", name=re.compile(rf"^查看原图\s*：{kind}$"))
        response = page.request.get(link.get_attribute("href"))
        assert response.headers["content-type"] == "image/png" and response.body().startswith(PNG_MAGIC)
    pdf = page.locator("p.attachment a")
    expect(pdf).to_have_text(re.compile(r"^(学历证明|就业创业证)：.+（PDF，在浏览器中查看）$"))
    headers = page.request.get(pdf.get_attribute("href")).headers
    assert headers["content-type"] == "application/pdf" and headers["content-disposition"].startswith("inline")


def expect_export_is_the_queue(page, count: int) -> None:
    """导出以上申请: a CSV for Excel (BOM, header) with a line for each application of the queue."""
    link = page.get_by_role("link", name=re.compile(r"^导出以上申请"))
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/csv"), response.headers
    header, *lines = list(csv.reader(io.StringIO(response.text())))
    assert header[:2] == ["\ufeff申报编号", "审核状态"], header
    assert len(lines) == count and {line[1] for line in lines} == {"未审核"}, lines


def expect_outcome_card(card, a: Application, outcome: str, ground=None) -> None:
    """个人中心 / 我的办件: outcome and 审核日期, each ground with 怎么办, and 办理进度."""
    day = a.reviewed_at.date()
    expect(card).to_contain_text(a.reference)
    expect(card.locator(f".status-{a.status}")).to_have_text(outcome)
    expect(card).to_contain_text(f"审核日期{day:%Y-%m-%d}")
    if ground:
        expect(card.locator(".grounds li")).to_have_text([f"{ground.label}：{ground.meaning}怎么办：{ground.what_to_do}"])
        expect(card).to_contain_text(f"经办人员补充说明：{a.reason}")
    else:
        expect(card.locator(".grounds")).to_have_count(0)
    steps = card.locator("ol.progress li")
    expect(steps).to_have_text([re.compile(r"^提交申请 \d{4}-"), re.compile(rf"^{outcome} {day:%Y-%m-%d} ")])


def applicant_sees_outcome(page, server, axe, reference: str, outcome: str, ground=None) -> None:
    a = stored(server, reference)
    sign_in(page, a.username)
    expect(page).to_have_url(re.compile(r"/me/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("没有未审核的申请。")
    trainee = page.get_by_role("heading", name="您已是就业见习人员")
    if a.status == "approved":
        expect(trainee).to_be_visible()
        expect(main).to_contain_text(f"{a.reviewed_at:%Y-%m-%d}审核通过")
    else:
        expect(trainee).to_have_count(0)
    expect(page.get_by_role("heading", name="最近的办件")).to_be_visible()
    expect_outcome_card(main.locator(".card"), a, outcome, ground)
    axe(page)

    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="我的办件").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    cards = page.locator("#applications li.card")
    expect(cards).to_have_count(1)
    expect_outcome_card(cards.first, a, outcome, ground)
    axe(page)
    sign_out(page)


def assert_fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px: {scroll}px wide"


def test_review_desk_js_filter_search_reject_approve_then_applicants_see_outcomes(new_page, server, axe):
    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    expect(page).to_have_url(QUEUE_URL)
    expect(heading(page)).to_have_text("审核工作台")
    expect(page.get_by_role("main")).to_contain_text("辖区：太原市 小店区")
    expect(page.get_by_label("业务办理属地", exact=True)).to_have_count(0)  # one office, nothing to narrow
    axe(page)

    set_reload_marker(page)
    choose(page, "审核状态", "status", "pending")
    pending = expect_only_pending(page)
    expect_export_is_the_queue(page, pending)
    first = rows(page).first
    name = cell(first, "姓名").inner_text()
    reference = cell(first, "申报编号").inner_text()

    queue_changes(page, lambda: search(page, name))
    expect(page).to_have_url(url_arg("q", name))
    expect(page).to_have_url(url_arg("status", "pending"))
    names = page.locator("#queue tbody td[data-label=姓名]").all_inner_texts()
    assert names and all(n == name for n in names), names
    expect(page.locator("#queue tbody").get_by_role("link", name=reference)).to_be_visible()
    assert page_was_not_reloaded(page), "filtering the queue reloaded the page"
    axe(page)

    queue_changes(page, lambda: search(page, ""))
    expect(page).not_to_have_url(re.compile(r"[?&]q=[^&]"))
    assert expect_only_pending(page) == pending
    assert page_was_not_reloaded(page)
    assert open_first_row(page) == reference
    expect_files(page)
    axe(page)

    details = "身份证人像面照片模糊，请重新拍摄。"
    fill_rejection(page, UNCLEAR, details)
    dialog = page.get_by_role("dialog", name="确认审核不通过")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "审核不通过 is not confirmed in a modal dialog"
    expect(dialog.get_by_role("button", name="返回修改")).to_be_focused()  # Enter must not reject
    expect_confirmation(dialog, reference, UNCLEAR, details)
    axe(page)

    dialog.get_by_role("button", name="确认不通过").click()
    second = after_decision(page, reference, "审核不通过", pending, {"status": "pending"})
    assert second, "the queue had more 未审核 applications, but the next one did not open"
    axe(page)

    decision(page).get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="确认通过").click()  # in a dialog with JavaScript, on a page without
    after_decision(page, second, "审核通过", pending - 1, {"status": "pending"})
    axe(page)
    assert (stored(server, reference).status, stored(server, second).status) == ("rejected", "approved")

    sign_out(page)
    applicant_sees_outcome(page, server, axe, reference, "审核不通过", UNCLEAR)
    applicant_sees_outcome(page, server, axe, second, "审核通过")


def test_review_phone_nojs_filter_reject_through_confirmation_page_then_approve(new_page, server, axe):
    page = new_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, "xiaodian")
    expect(heading(page)).to_have_text("审核工作台")
    axe(page)

    choose(page, "审核状态", "status", "pending", by_js=False)
    pending = expect_only_pending(page)
    axe(page)

    reference = open_first_row(page)
    axe(page)

    details = "在校证明显示仍在读。"
    fill_rejection(page, IN_SCHOOL, details)
    expect(page).to_have_url(re.compile(r"/review/applications/\d+/reject$"))
    expect(heading(page)).to_have_text("确认审核不通过")
    expect_confirmation(page.get_by_role("main"), reference, IN_SCHOOL, details)
    axe(page)

    page.get_by_role("button", name="返回修改").click()
    expect_pending_application(page, reference)
    expect(decision(page).get_by_label(IN_SCHOOL.label, exact=True)).to_be_checked()
    expect(decision(page).get_by_label(UNCLEAR.label, exact=True)).not_to_be_checked()
    expect(decision(page).get_by_label("补充说明", exact=True)).to_have_value(details)
    expect(page.locator(".error-summary")).to_have_count(0)
    assert stored(server, reference).status == "pending"
    axe(page)

    decision(page).get_by_role("button", name="审核不通过", exact=True).click()
    expect(heading(page)).to_have_text("确认审核不通过")
    page.get_by_role("button", name="确认不通过").click()
    second = after_decision(page, reference, "审核不通过", pending, {"status": "pending"})
    assert second, "the queue had more 未审核 applications, but the next one did not open"
    axe(page)

    decision(page).get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="确认通过").click()  # in a dialog with JavaScript, on a page without
    after_decision(page, second, "审核通过", pending - 1, {"status": "pending"})
    axe(page)
    assert (stored(server, reference).status, stored(server, second).status) == ("rejected", "approved")
    assert stored(server, reference).ground_codes == ["in_school"]


def test_review_phone_js_queue_and_application_fit_360px_without_sideways_scroll(page, server, axe):
    sign_in(page, "xiaodian")
    expect(heading(page)).to_have_text("审核工作台")
    assert_fits(page, PHONE["width"])
    for box in rows(page).evaluate_all("rows => rows.map(r => r.getBoundingClientRect().right)"):
        assert box <= PHONE["width"], f"a queue row reaches {box}px"
    axe(page)
    pager = page.get_by_role("navigation", name="分页")  # 小店区 has more than 20 applications
    queue_changes(page, pager.get_by_role("link", name="下一页").click)
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(pager).to_contain_text("第2页")
    expect(pager.get_by_role("link", name="上一页")).to_be_visible()
    assert_fits(page, PHONE["width"])

    choose(page, "审核状态", "status", "pending")
    expect_only_pending(page)
    assert_fits(page, PHONE["width"])
    reference = open_first_row(page)
    for image in page.locator("figure.attachment img").all():
        expect_image_loaded(image)
    assert_fits(page, PHONE["width"])
    expect(decision(page).get_by_role("button", name="审核通过")).to_be_visible()
    axe(page)
    assert stored(server, reference).status == "pending"


def test_review_js_reject_without_ground_shows_message_by_the_grounds_and_decides_nothing(new_page, server, axe):
    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    page.goto("/review/?status=pending")
    expect_only_pending(page)
    reference = open_first_row(page)
    set_reload_marker(page)

    decision(page).get_by_role("button", name="审核不通过", exact=True).click()

    grounds = decision(page).get_by_role("group", name="不通过原因")
    expect(grounds.locator(".error-message")).to_have_text("错误：请至少选择一项不通过原因")
    expect(grounds).to_have_attribute("aria-describedby", "grounds-error")
    summary = decision(page).locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(["请至少选择一项不通过原因"])
    expect(summary.get_by_role("link")).to_have_attribute("href", "#grounds")
    expect(summary).to_be_focused()
    expect(page.locator("dialog")).to_have_count(0)
    expect(decision(page).get_by_role("button", name="审核通过")).to_be_visible()
    expect_pending_application(page, reference)
    assert page_was_not_reloaded(page), "a rejection with no ground reloaded the page"
    assert stored(server, reference).status == "pending"
    axe(page)

    # The panel that came back still works: tick a ground and the dialog opens; 返回修改 closes it.
    grounds.get_by_label(UNCLEAR.label, exact=True).check()
    decision(page).get_by_role("button", name="审核不通过", exact=True).click()
    dialog = page.get_by_role("dialog", name="确认审核不通过")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="返回修改").click()
    expect(dialog).to_be_hidden()
    expect(grounds.get_by_label(UNCLEAR.label, exact=True)).to_be_checked()
    assert page_was_not_reloaded(page)
    assert stored(server, reference).status == "pending"


def test_review_city_office_views_county_application_without_deciding_and_decides_its_own(new_page, server, axe):
    page = new_page(viewport=DESK)
    sign_in(page, "taiyuan")
    expect(heading(page)).to_have_text("审核工作台")
    expect(page.get_by_role("main")).to_contain_text("辖区：太原市市本级")
    county = page.get_by_label("业务办理属地", exact=True)
    expect(county).to_be_visible()
    expect(county.locator(f'option[value="{XIAODIAN}"]')).to_have_text("太原市 小店区")
    axe(page)

    choose(page, "审核状态", "status", "pending")
    choose(page, "业务办理属地", "county", XIAODIAN)
    expect_only_pending(page)
    reference = open_first_row(page)
    expect(page.get_by_role("main")).to_contain_text("业务办理属地：太原市 小店区")
    expect(decision(page)).to_contain_text("您可以查看，不能审核")
    expect(decision(page).get_by_role("button")).to_have_count(0)
    expect_image_loaded(page.locator("figure.attachment img").first)
    axe(page)

    page.get_by_role("link", name="返回审核工作台").click()
    expect(page).to_have_url(url_arg("county", XIAODIAN))
    expect(county).to_have_value(XIAODIAN)
    choose(page, "业务办理属地", "county", TAIYUAN)
    pending = expect_only_pending(page)
    own = open_first_row(page)
    expect(page.get_by_role("main")).to_contain_text("业务办理属地：太原市市本级")
    axe(page)

    decision(page).get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="确认通过").click()  # in a dialog with JavaScript, on a page without
    after_decision(page, own, "审核通过", pending, {"status": "pending", "county": TAIYUAN})
    axe(page)
    decided = stored(server, own)
    assert (decided.status, decided.jurisdiction_id) == ("approved", TAIYUAN)
    assert stored(server, reference).status == "pending"
