"""Fixtures in the flaskr manner: an app with its own database per test, a client, an htmx client.

Time zone and clock: the service counts days and times in Shanxi (config TIMEZONE, Asia/Shanghai)
whatever the machine's zone. A test takes "today" and "now" from tests/clock.py, or passes a fixed
date or time to the service, and never reads the machine's local clock (date.today, datetime.now
without a zone: tests/test_suite_rules.py fails on them). CI runs the suite under TZ=Etc/GMT+12 and Etc/GMT-14,
so a test that reads the machine's date fails there at any hour.

Only fixtures live here. What tests share besides fixtures is in helper modules: rows in
tests/factories.py, the rest in tests/support.py; no test module imports another, conftest.py included.
"""
import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-secret-key")

import functools  # noqa: E402

from jianxi import create_app  # noqa: E402
from jianxi.db import db  # noqa: E402
from jianxi.ops.schema import create_tables, drop_everything  # noqa: E402
from jianxi.services import accounts  # noqa: E402
from tests import page_checks  # noqa: E402
from tests.support import ON_POSTGRES, OPTED_OUT, POSTGRES_URL  # noqa: E402

# Hashing a password takes ~70 ms by design; the suite makes hundreds of accounts with a handful
# of passwords, so it hashes each password once (sign-in still checks the hash in full).
accounts.generate_password_hash = functools.lru_cache(maxsize=None)(accounts.generate_password_hash)


def pytest_terminal_summary(terminalreporter):
    """Tests left out by JIANXI_SKIP (tests/support.py's require) are named at the end of the run."""
    if OPTED_OUT:
        terminalreporter.write_line(f"JIANXI_SKIP: left out on purpose: {', '.join(sorted(OPTED_OUT))}", yellow=True)


@pytest.fixture
def database_url(tmp_path):
    """A file database of its own on SQLite; on PostgreSQL the shared test database, emptied."""
    return POSTGRES_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            # Tests write and read in the same breath: the version is read on every request here;
            # the production modes have their own tests (tests/search/test_version_watch.py).
            "CATALOG_VERSION_WATCH": "read",
        }
    )
    # Every whole page any test receives is checked for htmx references to ids it lacks and for
    # its one meta description.
    app.after_request(page_checks.check_htmx_references)
    app.after_request(page_checks.check_meta_description)
    with app.app_context():
        if ON_POSTGRES:
            drop_everything()
        create_tables()
    yield app
    if not db.is_closed():
        db.close()
    if hasattr(db.obj, "close_all"):  # the pool: give its connections back (closing them)
        db.obj.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


class HtmxClient:
    """A test client whose requests come from htmx aimed at one element."""

    def __init__(self, client):
        self.client = client

    def get(self, url, target=None, headers=None, **kwargs):
        return self.client.get(url, headers=self._headers(target, headers), **kwargs)

    def post(self, url, target=None, headers=None, **kwargs):
        return self.client.post(url, headers=self._headers(target, headers), **kwargs)

    @staticmethod
    def _headers(target, extra):
        headers = {"HX-Request": "true", **(extra or {})}
        if target:
            headers["HX-Target"] = target
        return headers


@pytest.fixture
def hx(client):
    return HtmxClient(client)


@pytest.fixture
def many(dbc):
    """25 open positions in 小店区: more than one page of results."""
    from tests.factories import make_position

    return [make_position(title=f"岗位{i:02d}", region="140105") for i in range(25)]


@pytest.fixture
def dbc(app):
    """A database connection for tests that call services or factories directly."""
    with app.app_context():
        with db.connection_context():
            yield db


class AuthActions:
    """Sign in and out through the real forms, as flaskr's tests do."""

    def __init__(self, client, app):
        self.client = client
        self.app = app

    def login(self, role="applicant", username=None, password="secret-pass-1", **fields):
        from tests.factories import make_user

        username = username or {"applicant": "zhangsan", "reviewer": "reviewer1", "admin": "admin1"}[role]
        if role == "reviewer":
            fields.setdefault("jurisdiction", "140105")
        with self.app.app_context(), db.connection_context():
            from jianxi.models import User

            user = User.get_or_none(User.username == username) or make_user(
                username, password, role=role, **fields
            )
        response = self.client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)
        return user

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client, app):
    return AuthActions(client, app)
