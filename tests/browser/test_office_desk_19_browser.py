"""Issue 19 at a county office's desk (1280 px) and on a phone (360 px): 审核通过 is confirmed first
(a dialog with JavaScript, a confirmation page without) and decided once, a PDF opens in the
browser, and 结束招募 for 其他 asks for the reason in words and shows it.

Every page visited is checked with axe-core. The tests share the module's seeded database, so
each decides only an application it has just seen as 未审核 and closes only a position it made.
"""
import re
import uuid
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import Application, AuditLog, Position
from tests.factories import make_employer, make_position

from .helpers import KNOWN_COUNTY, heading, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
APPLICATION_URL = re.compile(r"/review/applications/\d+(\?|$)")
APPROVE_URL = re.compile(r"/review/applications/\d+/approve\?status=pending$")


@contextmanager
def database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


def stored(server, reference: str) -> Application:
    with database(server):
        return Application.get(Application.reference == reference)


def approvals_of(server, application: Application) -> int:
    with database(server):
        return AuditLog.select().where((AuditLog.action == "approve") & (AuditLog.object_id == application.id)).count()


def assert_fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px: {scroll}px wide"


def open_first_pending(page) -> str:
    """The queue narrowed to 未审核, its first (oldest) application opened; returns its 申报编号."""
    page.goto("/review/?status=pending")
    link = page.locator("#queue tbody tr").first.locator('td[data-label="申报编号"] a')
    reference = link.inner_text()
    link.click()
    expect(page).to_have_url(APPLICATION_URL)
    expect(heading(page)).to_have_text(f"就业见习人员申请 {reference}")
    expect(page.get_by_role("main")).to_contain_text("审核状态：未审核")
    return reference


def approve_button(page):
    return page.locator("#decision").get_by_role("button", name="审核通过", exact=True)


def expect_decided(page, reference: str) -> None:
    """After 确认通过: the next 未审核 application (or the queue) with the notice naming the decided one."""
    expect(page.locator("main .notice").first).to_have_text(f"申报编号 {reference} 已审核通过。")
    expect(page).to_have_url(re.compile(r"[?&]status=pending(&|$)"))
    expect(page).not_to_have_url(APPROVE_URL)


# -- 审核通过, confirmed -----------------------------------------------------------------------


def test_approve_desk_js_confirmed_in_a_modal_dialog_that_returns_safely_then_decides_once(new_page, server, axe):
    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    reference = open_first_pending(page)
    axe(page)

    # A PDF has no <link rel=icon>, so the browser asks for /favicon.ico, which the site does not
    # serve (its pages name their icon); that 404 is not what this test is about.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    pdf = page.locator("p.attachment a").first
    expect(pdf).to_have_text(re.compile(r"（PDF，在浏览器中查看）$"))
    with page.expect_response(re.compile(r"/files/\d+$")) as opened:
        pdf.click()
    headers = opened.value.all_headers()
    assert headers["content-type"] == "application/pdf" and headers["content-disposition"].startswith("inline")
    assert "default-src 'none'" in headers["content-security-policy"]
    expect(page).to_have_url(re.compile(r"/files/\d+$"))  # shown in the browser, not saved as a download
    page.go_back()
    expect(heading(page)).to_have_text(f"就业见习人员申请 {reference}")

    page.evaluate("window.__marker = 1")
    approve_button(page).click()
    dialog = page.get_by_role("dialog", name="确认审核通过")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "审核通过 is not confirmed in a modal dialog"
    expect(dialog).to_contain_text(f"申报编号 {reference}")
    expect(dialog.get_by_role("button", name="返回")).to_be_focused()  # Enter must not decide
    expect(dialog.get_by_role("link", name="返回")).to_be_hidden()  # the page's way back, not the dialog's
    axe(page)
    dialog.get_by_role("button", name="返回").click()
    expect(dialog).to_be_hidden()
    assert page.evaluate("window.__marker") == 1, "opening the dialog reloaded the page"
    assert stored(server, reference).status == "pending", "返回 decided something"

    approve_button(page).click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="确认通过").click()
    expect_decided(page, reference)
    axe(page)
    decided = stored(server, reference)
    assert decided.status == "approved" and approvals_of(server, decided) == 1


