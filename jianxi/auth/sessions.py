"""Flask-Login wired to the app: who the session belongs to, and what happens when nobody is signed in."""
from flask import Flask

from ..extensions import login_manager
from ..models import User
from .guards import home_url, unauthorized


def load_user(user_id: str) -> User | None:
    return User.get_or_none(User.id == int(user_id)) if user_id.isdigit() else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.jinja_env.globals["home_url"] = home_url
