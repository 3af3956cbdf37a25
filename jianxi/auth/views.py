"""个人注册, 登录, 退出, 修改密码 and 忘记密码: the stand-in for the province's unified login."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from ..services import accounts, clock, password_reset, signin
from ..services.errors import ServiceError, Throttled
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from . import devices
from .forms import ForgotForm, LoginForm, PasswordForm, RegisterForm, ResetForm
from .guards import home_url, safe_next, sign_in
from .sessions import sign_out

bp = Blueprint("auth", __name__)
# The username 忘记密码 was asked about, for the next step: kept in the signed session, never shown.
RESET_FOR = "password_reset_for"


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
    reset_done = request.args.get("reset") == "done" and not form.errors
    return render_template("auth/login.html", form=form, next_url=next_url, locked=locked, reset_done=reset_done), status


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


@bp.route("/password/forgot", methods=["GET", "POST"])
@form_checks_csrf
def forgot():
    """忘记密码: the same answer whether or not the username and mobile match an account."""
    form = ForgotForm()
    status, refused = 200, None
    if form.validate_on_submit():
        try:
            password_reset.request_code(form.username.data, form.mobile.data, _address(), clock.now(),
                                        current_app.secret_key)
        except Throttled as error:  # counts every request from the address: tells nothing of accounts
            refused, status = error.message, 429
        else:
            session[RESET_FOR] = form.username.data
            return redirect(url_for("auth.reset"), code=303)
    elif form.errors:
        status = 422
    return render_template("auth/forgot.html", form=form, refused=refused), status


@bp.route("/password/reset", methods=["GET", "POST"])
@form_checks_csrf
def reset():
    """The code from the SMS and a new password; then every session of the person ends, this
    browser's too, and 登录 says so (the new password is used once there, where it is checked)."""
    username = session.get(RESET_FOR)
    if not isinstance(username, str):
        return redirect(url_for("auth.forgot"), code=303)
    form = ResetForm(username)
    if form.validate_on_submit():
        try:
            password_reset.reset_password(username, form.code.data, form.new_password.data, clock.now(),
                                          current_app.secret_key)
        except ServiceError as error:
            form[error.field or "code"].errors.append(error.message)
        else:
            logout_user()
            session.clear()
            return redirect(url_for("auth.login", reset="done"), code=303)
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
