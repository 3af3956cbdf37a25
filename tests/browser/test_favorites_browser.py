"""见习岗位录入及维护 and 我的收藏 in a real browser at phone size: a trainee shortlists three
positions (htmx swaps the 收藏 widget; without JavaScript each form posts and comes back), the
fourth is refused with the three listed, and 个人中心 lists them; a pending applicant and someone
without an application are told why they cannot; a closed favorite is shown apart and can go.

The module's own four positions (KEYWORD in their titles) make the search give a known list.
Each test starts from no favorites and those four positions open, so the order does not matter.
"""
import datetime
import re
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import Application, Favorite, Position, User
from jianxi.services import clock
from tests.factories import make_employer, make_position

from .helpers import KNOWN_COUNTY, TAIYUAN, heading, sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
KEYWORD = "收藏测试"
TITLES = [f"{KEYWORD}{name}见习" for name in ("出纳", "文员", "客服", "仓管")]  # by deadline, soonest first
FILTERS = {"education": "bachelor", "q": KEYWORD, "sort": "deadline"}


# -- the browser -----------------------------------------------------------------------------

# Without JavaScript a refused 收藏 is the detail page answered 409 (full) or 403 (not a trainee).
EXPECTED_STATUSES = (403, 409)


@contextmanager
def database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


@pytest.fixture(scope="module")
def ours(live_server):
    """Four open 本科 positions in 小店区 with KEYWORD in their titles: {title: (id, deadline)}."""
    with database(live_server):
        today = clock.today()
        employer = make_employer(name="山西晋阳见习商贸有限公司", region=KNOWN_COUNTY)
        made = [
            make_position(employer, title=title, region=KNOWN_COUNTY, education="bachelor",
                          deadline=today + datetime.timedelta(days=40 + n))
            for n, title in enumerate(TITLES)
        ]
        return {p.title: (p.id, p.deadline) for p in made}


@pytest.fixture(autouse=True)
def fresh(server, ours):
    """No one has favorites; our four positions are open with their deadlines."""
    with database(server):
        Favorite.delete().execute()
        for id_, deadline in ours.values():
            Position.update(status="open", deadline=deadline).where(Position.id == id_).execute()


def shortlist(server, username: str = "trainee") -> list[str]:
    """The person's favorites' titles, in the order they were added."""
    with database(server):
        rows = (Favorite.select(Favorite, Position).join(Position).join_from(Favorite, User)
                .where(User.username == username).order_by(Favorite.created_at, Favorite.id))
        return [f.position.title for f in rows]


def pending_applicant(server) -> str:
    """One of xd01..xd06 whose application is still 未审核."""
    with database(server):
        for username in (f"xd{n:02d}" for n in range(1, 7)):
            query = Application.select().join(User).where((User.username == username) & (Application.status == "pending"))
            if query.exists():
                return username
    pytest.fail("none of the demo applicants xd01..xd06 has a pending application")


def end(server, ours, title: str, expired: bool = False) -> None:
    """Close the position, or (expired) let its deadline pass: yesterday, the service's day."""
    with database(server):
        change = {"deadline": clock.today() - datetime.timedelta(days=1)} if expired else {"status": "closed"}
        Position.update(**change).where(Position.id == ours[title][0]).execute()


def set_reload_marker(page) -> None:
    page.evaluate("window.__marker = 1")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def assert_fits(page) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= PHONE_WIDTH, f"{page.url} scrolls sideways at {PHONE_WIDTH}px: {scroll}px wide"


def open_positions(page) -> None:
    """个人办事 → 见习岗位录入及维护, as the manual says."""
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="个人办事").click()
    page.get_by_role("link", name="见习岗位录入及维护").click()
    expect(page).to_have_url(re.compile(r"/me/positions/$"))
    expect(heading(page)).to_have_text("见习岗位录入及维护")


def cards(page):
    return page.locator("#result-list > li.card")


