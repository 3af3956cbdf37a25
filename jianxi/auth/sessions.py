"""Flask-Login wired to the app. The session holds the user's id and their current session token;
a new token (退出, a new password) ends every session made with the old one, and a session that
sees no request for SESSION_IDLE_MINUTES ends by itself (the signed cookie's age is checked)."""
import hmac

from flask import Flask, session
from flask_login import logout_user

from ..models import User
from ..services import accounts
from ..web.extensions import login_manager
from .guards import home_url, unauthorized


def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or len(user_id) > 18 or not token:
        return None
    user = User.get_or_none(User.id == int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def sign_out(user: User) -> None:
    """退出: this and every other session of the person ends."""
    accounts.end_sessions(user)
    logout_user()
    session.clear()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.jinja_env.globals["home_url"] = home_url
