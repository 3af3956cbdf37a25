"""Signing in as each kind of person the operators' pages must tell apart, and CSRF switched on as
in production: for tests/admin/. A helper module, not a test module."""
import re

from tests.factories import PASSWORD, register_unit, unit_code

ROLES_REFUSED = [("anonymous", 302), ("applicant", 403), ("reviewer", 403), ("unit", 403)]


def sign_in(auth, role):
    """Sign in as `role` (anonymous: nobody); a unit's account is registered by the service first."""
    if role == "unit":
        register_unit("danwei1", unit_code("MA0K2B3C4"))
        return auth.login(username="danwei1", password=PASSWORD)
    if role == "reviewer":
        return auth.login(role="reviewer", jurisdiction="140100")
    if role != "anonymous":
        return auth.login(role=role)
    return None


def token_of(page: str) -> str:
    """The CSRF token a page's form renders."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