def results_change(page, action) -> None:
    """Do `action`, then wait until new results (swapped in by htmx, or a new page) replace the old."""
    page.locator("#results").evaluate("results => results.dataset.old = 'yes'")
    action()
    expect(page.locator("#results")).not_to_have_attribute("data-old", "yes")


def search(page, by_js: bool, shortlisted=()) -> None:
    """学历要求 本科, 排序 截止日期最近 and 关键词, then 查询: our four positions, soonest deadline first.
    With htmx each choice swaps the results at once; without, 查询 sends them all."""
    education = page.get_by_label("学历要求", exact=True)
    sort = page.get_by_label("排序", exact=True)
    if by_js:
        set_reload_marker(page)
        results_change(page, lambda: education.select_option(label="本科"))
        results_change(page, lambda: sort.select_option(label="截止日期最近"))
    else:
        education.select_option(label="本科")
        sort.select_option(label="截止日期最近")
    page.get_by_role("searchbox", name=re.compile("^关键词")).fill(KEYWORD)
    results_change(page, page.get_by_role("button", name="查询").click)
    expect_search_kept(page, shortlisted)
    if by_js:
        assert page_was_not_reloaded(page), "filtering reloaded the page"


def expect_search_kept(page, shortlisted=()) -> None:
    """The list is our search: its filters in the URL and the form, our four titles, 已收藏 on some."""
    for name, value in FILTERS.items():
        expect(page).to_have_url(re.compile(rf"[?&]{name}={re.escape(quote(value))}(&|#|$)"))
    expect(page.get_by_label("学历要求", exact=True)).to_have_value("bachelor")
    expect(page.get_by_label("排序", exact=True)).to_have_value("deadline")
    expect(page.get_by_role("searchbox", name=re.compile("^关键词"))).to_have_value(KEYWORD)
    expect(page.locator("#result-count")).to_have_text("共找到 4 个岗位")
    expect(cards(page).locator("h3 a")).to_have_text(TITLES)
    tagged = cards(page).filter(has=page.locator(".tag"))
    expect(tagged.locator("h3 a")).to_have_text([t for t in TITLES if t in shortlisted])
    expect(tagged.locator(".tag")).to_have_text(["已收藏"] * len(shortlisted))


def open_position(page, title: str):
    """Open a position from the list; returns its 收藏 widget."""
    cards(page).get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/positions/\d+\?"))
    expect(heading(page)).to_have_text(title)
    return page.locator("div.favorite")


def back_to_list(page, shortlisted) -> None:
    page.locator("main a.back").click()
    expect(page).to_have_url(re.compile(r"/me/positions/\?"))
    expect_search_kept(page, shortlisted)


def expect_widget(widget, shortlisted: bool, count: int) -> None:
    expect(widget.get_by_role("button")).to_have_text(["取消收藏" if shortlisted else "收藏"])
    expect(widget).to_contain_text(f"我的收藏 {count}/3")
    expect(widget.locator(".tag")).to_have_count(1 if shortlisted else 0)


def add(page, widget, count_after: int, by_js: bool) -> None:
    """收藏: with htmx the widget swaps in place; without, the page comes back to itself."""
    url = page.url
    if by_js:
        set_reload_marker(page)
    widget.get_by_role("button", name="收藏", exact=True).click()
    expect_widget(widget, True, count_after)
    expect(page).to_have_url(url)
    if by_js:
        assert page_was_not_reloaded(page), "收藏 reloaded the page"
        expect(widget.get_by_role("button", name="取消收藏")).to_be_focused()  # focus stays on the toggle


def remove_name(title: str) -> re.Pattern:
    """取消收藏 in a list names its position (visually hidden, after a space Chromium adds)."""
    return re.compile(rf"^取消收藏\s*：{title}$")


def expect_full_refusal(widget, shortlisted) -> None:
    """The fourth: refused in the widget, the three listed, each with 取消收藏; nothing else changed."""
    alert = widget.get_by_role("alert")
    expect(alert).to_contain_text("最多收藏3个岗位")
    expect(alert.locator("ol.shortlist > li > a")).to_have_text(shortlisted)
    for title in shortlisted:
        expect(alert.get_by_role("button", name=remove_name(title))).to_be_visible()
    expect(widget.locator("form.actions").get_by_role("button")).to_have_text(["收藏"])
    expect(widget).to_contain_text("我的收藏 3/3")


