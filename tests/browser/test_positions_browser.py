"""见习岗位查询 in a real browser at phone size: htmx filtering, load more, history, no-JS, budget.

Every page a test visits is checked with axe-core and must have no violations.
"""
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from jianxi.reference import regions

from .helpers import KNOWN_COUNTY, KNOWN_TITLE, TAIYUAN

pytestmark = pytest.mark.browser

PAGE_SIZE = 20
REQUEST_BUDGET = 5
BYTE_BUDGET = 30 * 1024


# -- helpers ---------------------------------------------------------------------------------


def count_text(total: int) -> str:
    return f"共找到 {total} 个岗位"


def search_of(url: str) -> dict:
    """The search a URL asks for: non-empty filters, defaults (newest, page 1) left out."""
    args = dict(parse_qsl(urlsplit(url).query))
    if args.get("sort") == "newest":
        del args["sort"]
    if args.get("page") == "1":
        del args["page"]
    return args


def url_arg(name: str, value: str) -> re.Pattern:
    """Matches a URL whose query string has name=value."""
    return re.compile(rf"[?&]{name}={value}(&|$)")


def city_select(page):
    return page.get_by_label("市", exact=True)


def county_select(page):
    return page.get_by_label("县区", exact=True)


def result_count(page):
    return page.locator("#result-count")


def result_cards(page):
    return page.locator("#result-list > li.card")


def set_reload_marker(page) -> None:
    page.evaluate("window.__marker = 1")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def jurisdiction_names(city: str) -> list[str]:
    return [j.name for j in regions.jurisdictions(city)]


def card_links(page) -> list[str]:
    return result_cards(page).locator("h3 a").evaluate_all("links => links.map(a => a.href)")


def position_id(link: str) -> int:
    return int(re.search(r"/positions/(\d+)", link)[1])


# -- with JavaScript (htmx) -----------------------------------------------------------------


def test_positions_js_choosing_city_and_county_filters_without_reload(page, server, axe):
    page.goto("/positions/")
    expect(result_count(page)).to_have_text(count_text(server.total()))
    axe(page)
    set_reload_marker(page)

    city_select(page).select_option(label="太原市")

    expect(county_select(page).locator("option")).to_have_text(["全部县区", *jurisdiction_names(TAIYUAN)])
    expect(result_count(page)).to_have_text(count_text(server.total(city=TAIYUAN)))
    expect(page).to_have_url(url_arg("city", TAIYUAN))
    assert page_was_not_reloaded(page)
    axe(page)

    county_select(page).select_option(label="小店区")

    county_total = server.total(city=TAIYUAN, county=KNOWN_COUNTY)
    expect(result_count(page)).to_have_text(count_text(county_total))
    expect(page).to_have_url(url_arg("county", KNOWN_COUNTY))
    metas = result_cards(page).locator(".meta")
    expect(metas).to_have_count(min(county_total, PAGE_SIZE))
    for meta in metas.all_inner_texts():
        assert "小店区" in meta
    assert page_was_not_reloaded(page)
    axe(page)


def test_positions_js_load_more_appends_next_page_without_reload(page, server, axe):
    total = server.total(city=TAIYUAN)
    assert total > PAGE_SIZE, "the demo data should give 太原市 more than one page"
    page.goto(f"/positions/?city={TAIYUAN}")
    expect(result_cards(page)).to_have_count(PAGE_SIZE)
    axe(page)
    set_reload_marker(page)

    page.get_by_role("link", name="加载更多").click()

    expect(result_cards(page)).to_have_count(min(total, 2 * PAGE_SIZE))
    expect(page.locator("#more")).to_have_count(1)
    assert page_was_not_reloaded(page)
    links = card_links(page)
    ids = [position_id(link) for link in links]
    assert len(ids) == min(total, 2 * PAGE_SIZE)
    assert len(set(ids)) == len(ids), f"a position is listed twice after 加载更多: {sorted(ids)}"
    assert len(set(links)) == len(links)
    axe(page)


