"""个人注册, 登录 and 退出: the stand-in for the province's unified login."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..csrf import form_checks_csrf
from ..services import accounts, clock
from ..services.errors import ServiceError, Throttled
from .forms import EmptyForm, LoginForm, RegisterForm
from .guards import home_url, safe_next

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
@form_checks_csrf
def register():
    """个人注册: every mistake gets its own message; what was typed stays (but the password)."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                accounts.NewUser(
                    username=form.username.data,
                    password=form.password.data,
                    real_name=form.real_name.data,
                    id_number=form.id_number.data,
                    mobile=form.mobile.data,
                )
            )
        except ServiceError as error:
            getattr(form, error.field or "username").errors.append(error.message)
        else:
            login_user(user)
            return redirect(url_for("me.index"), code=303)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@form_checks_csrf
def login():
    """登录; `next` may only lead back into this site."""
    form = LoginForm()
    next_url = safe_next(request.values.get("next"))
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.username.data, form.password.data, request.remote_addr or "", clock.now()
            )
        except Throttled as error:
            form.username.errors.append(error.message)
            status = 429
        except ServiceError as error:
            form.username.errors.append(error.message)
            status = 422
        else:
            login_user(user)
            return redirect(next_url or home_url(user), code=303)
    elif form.errors:
        status = 422
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or home_url(current_user))
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """退出: a POST with the CSRF token; GET shows a page with that button."""
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        logout_user()
        return redirect(url_for("portal.home"), code=303)
    return render_template("auth/logout.html", form=form)
