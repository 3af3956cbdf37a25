"""Who may see what: sign-in and role checks for whole blueprints or single views."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, request, session, url_for
from flask_login import current_user, login_user

from ..models import ROLE_ADMIN, ROLE_REVIEWER, ROLE_UNIT
from ..web import htmx


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site; None for anything that could leave it."""
    if not target or any(ch in target for ch in "\\\r\n\t") or not target.startswith("/"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


def home_url(user) -> str:
    """A signed-in person's own start page: the review desk for office staff, 单位网厅 for a
    unit's account, else 个人中心."""
    if user.role in (ROLE_REVIEWER, ROLE_ADMIN):
        return url_for("review.index")
    return url_for("unit.index") if user.role == ROLE_UNIT else url_for("me.index")


def sign_in(user) -> None:
    """Start a session for `user`. Here, beside home_url, so that every blueprint that registers
    people (个人注册, 单位注册) signs them in the one way without importing another blueprint."""
    session.clear()  # a fresh session: nothing from before signing in is carried into it
    session.permanent = True  # so the idle limit applies
    login_user(user)


def login_url_for_here() -> str:
    """The login page, with `next` pointing back to the page the person was looking at."""
    # A fragment is no page to come back to; the page htmx was on is.
    here = htmx.current_path() if htmx.is_htmx() else request.full_path.rstrip("?")
    return url_for("auth.login", next=safe_next(here))


def unauthorized():
    """Not signed in: htmx gets 401 and a full-page redirect, a browser a 302 to /login."""
    return htmx.redirect(login_url_for_here(), status=302, htmx_status=401)


def role_required(*roles: str):
    """A before_request hook (or decorator) that lets in only signed-in users with a role."""

    def check():
        if not current_user.is_authenticated:
            return unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return check


def require_role(*roles: str):
    check = role_required(*roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return check() or view(*args, **kwargs)

        return wrapped

    return decorator