def test_positions_js_keyword_search_detail_and_back_keep_the_search(page, server, axe):
    page.goto("/positions/")
    axe(page)

    keyword = page.get_by_label("关键词")
    keyword.fill(KNOWN_TITLE)
    keyword.press("Enter")

    expect(result_count(page)).to_have_text(count_text(server.total(q=KNOWN_TITLE)))
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(result_cards(page).get_by_role("link", name=KNOWN_TITLE)).to_be_visible()
    searched = search_of(page.url)
    assert searched == {"q": KNOWN_TITLE}
    axe(page)

    result_cards(page).get_by_role("link", name=KNOWN_TITLE).click()

    expect(page).to_have_url(re.compile(rf"/positions/{server.known['id']}\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(KNOWN_TITLE)
    expect(page.locator("dl.details")).to_contain_text("招收人数")
    expect(page.locator("dl.details")).to_contain_text(f"{server.known['openings']}人")
    axe(page)

    page.get_by_role("link", name="返回", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/positions/\?"))
    assert search_of(page.url) == searched
    expect(page.get_by_label("关键词")).to_have_value(KNOWN_TITLE)
    expect(result_count(page)).to_have_text(count_text(server.total(q=KNOWN_TITLE)))
    axe(page)


def test_positions_js_history_back_restores_results_and_reload_keeps_filters(page, server, axe):
    city_total = server.total(city=TAIYUAN)
    county_total = server.total(city=TAIYUAN, county=KNOWN_COUNTY)
    page.goto("/positions/")
    expect(result_count(page)).to_have_text(count_text(server.total()))
    axe(page)
    city_select(page).select_option(label="太原市")
    expect(result_count(page)).to_have_text(count_text(city_total))
    county_select(page).select_option(label="小店区")
    expect(result_count(page)).to_have_text(count_text(county_total))
    expect(page).to_have_url(url_arg("county", KNOWN_COUNTY))

    page.go_back()

    expect(result_count(page)).to_have_text(count_text(city_total))
    expect(page).to_have_url(url_arg("city", TAIYUAN))
    assert search_of(page.url) == {"city": TAIYUAN}
    expect(city_select(page), "after 后退 the 市 select must match the results shown").to_have_value(TAIYUAN)
    expect(county_select(page), "after 后退 the 县区 select must match the results shown").to_have_value("")
    axe(page)

    page.reload()

    expect(result_count(page)).to_have_text(count_text(city_total))
    expect(city_select(page)).to_have_value(TAIYUAN)
    expect(county_select(page).locator("option")).to_have_text(["全部县区", *jurisdiction_names(TAIYUAN)])
    axe(page)


# -- without JavaScript: plain forms and links ------------------------------------------------


def test_positions_nojs_city_then_county_filter_by_full_page_loads(page_nojs, server, axe):
    page = page_nojs
    page.goto("/positions/")
    expect(county_select(page).locator("option")).to_have_text(["请先选择市"])
    axe(page)

    city_select(page).select_option(label="太原市")
    page.get_by_role("button", name="查询").click()

    expect(page).to_have_url(url_arg("city", TAIYUAN))
    expect(result_count(page)).to_have_text(count_text(server.total(city=TAIYUAN)))
    expect(county_select(page).locator("option")).to_have_text(["全部县区", *jurisdiction_names(TAIYUAN)])
    axe(page)

    county_select(page).select_option(label="小店区")
    page.get_by_role("button", name="查询").click()

    county_total = server.total(city=TAIYUAN, county=KNOWN_COUNTY)
    expect(page).to_have_url(url_arg("county", KNOWN_COUNTY))
    expect(result_count(page)).to_have_text(count_text(county_total))
    expect(city_select(page)).to_have_value(TAIYUAN)
    expect(county_select(page)).to_have_value(KNOWN_COUNTY)
    metas = result_cards(page).locator(".meta")
    expect(metas).to_have_count(min(county_total, PAGE_SIZE))
    for meta in metas.all_inner_texts():
        assert "小店区" in meta
    axe(page)


def test_positions_nojs_next_page_links_work(page_nojs, server, axe):
    page = page_nojs
    total = server.total(city=TAIYUAN)
    pages = -(-total // PAGE_SIZE)
    assert pages > 1
    # Playwright's get_by_text() never looks inside <noscript>, so find the line by its class.
    page_line = page.locator("#more .pages")
    page.goto(f"/positions/?city={TAIYUAN}")
    expect(page_line).to_be_visible()
    expect(page_line).to_contain_text(f"第1页，共{pages}页")
    first_page = card_links(page)
    axe(page)

    page.get_by_role("link", name="下一页").click()

    expect(page).to_have_url(url_arg("page", "2"))
    expect(page_line).to_contain_text(f"第2页，共{pages}页")
    expect(result_cards(page)).to_have_count(min(PAGE_SIZE, total - PAGE_SIZE))
    assert not set(first_page) & set(card_links(page)), "page 2 repeats positions from page 1"
    assert search_of(page.url) == {"city": TAIYUAN, "page": "2"}
    axe(page)

    page.get_by_role("link", name="上一页").click()

    expect(page_line).to_contain_text(f"第1页，共{pages}页")
    assert card_links(page) == first_page
    axe(page)


def test_positions_nojs_detail_and_back_keep_the_search(page_nojs, server, axe):
    page = page_nojs
    page.goto("/positions/")
    page.get_by_label("关键词").fill(KNOWN_TITLE)
    page.get_by_role("button", name="查询").click()

    expect(result_count(page)).to_have_text(count_text(server.total(q=KNOWN_TITLE)))
    searched = search_of(page.url)
    assert searched == {"q": KNOWN_TITLE}
    axe(page)

    result_cards(page).get_by_role("link", name=KNOWN_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(KNOWN_TITLE)
    expect(page.locator("dl.details")).to_contain_text("招收人数")
    axe(page)

    page.get_by_role("link", name="返回", exact=True).first.click()

    assert search_of(page.url) == searched
    expect(page.get_by_label("关键词")).to_have_value(KNOWN_TITLE)
    expect(result_cards(page).get_by_role("link", name=KNOWN_TITLE)).to_be_visible()
    axe(page)


# -- robustness, budget, small screens --------------------------------------------------------


def test_positions_bad_query_values_show_chinese_notices(page, server, axe):
    response = page.goto("/positions/?city=999&page=abc")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("见习岗位查询")
    notices = page.locator("#results .notice")
    expect(notices).to_contain_text("没有找到所选的市，已显示全省岗位。")
    expect(notices).to_contain_text("页码无效，已显示第1页。")
    expect(result_count(page)).to_have_text(count_text(server.total()))
    expect(city_select(page)).to_have_value("")
    axe(page)


def test_positions_cold_load_fits_request_and_byte_budget(new_page, server, axe):
    page = new_page(java_script_enabled=True)  # a fresh context: empty cache
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))

    page.goto("/positions/")
    page.wait_for_load_state("networkidle")

    assert not failed, [f"{r.url}: {r.failure}" for r in failed]
    rows = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        rows.append(
            (
                request.url.removeprefix(server.url),
                response.status,
                response.header_value("content-encoding") or "-",
                sizes["responseBodySize"],
                sizes["responseHeadersSize"],
            )
        )
    total_bytes = sum(body + headers for *_, body, headers in rows)
    table = "\n".join(f"  {url} {status} {enc} body={body} headers={headers}" for url, status, enc, body, headers in rows)
    report = f"{len(rows)} requests, {total_bytes} bytes (budget {REQUEST_BUDGET}, {BYTE_BUDGET}):\n{table}"
    print(report)
    assert len(rows) <= REQUEST_BUDGET, report
    assert total_bytes <= BYTE_BUDGET, report
    assets = [row for row in rows if urlsplit(row[0]).path.endswith((".css", ".js"))]
    assert len(assets) == 2, report
    for url, _status, encoding, *_ in assets:
        assert encoding in ("br", "gzip"), f"{url} was sent uncompressed\n{report}"
    axe(page)


def test_positions_at_320px_has_no_horizontal_scroll(new_page, server, axe):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto("/positions/")
    expect(result_cards(page)).to_have_count(PAGE_SIZE)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 320, f"the page is {scroll_width}px wide at a 320px viewport"
    axe(page)
