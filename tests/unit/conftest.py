"""Fixtures of the 单位网厅 tests: units and their accounts (tests/unit/helpers.py's Units), and CSRF
switched on. What they share besides fixtures (the forms, a licence) is in tests/unit/helpers.py."""
import pytest

from tests.unit.helpers import Units


@pytest.fixture
def unit_accounts(app, client, auth):
    return Units(app, client, auth)


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False
