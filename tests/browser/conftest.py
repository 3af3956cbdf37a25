"""Browser fixtures: the app on a real HTTP port, Debian's Chromium driven by Playwright, axe.

They need Chromium and CJK fonts from Debian (`make test` installs them as root); without them the
suite stops, unless JIANXI_SKIP=browser leaves them out on purpose.
Playwright must never download a browser of its own: every launch names /usr/bin/chromium.
What the tests share besides fixtures (names, sign-in, the application form's rows) is in helpers.py.
"""
import os
import re
import shutil
import subprocess
import threading
import weakref
from dataclasses import dataclass, field

import pytest

from tests.support import require


def _find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    return "Noto Sans CJK" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout


CHROMIUM = _find_chromium()
require("browser", CHROMIUM is not None and _has_cjk_font(),
        "the browser tests need Debian's Chromium and CJK fonts (apt-get install -y chromium fonts-noto-cjk)")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from jianxi import create_app  # noqa: E402
from jianxi.db import db  # noqa: E402
from jianxi.ops.demo import seed_demo  # noqa: E402
from jianxi.ops.schema import create_tables, drop_everything  # noqa: E402
from jianxi.search import filters as search_filters  # noqa: E402
from jianxi.search import results as position_service  # noqa: E402
from jianxi.services import clock  # noqa: E402
from tests.factories import make_employer, make_position  # noqa: E402

from .helpers import KNOWN_COUNTY, KNOWN_EMPLOYER, KNOWN_TITLE, PHONE  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class LiveServer:
    """The app served on 127.0.0.1 in a thread, with the database it was seeded into."""

    url: str
    app: object
    database: object
    known: dict = field(default_factory=dict)

    def point_proxy_here(self) -> None:
        """Other test modules' apps re-point the global proxy; point it back at this server's database."""
        if db.obj is not self.database:
            db.initialize(self.database)

    def total(self, **filters) -> int:
        """How many open positions the search service finds, i.e. the count the page should show."""
        self.point_proxy_here()
        with self.app.app_context(), db.connection_context():
            found = position_service.search(search_filters.SearchFilters(**filters), clock.today())
            return found.total


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'browser.sqlite3'}"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One app per test module: created here so it re-points the db proxy after other modules' apps."""
    database_url = _database_url(tmp_path_factory)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            # As in production: every form, upload and htmx write must carry its token.
            "WTF_CSRF_ENABLED": True,
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("browser-uploads")),
        }
    )
    database = db.obj
    with app.app_context():
        if database_url.startswith("postgres"):
            drop_everything()
        create_tables()
        with db.connection_context():
            seed_demo(positions=600, seed=1)
            employer = make_employer(name=KNOWN_EMPLOYER, region=KNOWN_COUNTY)
            known = make_position(
                employer,
                title=KNOWN_TITLE,
                region=KNOWN_COUNTY,
                education="college",
                openings=3,
                major="计算机类",
            )
            known_fields = {"id": known.id, "title": known.title, "openings": known.openings}

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-live-server", daemon=True)
    thread.start()
    live = LiveServer(
        url=f"http://127.0.0.1:{server.server_port}",
        app=app,
        database=database,
        known=known_fields,
    )
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        if not database.is_closed():
            database.close()
        if hasattr(database, "close_all"):  # the pool: give its connections back (closing them)
            database.close_all()


@pytest.fixture
def server(live_server):
    """The live server for one test, with the db proxy pointing at its database."""
    live_server.point_proxy_here()
    return live_server


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A plain form with mistakes is answered 422 on purpose, which Chromium logs as a console error.
# Only that is expected; every other browser error, and any other status, fails the test. A module
# whose pages answer other statuses on purpose (a refusal the page explains, without JavaScript)
# names them in EXPECTED_STATUSES, e.g. (403, 409).
def expected_console(statuses=()) -> re.Pattern:
    codes = "|".join(str(code) for code in (422, *statuses))
    return re.compile(rf"^console error: Failed to load resource: the server responded with a status of ({codes}) ")


class PageProblems:
    """Script errors and console errors (CSP refusals, failed loads) seen while a test ran."""

    def __init__(self, page):
        self.messages = []
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: message.type == "error" and self.messages.append(f"console error: {message.text}"),
        )


def _open_page(browser, server, **context_options):
    options = {"viewport": PHONE, "locale": "zh-CN", "base_url": server.url}
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    return context, page, PageProblems(page)


@pytest.fixture
def new_page(browser, server, request):
    """Open extra pages in fresh contexts (no cache, no cookies): new_page(viewport=..., ...)."""
    opened = []
    expected = expected_console(getattr(request.module, "EXPECTED_STATUSES", ()))

    def open_page(**context_options):
        context, page, problems = _open_page(browser, server, **context_options)
        opened.append((context, problems))
        if context_options.get("java_script_enabled") is False:
            _PAGES_WITHOUT_SCRIPTS.add(page)
        return page

    yield open_page
    for context, _ in opened:
        context.close()
    problems = [m for _, p in opened for m in p.messages if not expected.match(m)]
    assert not problems, "the browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A phone-sized page (360x740, zh-CN) with JavaScript on."""
    return new_page(java_script_enabled=True)


@pytest.fixture
def page_nojs(new_page):
    """The same phone-sized page with JavaScript off: every action is a full page load."""
    return new_page(java_script_enabled=False)


_axe = Axe()
_PAGES_WITHOUT_SCRIPTS = weakref.WeakSet()

# With JavaScript off Chromium runs no timers (nor queueMicrotask), and axe.run() waits on
# setTimeout(fn, 0) to finish; promise jobs still run. On such pages, and only for the check,
# run short timers as promise jobs; longer ones are axe's "no answer from the frame" and
# "preload timed out" guards, which must never fire.
RUN_TIMERS_WITHOUT_SCRIPTING = """() => {
  window.setTimeout = (fn, delay, ...args) => {
    if (!(delay > 1)) Promise.resolve().then(() => fn(...args));
    return 0;
  };
  window.clearTimeout = () => {};
}"""


def assert_accessible(page) -> None:
    """axe-core finds no violations on the page as it is now (as parsed, <noscript> included)."""
    if page in _PAGES_WITHOUT_SCRIPTS:
        page.evaluate(RUN_TIMERS_WITHOUT_SCRIPTING)
    results = _axe.run(page)
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"


@pytest.fixture
def axe():
    """`axe(page)` fails the test with axe's report if the page has any accessibility violation."""
    return assert_accessible
