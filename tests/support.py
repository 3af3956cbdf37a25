"""What test modules share besides rows (tests/factories.py): the database the suite runs on, the
check for tools from outside Python, a response's text, and the public search's filters.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import os

import pytest

from jianxi.search import filters as search_filters

# The suite runs on SQLite, each test with a file of its own, unless DATABASE_URL names a PostgreSQL
# database, which every test then empties and fills again.
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith("postgres")

# Tests that need tools from outside Python (Chromium, Java) run, or stop the suite with one line
# saying what to install; only this explicit list leaves them out, and the summary says so.
OPTED_OUT = {part.strip() for part in os.environ.get("JIANXI_SKIP", "").split(",") if part.strip()}


def require(part: str, available: bool, missing: str) -> None:
    """Call at module level: `part` (browser, html) runs only if `available` or opted out."""
    if available:
        return
    if part in OPTED_OUT:
        pytest.skip(f"left out on purpose: JIANXI_SKIP={part}", allow_module_level=True)
    pytest.exit(f"{missing}: `make test` installs it when run as root, or set JIANXI_SKIP={part} to leave these "
                "tests out", returncode=4)


def text(response) -> str:
    """A response's body as text."""
    return response.get_data(as_text=True)


def filters(**args):
    """The public search's filters, read from these query arguments as the search page reads them."""
    return search_filters.parse_filters(args)
