"""通知设置 (/account/notices) and the e-mail link's page (/account/email/verify), for every
signed-in person: their own settings only, whatever their role."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.guards import role_required
from ..models import GROUPS, ROLES
from ..services import clock, notice_settings
from ..services.errors import Conflict, ServiceError
from ..web.csrf import form_checks_csrf
from .forms import NoticesForm

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(role_required(*ROLES))

SAVED = {
    "saved": "通知设置已保存。",
    notice_settings.KEPT: "通知设置已保存。",
    notice_settings.SENT: "通知设置已保存。验证邮件已发到您填写的电子邮箱，请在24小时内打开邮件里的链接；验证之前不会向这个邮箱发送通知。",
    notice_settings.RECENT: "通知设置已保存。一分钟内已经发过验证邮件，请先查收（也请看看垃圾邮件）；没有收到可以稍后再保存一次。",
    notice_settings.REMOVED: "通知设置已保存，电子邮箱已删除，不再发送电子邮件通知。",
    "verified": "电子邮箱已验证。您选择的通知会同时发到这个邮箱。",
}


@bp.route("/notices", methods=["GET", "POST"])
@form_checks_csrf
def notices():
    """For each group of notices, also by 短信 and 电子邮件 (in the service always); the e-mail address."""
    user = current_user._get_current_object()
    settings = notice_settings.current(user)
    form = NoticesForm.of(settings)
    if form.validate_on_submit():
        try:
            saved = notice_settings.save(user, form.by_sms.data, form.by_email.data, form.email.data, clock.now(),
                                         _service_url())
        except ServiceError as error:
            form[error.field].errors.append(error.message)
        else:
            return redirect(url_for("account.notices", saved=saved or "saved"), code=303)
    return render_template("account/notices.html", form=form, settings=settings, groups=GROUPS,
                           saved=SAVED.get(request.args.get("saved", ""))), 422 if form.errors else 200


def _service_url() -> str:
    """Where the e-mail's link leads: SERVICE_URL, else the address this person is using now."""
    return current_app.config.get("SERVICE_URL") or request.host_url


@bp.route("/email/verify", methods=["GET", "POST"])
def verify_email():
    """GET shows the address the link verifies and a button; only the POST verifies it (once)."""
    token = request.values.get("token", "")
    try:
        if request.method == "POST":
            notice_settings.verify(current_user, token, clock.now())
            return redirect(url_for("account.notices", saved="verified"), code=303)
        found = notice_settings.check_link(current_user, token, clock.now())
    except ServiceError as error:
        status = 200 if request.method == "GET" else 422
        return render_template("account/verify_email.html", problem=error.message,
                               used=isinstance(error, Conflict)), status
    return render_template("account/verify_email.html", address=found.address, token=token)
