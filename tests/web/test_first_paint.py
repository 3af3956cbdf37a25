"""Issue 25, point 1: the first screen's CSS arrives inside the page, allowed by its hash, and a first
visit to each of the five pages a phone on weak data opens first stays within 24 KB.

How fast the text paints is measured by bench/firstpaint.py, not here.
"""
import base64
import hashlib
import re
from pathlib import Path

import pytest

from tests.support import text

CRITICAL_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "critical.css"
PHONE = {"Accept-Encoding": "br, gzip"}
FIRST_VISIT_BUDGET = 24 * 1024
# What gunicorn adds to the app's headers (werkzeug's test client adds Date, as gunicorn does).
SERVER_HEADERS = len("Server: gunicorn\r\nConnection: keep-alive\r\n")
# What a browser fetches while it loads a page (a <link rel="preload"> or <img> would count too).
FETCHED = re.compile(
    r'<link\b[^>]*\brel="(?:stylesheet|icon|preload)"[^>]*\bhref="([^"]+)"'
    r'|<script\b[^>]*\bsrc="([^"]+)"'
    r'|<img\b[^>]*\bsrc="(/[^"]+)"'
)


def inline_styles(body: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", body, re.DOTALL)


def tokens(css: str) -> str:
    """The CSS without comments and without spaces that separate nothing: a space between two words
    (`margin: 0 auto`, a descendant selector) stays, one beside punctuation goes."""
    css = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", " ", css, flags=re.DOTALL))
    return re.sub(r" ?([{};:,>+~()]) ?", r"\1", css).replace(";}", "}").strip()


def style_sources(csp: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    return directives["style-src"].split()


@pytest.mark.parametrize("url", ["/", "/positions/", "/login", "/register", "/nowhere"])
def test_page_carries_the_critical_css_inline_and_no_other_inline_style(client, many, url):
    body = client.get(url).get_data(as_text=True)
    (style,) = inline_styles(body)
    assert tokens(style) == tokens(CRITICAL_CSS.read_text(encoding="utf-8"))
    # Sent with every page: its comments and most of its layout are left out.
    assert "/*" not in style and "\n" not in style and len(style) < 0.85 * len(CRITICAL_CSS.read_bytes())
    assert body.index("<style>") < body.index("</head>")
    assert " style=" not in body


def test_csp_allows_exactly_the_inline_style_by_its_hash(client, many):
    r = client.get("/positions/")
    (style,) = inline_styles(text(r))
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    csp = r.headers["Content-Security-Policy"]
    assert style_sources(csp) == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in csp and "unsafe-hashes" not in csp


def test_csp_refuses_a_changed_inline_style(client, many):
    """A style one byte different from the one inlined would not apply: the hash is of that text."""
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    other = inline_styles(text(r))[0] + " "
    digest = base64.b64encode(hashlib.sha256(other.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" not in style_sources(csp)


def test_rest_of_the_css_is_linked_after_the_content_not_in_the_head(client, many):
    body = text(client.get("/positions/"))
    head, page = body.split("</head>", 1)
    assert 'rel="stylesheet"' not in head
    (css,) = re.findall(r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]{10}\.css)">', page)
    assert page.index(css) > page.index("</footer>")
    r = client.get(css, headers=PHONE)
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "br"
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def over_the_wire(response) -> int:
    """A response's bytes as an HTTP/1.1 server sends them: status line, headers, body."""
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in response.headers)
    return len(head.encode("latin-1")) + SERVER_HEADERS + len(b"\r\n") + len(response.data)


def first_visit_bytes(client, url: str) -> dict[str, int]:
    """The bytes of the page and of everything it makes the browser fetch, headers included."""
    r = client.get(url, headers=PHONE)
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "br"
    sizes = {url: over_the_wire(r)}
    for found in FETCHED.finditer(text(client.get(url))):
        link = next(group for group in found.groups() if group)
        if link.startswith("/") and link not in sizes:
            resource = client.get(link, headers=PHONE)
            assert resource.status_code == 200, link
            sizes[link] = over_the_wire(resource)
    return sizes


@pytest.mark.parametrize("page", ["/", "/positions/", "a position", "/login"])
def test_first_visit_of_a_public_page_is_within_24_kb(client, many, page):
    url = f"/positions/{many[0].id}" if page == "a position" else page
    sizes = first_visit_bytes(client, url)
    assert len(sizes) >= 4  # the page, the rest of the CSS, htmx, the icon
    assert sum(sizes.values()) <= FIRST_VISIT_BUDGET, sizes


def test_first_visit_of_the_application_form_is_within_24_kb(client, auth, many):
    """Signed in a moment ago (the page after signing in has kept the session's CSRF token), cold cache."""
    auth.login()
    client.get("/")
    sizes = first_visit_bytes(client, "/apply/")
    assert 'id="apply-form"' in text(client.get("/apply/"))  # the form itself, not a page instead of it
    assert not any("upload." in link for link in sizes)  # fetched when a row is first touched
    assert sum(sizes.values()) <= FIRST_VISIT_BUDGET, sizes
