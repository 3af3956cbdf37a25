"""Who may see what (auth/guards.py): a page that needs sign-in sends a browser to 登录 and back, htmx
gets 401 with HX-Redirect, and each role is let into its own side only."""
import pytest

from tests.support import text


def test_page_needing_login_redirects_with_next(client, dbc):
    r = client.get("/me/")
    assert r.status_code == 302 and r.headers["Location"] == "/login?next=/me/"


def test_htmx_fragment_needing_login_gets_401_and_hx_redirect(hx, dbc):
    r = hx.client.get("/me/", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/me/"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/me/"


@pytest.mark.parametrize("role, url, status", [
    ("applicant", "/review/", 403), ("reviewer", "/me/", 403), ("reviewer", "/review/", 200),
    ("applicant", "/me/", 200), ("admin", "/review/", 200),
])
def test_roles_are_enforced(client, auth, dbc, role, url, status):
    auth.login(role=role)
    r = client.get(url)
    assert r.status_code == status
    if status == 403:
        assert "没有权限" in text(r)
