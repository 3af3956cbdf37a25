"""Checks made on every whole HTML page the suite's test client receives, whatever the test asked.

An htmx attribute that names an element by id (`data-hx-target="#applications"`) fails silently in
the browser when the page lacks that id: the click sends nothing (htmx:targetError). Fragments are
left out: what they name lives in the page they are swapped into.

Every page has exactly one meta description, not empty: the line a search engine shows under the
page's title (and Lighthouse's SEO audit asks for it).
"""
import re
from html.parser import HTMLParser

REFERRING = ("data-hx-target", "data-hx-select", "data-hx-include", "data-hx-indicator", "data-hx-disabled-elt")
# The selector forms of htmx that name an id: "#x", "closest #x"/"find #x" and the like, and a
# comma-separated list of them (hx-include).
ID_IN_SELECTOR = re.compile(r"(?:^|[\s,>+~])#([A-Za-z][\w\-:.]*)")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.descriptions: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta" and ("name", "description") in attrs:
            self.descriptions.append(dict(attrs).get("content") or "")
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERRING and value:
                self.references += [(tag, name, found) for found in ID_IN_SELECTOR.findall(value)]


def missing_ids(html: str) -> list[str]:
    """Each htmx reference to an id the page does not have, as '<tag attribute="#id">'."""
    page = _Page()
    page.feed(html)
    return [f'<{tag} {name}="#{found}">' for tag, name, found in page.references if found not in page.ids]


def descriptions(html: str) -> list[str]:
    """The content of each `<meta name="description">` of a page, in order."""
    page = _Page()
    page.feed(html)
    return page.descriptions


def description_problem(html: str) -> str | None:
    """What is wrong with a page's meta description, or None when it has one that says something."""
    found = descriptions(html)
    if len(found) != 1:
        return f"{len(found)} meta descriptions, not one"
    return None if found[0].strip() else "an empty meta description"


def is_whole_page(response) -> bool:
    return (response.mimetype == "text/html" and not response.is_streamed and not response.direct_passthrough
            and response.get_data()[:200].lstrip().lower().startswith(b"<!doctype html"))


def check_htmx_references(response):
    """An after_request hook for the test app: a page naming an id it lacks fails the test."""
    if is_whole_page(response):
        missing = missing_ids(response.get_data(as_text=True))
        assert not missing, f"htmx names ids this page does not have: {', '.join(missing)}"
    return response


def check_meta_description(response):
    """An after_request hook for the test app: a page without exactly one non-empty description fails."""
    # A redirect's body is Werkzeug's own little page, which nobody sees.
    if is_whole_page(response) and not 300 <= response.status_code < 400:
        problem = description_problem(response.get_data(as_text=True))
        assert problem is None, f"this page has {problem}"
    return response