def my_favorites(page):
    """个人中心's 我的收藏 section."""
    page.locator("header .account").get_by_role("link", name="个人中心").click()
    expect(heading(page)).to_have_text("个人中心")
    return page.get_by_role("region", name=re.compile("^我的收藏"))


def expect_my_favorites(section, open_titles, ended=()) -> None:
    count = len(open_titles) + len(ended)
    expect(section.get_by_role("heading", level=2)).to_have_text(f"我的收藏 （已收藏 {count}/3）")
    expect(section.locator("h2 + ol.shortlist > li > a")).to_have_text(open_titles)
    expect(section.locator("h3 ~ ol.shortlist > li > a")).to_have_text(list(ended))
    expect(section.get_by_role("heading", name="已结束")).to_have_count(1 if ended else 0)


def test_favorites_js_trainee_shortlists_three_fourth_refused_then_swaps_one(page, server, axe):
    sign_in(page, "trainee")
    open_positions(page)
    expect(page.get_by_label("市", exact=True)).to_have_count(0)
    expect(page.get_by_label("县区", exact=True)).to_have_count(0)
    expect(page.locator("#result-count")).to_have_text(f"共找到 {server.total(city=TAIYUAN, county=KNOWN_COUNTY)} 个岗位")
    for meta in cards(page).locator(".meta").all_inner_texts():
        assert "小店区" in meta, meta
    assert_fits(page)
    axe(page)

    search(page, by_js=True)
    for n, title in enumerate(TITLES[:3]):
        widget = open_position(page, title)
        expect_widget(widget, False, n)
        add(page, widget, n + 1, by_js=True)
        if n == 0:
            assert_fits(page)
            axe(page)
        back_to_list(page, TITLES[: n + 1])
    assert shortlist(server) == TITLES[:3]

    widget = open_position(page, TITLES[3])
    set_reload_marker(page)
    widget.get_by_role("button", name="收藏", exact=True).click()
    expect_full_refusal(widget, TITLES[:3])
    assert page_was_not_reloaded(page), "the refusal reloaded the page"
    assert shortlist(server) == TITLES[:3]
    assert_fits(page)
    axe(page)

    detail = page.url
    widget.get_by_role("button", name=remove_name(TITLES[1])).click()  # a plain form: back to this page
    expect(widget.get_by_role("alert")).to_have_count(0)
    expect(page).to_have_url(detail)
    expect_widget(widget, False, 2)
    add(page, widget, 3, by_js=True)
    assert shortlist(server) == [TITLES[0], TITLES[2], TITLES[3]]
    back_to_list(page, [TITLES[0], TITLES[2], TITLES[3]])

    section = my_favorites(page)
    expect_my_favorites(section, [TITLES[0], TITLES[2], TITLES[3]])
    assert_fits(page)
    axe(page)