def test_approve_phone_nojs_confirmation_page_then_a_second_tab_cannot_decide_again(new_page, server, axe):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(page, "xiaodian")
    reference = open_first_pending(page)
    approve_button(page).click()
    expect(page).to_have_url(APPROVE_URL)
    expect(heading(page)).to_have_text("确认审核通过")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"申报编号 {reference}")
    expect(main.get_by_role("button", name="返回")).to_be_hidden()  # the dialog's; the page has a link
    assert_fits(page, PHONE["width"])
    axe(page)

    main.get_by_role("link", name="返回").click()
    expect(heading(page)).to_have_text(f"就业见习人员申请 {reference}")
    assert stored(server, reference).status == "pending", "the confirmation page decided something"

    approve_button(page).click()
    second_tab = new_page(viewport=PHONE, java_script_enabled=False)  # the same reviewer, elsewhere
    sign_in(second_tab, "xiaodian")
    second_tab.goto(page.url)  # the same confirmation, still open there
    page.get_by_role("button", name="确认通过").click()
    expect_decided(page, reference)
    assert_fits(page, PHONE["width"])
    axe(page)

    second_tab.get_by_role("button", name="确认通过").click()
    expect_decided(second_tab, reference)  # answered as the first was
    decided = stored(server, reference)
    assert decided.status == "approved" and approvals_of(server, decided) == 1, "decided twice"

    second_tab.goto(f"/review/applications/{decided.id}/approve?status=pending")
    expect(second_tab.get_by_role("main")).to_contain_text("审核为“审核通过”，未做更改。")
    expect(second_tab.get_by_role("button", name="确认通过")).to_have_count(0)
    axe(second_tab)


# -- 结束招募 for 其他 -------------------------------------------------------------------------


def own_position(server) -> tuple[int, str, str]:
    """A new open position of 小店区 with its 岗位编号: (id, title, 岗位编号)."""
    mark = uuid.uuid4().hex[:6].upper()
    title, reference = f"结束原因测试{mark}", f"R-{mark}"
    with database(server):
        employer = make_employer(name=f"山西{title}有限公司", region=KNOWN_COUNTY)
        return make_position(employer, region=KNOWN_COUNTY, title=title, external_ref=reference).id, title, reference


def expect_closed_for(page, server, position_id: int, reason: str, width: int, axe) -> None:
    expect(page).to_have_url(re.compile(rf"/review/positions/{position_id}$"))
    expect(page.get_by_role("main")).to_contain_text(f"状态：已结束（其他：{reason}）")
    expect(page.get_by_role("button", name="重新开放")).to_be_visible()
    assert_fits(page, width)
    axe(page)
    with database(server):
        closed = Position.get_by_id(position_id)
        assert (closed.status, closed.close_reason, closed.close_note) == ("closed", "other", reason)


def expect_reason_asked(page, width: int, axe) -> None:
    """其他 with no words: back on the page, told by the field, 其他 still chosen."""
    expect(page).to_have_title(re.compile("^错误：结束招募"))
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(["选择“其他”时，请填写结束招募的原因"])
    expect(summary).to_be_focused()
    field = page.get_by_label("其他原因", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("选择“其他”时，请填写结束招募的原因"))
    expect(page.get_by_label("其他", exact=True)).to_be_checked()
    assert_fits(page, width)
    axe(page)


def test_close_other_desk_js_in_the_dialog_needs_the_reason_then_shows_it(new_page, server, axe):
    position_id, _, reference = own_position(server)
    page = new_page(viewport=DESK)
    sign_in(page, "xiaodian")
    page.goto(f"/review/positions/{position_id}")
    expect(page.get_by_role("main")).to_contain_text(f"岗位编号：{reference}")
    page.get_by_role("link", name="结束招募").click()
    dialog = page.get_by_role("dialog", name="结束招募")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("其他原因", exact=True)).to_have_accessible_description(re.compile("选择“其他”时必填"))
    axe(page)
    dialog.get_by_label("其他", exact=True).check()
    dialog.get_by_role("button", name="确认结束招募").click()
    expect_reason_asked(page, DESK["width"], axe)

    page.get_by_label("其他原因", exact=True).fill("单位改制，暂停招聘")
    page.get_by_role("button", name="确认结束招募").click()
    expect_closed_for(page, server, position_id, "单位改制，暂停招聘", DESK["width"], axe)


def test_close_other_phone_nojs_on_the_page_needs_the_reason_then_shows_it(new_page, server, axe):
    position_id, title, reference = own_position(server)
    page = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(page, "xiaodian")
    page.goto(f"/review/positions/{position_id}")
    page.get_by_role("link", name="结束招募").click()
    expect(heading(page)).to_have_text("结束招募")
    assert_fits(page, PHONE["width"])
    axe(page)
    page.get_by_label("其他", exact=True).check()
    page.get_by_role("button", name="确认结束招募").click()
    expect_reason_asked(page, PHONE["width"], axe)

    page.get_by_label("其他原因", exact=True).fill("岗位调整")
    page.get_by_role("button", name="确认结束招募").click()
    expect_closed_for(page, server, position_id, "岗位调整", PHONE["width"], axe)
    page.get_by_role("link", name="返回见习岗位").click()
    page.get_by_label("岗位名称或编号", exact=True).fill(reference.lower())  # the 岗位编号 finds it too
    page.get_by_role("button", name="查询").click()
    row = page.locator("#positions tbody tr")
    expect(row.locator("td[data-label=岗位名称]")).to_have_text([title])
    expect(row.locator("td[data-label=岗位编号]")).to_have_text(reference)
    expect(row.locator("td[data-label=状态]")).to_have_text("已结束（其他：岗位调整）")
    assert_fits(page, PHONE["width"])
    axe(page)
