"""个人注册, 登录, 退出 and 修改密码: the stand-in for the province's unified login."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import accounts, clock, signin
from ..services.errors import ServiceError, Throttled
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from . import devices
from .forms import LoginForm, PasswordForm, RegisterForm
from .guards import home_url, safe_next, sign_in
from .sessions import sign_out

bp = Blueprint("auth", __name__)


def _address() -> str:
    return request.remote_addr or ""


@bp.route("/register", methods=["GET", "POST"])
@form_checks_csrf
def register():
    """个人注册: every mistake gets its own message; what was typed stays (but the password)."""
    form = RegisterForm()
    status = 200
    try:
        if request.method == "POST":
            signin.check_registration_allowed(_address(), clock.now())
        if form.validate_on_submit():
            user = accounts.create_user(accounts.NewUser(
                username=form.username.data, password=form.password.data, real_name=form.real_name.data,
                id_number=form.id_number.data, mobile=form.mobile.data,
            ))
            sign_in(user)
            return redirect(url_for("me.index", welcome=1), code=303)
    except Throttled as error:
        form.username.errors = [error.message]
        status = 429
    except ServiceError as error:
        form[error.field or "username"].errors.append(error.message)
    if form.errors and status == 200:
        status = 422
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@form_checks_csrf
def login():
    """登录 with a username, mobile number or ID number; `next` may only lead back into this site."""
    form = LoginForm()
    next_url = safe_next(request.values.get("next"))
    status, locked = 200, None
    if form.validate_on_submit():
        username = accounts.login_name(form.username.data)
        try:
            user = signin.authenticate(
                username, form.password.data, _address(), clock.now(), devices.device_for(username)
            )
        except Throttled as error:  # not a mistake in the form: said apart from the error summary
            locked, status = error.message, 429
        except ServiceError as error:
            form.username.errors.append(error.message)
            status = 422
        else:
            sign_in(user)
            return devices.remember(redirect(next_url or home_url(user), code=303), user.username)
    elif form.errors:
        status = 422
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or home_url(current_user))
    return render_template("auth/login.html", form=form, next_url=next_url, locked=locked), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """退出: a POST with the CSRF token ends every session of the person; GET shows the button."""
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        if current_user.is_authenticated:
            sign_out(current_user._get_current_object())
        return redirect(url_for("portal.home"), code=303)
    return render_template("auth/logout.html", form=form)


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
@form_checks_csrf
def password():
    """修改密码: the current password, then a new one by the registration rules; other sessions end."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current_password.data, form.new_password.data, clock.now())
        except ServiceError as error:
            form[error.field].errors.append(error.message)
        else:
            sign_in(user)  # this browser stays signed in, with the new session token
            return render_template("auth/password.html", form=None, changed=True)
    return render_template("auth/password.html", form=form, changed=False), 422 if form.errors else 200