def test_favorites_nojs_trainee_forms_come_back_fourth_refused_on_page_remove_in_centre(page_nojs, server, axe):
    page = page_nojs
    sign_in(page, "trainee")
    open_positions(page)
    search(page, by_js=False)
    axe(page)
    for n, title in enumerate(TITLES[:3]):
        widget = open_position(page, title)
        add(page, widget, n + 1, by_js=False)
        back_to_list(page, TITLES[: n + 1])

    widget = open_position(page, TITLES[3])
    widget.get_by_role("button", name="收藏", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/positions/\d+/favorite$"))
    expect(heading(page)).to_have_text(TITLES[3])
    expect_full_refusal(widget, TITLES[:3])
    expect(page.get_by_role("alert")).to_have_count(1)
    assert shortlist(server) == TITLES[:3]
    axe(page)
    back_to_list(page, TITLES[:3])  # 返回 on the refusal still goes back to the same search

    section = my_favorites(page)
    expect_my_favorites(section, TITLES[:3])
    section.get_by_role("button", name=remove_name(TITLES[1])).click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect_my_favorites(section, [TITLES[0], TITLES[2]])
    assert shortlist(server) == [TITLES[0], TITLES[2]]
    axe(page)

    open_positions(page)
    expect(page.get_by_role("main")).to_contain_text("已收藏 2/3")
    search(page, by_js=False, shortlisted=[TITLES[0], TITLES[2]])
    add(page, open_position(page, TITLES[3]), 3, by_js=False)
    assert shortlist(server) == [TITLES[0], TITLES[2], TITLES[3]]


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_favorites_pending_applicant_browses_but_add_is_refused_with_status_and_link(new_page, server, axe, js):
    page = new_page(java_script_enabled=js)
    username = pending_applicant(server)
    sign_in(page, username)
    open_positions(page)
    expect(page.get_by_role("main")).to_contain_text("您的申请审核通过后才能收藏岗位。")
    search(page, by_js=js)
    widget = open_position(page, TITLES[0])
    expect_widget(widget, False, 0)
    set_reload_marker(page)
    widget.get_by_role("button", name="收藏", exact=True).click()

    alert = page.locator("div.favorite").get_by_role("alert")
    expect(alert).to_contain_text("该人员不是就业见习人员")
    expect(alert).to_contain_text(re.compile(r"申报编号 JX\d{14}）目前是“未审核”"))
    expect(alert.get_by_role("link", name="查看我的办件")).to_have_attribute("href", "/me/applications")
    expect_widget(page.locator("div.favorite"), False, 0)
    assert page_was_not_reloaded(page) == js, "with htmx the refusal swaps in; without, a page comes"
    assert shortlist(server, username) == []
    axe(page)
    alert.get_by_role("link", name="查看我的办件").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.locator("#applications .status-pending")).to_have_text(["未审核"])


def test_favorites_no_application_explains_and_links_to_apply(page, server, axe):
    sign_in(page, "demo")
    open_positions(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("您还没有申请成为就业见习人员。")
    expect(page.locator("#results")).to_have_count(0)
    expect(main.get_by_role("button", name="收藏")).to_have_count(0)
    assert_fits(page)
    axe(page)
    main.get_by_role("link", name="就业见习人员申请").click()
    expect(page).to_have_url(re.compile(r"/apply"))
    expect(heading(page)).to_contain_text("就业见习人员申请")


def test_favorites_js_closed_and_expired_favorites_shown_apart_and_removable(page, server, ours, axe):
    sign_in(page, "trainee")
    open_positions(page)
    search(page, by_js=True)
    for n, title in enumerate(TITLES[:3]):
        add(page, open_position(page, title), n + 1, by_js=True)
        back_to_list(page, TITLES[: n + 1])
    end(server, ours, TITLES[0])
    end(server, ours, TITLES[2], expired=True)

    section = my_favorites(page)
    expect_my_favorites(section, [TITLES[1]], ended=[TITLES[0], TITLES[2]])
    expect(section).to_contain_text("这些岗位已结束招募，仍占收藏名额")
    assert_fits(page)
    axe(page)
    section.get_by_role("button", name=remove_name(TITLES[2])).click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect_my_favorites(section, [TITLES[1]], ended=[TITLES[0]])

    section.get_by_role("link", name=TITLES[0], exact=True).click()
    expect(heading(page)).to_have_text(TITLES[0])
    expect(page.get_by_role("main")).to_contain_text("该岗位已结束招募。")
    widget = page.locator("div.favorite")
    expect_widget(widget, True, 2)  # 取消收藏 and nothing else
    axe(page)
    set_reload_marker(page)
    widget.get_by_role("button", name="取消收藏").click()
    expect(widget).to_have_text("该岗位已结束招募，不能收藏。")
    expect(widget.get_by_role("button")).to_have_count(0)
    assert page_was_not_reloaded(page)
    assert shortlist(server) == [TITLES[1]]

    expect_my_favorites(my_favorites(page), [TITLES[1]])
