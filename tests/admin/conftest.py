"""Fixtures of the operators' pages' tests."""
import pytest


@pytest.fixture
def admin_with_csrf(app, auth):
    """An admin signed in, then CSRF protection switched on as in production."""
    auth.login(role="admin")
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False
