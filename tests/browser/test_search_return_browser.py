"""Coming back from a position to the same cards, at phone size, with JavaScript on and off; the
county select before a city is chosen; how to take part and a phone number to tap.

Every page a test visits is checked with axe-core and must have no violations.
"""
import re

import pytest
from playwright.sync_api import expect

from .helpers import KNOWN_TITLE, PHONE, TAIYUAN

pytestmark = pytest.mark.browser

PAGE_SIZE = 20
SEARCH = "/positions/?sort=deadline"


def result_cards(page):
    return page.locator("#result-list > li.card")


def card_ids(page) -> list[str]:
    return result_cards(page).evaluate_all("cards => cards.map(card => card.id)")


def back_link(page):
    return page.get_by_role("link", name="返回", exact=True).first


def assert_fits_the_phone(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def open_card(page, index: int) -> str:
    """Open the card at `index` of the list; returns its element id."""
    card = result_cards(page).nth(index)
    card_id = card.get_attribute("id")
    title = card.locator("h3 a").inner_text()
    card.locator("h3 a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return card_id


# -- 返回 after 加载更多 --------------------------------------------------------------------------


def test_return_js_from_a_card_loaded_with_more_shows_the_same_cards_at_it(page, server, axe):
    assert server.total() > 2 * PAGE_SIZE
    page.goto(SEARCH)
    expect(result_cards(page)).to_have_count(PAGE_SIZE)
    axe(page)

    page.get_by_role("link", name="加载更多").click()

    expect(result_cards(page)).to_have_count(2 * PAGE_SIZE)
    expect(page).to_have_url(re.compile(r"[?&]page=2&shown=2(&|$)"))
    expect(page.locator("#more .pages")).to_contain_text("第1至2页，共")
    listed = card_ids(page)
    axe(page)

    opened = open_card(page, PAGE_SIZE + 7)
    axe(page)
    back_link(page).click()

    expect(page).to_have_url(re.compile(rf"sort=deadline.*#{opened}$"))
    expect(result_cards(page)).to_have_count(2 * PAGE_SIZE)
    assert card_ids(page) == listed, "the same cards as before, in the same order"
    expect(page.locator(f"#{opened}")).to_be_in_viewport()
    assert_fits_the_phone(page)
    axe(page)


def test_return_js_browser_back_after_more_shows_the_same_cards(page, server, axe):
    page.goto(SEARCH)
    page.get_by_role("link", name="加载更多").click()
    expect(result_cards(page)).to_have_count(2 * PAGE_SIZE)
    listed = card_ids(page)
    open_card(page, PAGE_SIZE + 3)

    page.go_back()

    expect(page).to_have_url(re.compile(r"[?&]page=2&shown=2(&|$)"))
    expect(result_cards(page)).to_have_count(2 * PAGE_SIZE)
    assert card_ids(page) == listed
    axe(page)


def test_return_nojs_from_the_second_page_shows_that_page_at_the_card(page_nojs, server, axe):
    page = page_nojs
    page.goto(SEARCH)
    expect(page.get_by_role("link", name="加载更多")).to_have_count(0)  # a script's control, hidden without
    page.get_by_role("link", name="下一页").click()

    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page.locator("#more .pages")).to_contain_text("第2页，共")
    expect(result_cards(page)).to_have_count(PAGE_SIZE)
    listed = card_ids(page)
    axe(page)

    opened = open_card(page, 15)
    axe(page)
    back_link(page).click()

    expect(page).to_have_url(re.compile(rf"page=2#{opened}$"))
    assert card_ids(page) == listed
    expect(page.locator(f"#{opened}")).to_be_in_viewport()
    assert_fits_the_phone(page)
    axe(page)


# -- the county select, before and after a city ----------------------------------------------


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "nojs"])
def test_county_select_asks_for_a_city_first_and_fits_the_phone(new_page, server, axe, scripts):
    page = new_page(java_script_enabled=scripts)
    page.goto("/positions/")
    county = page.get_by_label("县区", exact=True)
    expect(county.locator("option")).to_have_text(["请先选择市"])
    assert_fits_the_phone(page)
    axe(page)

    page.get_by_label("市", exact=True).select_option(TAIYUAN)
    if not scripts:
        page.get_by_role("button", name="查询").click()

    expect(county.locator("option").first).to_have_text("全部县区")
    expect(county.locator("option", has_text="小店区")).to_have_count(1)
    assert_fits_the_phone(page)
    axe(page)


# -- a position's page: how to take part, a phone to tap -------------------------------------


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "nojs"])
def test_position_says_how_to_apply_and_its_phone_is_a_link(new_page, server, axe, scripts):
    page = new_page(java_script_enabled=scripts)
    page.goto(f"/positions/{server.known['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(KNOWN_TITLE)

    expect(page.get_by_role("heading", name="如何申请")).to_be_visible()
    expect(page.get_by_role("link", name="申请成为就业见习人员")).to_have_attribute("href", "/apply/")
    expect(page.get_by_role("link", name="0351-1234567")).to_have_attribute("href", "tel:03511234567")
    assert_fits_the_phone(page)
    axe(page)

    page.get_by_role("link", name="申请成为就业见习人员").click()
    expect(page).to_have_url(re.compile(r"/(apply/|login)"))
