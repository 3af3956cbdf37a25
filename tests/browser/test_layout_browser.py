"""Readable on the smallest phones: 320 px wide, and at 200% text size, nothing scrolls sideways."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = ["/", "/personal/", "/public/", "/positions/?city=140100", "/login", "/register"]
SIGNED_IN_PAGES = ["/apply/", "/me/", "/me/applications"]


def sign_in_demo(page):
    page.goto("/login")
    page.get_by_label("用户名").fill("demo")
    page.get_by_label("密码").fill("jianxi2026")
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator(".who")).to_have_text("李晓明")


def width_at_double_text(page) -> int:
    # Browsers' "text size 200%" setting scales the root font; rem/em-based layout must follow.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("url", PAGES)
def test_layout_320px_at_200_percent_text_has_no_sideways_scroll(new_page, server, url):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert width_at_double_text(page) <= 320, f"{url} scrolls sideways at 200% text"


def test_layout_signed_in_pages_at_320px_and_200_percent_text(new_page, server):
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in_demo(page)
    for url in SIGNED_IN_PAGES:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert width_at_double_text(page) <= 320, f"{url} scrolls sideways at 200% text"
