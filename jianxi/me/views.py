"""个人中心: 未审核, 我的办件 and 撤回, for the signed-in applicant."""
from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from .. import htmx
from ..auth.forms import EmptyForm
from ..auth.guards import role_required
from ..models import APPLICATION_PENDING, APPLICATION_STATUSES, ROLE_APPLICANT, Application
from ..services import applications, clock
from ..services.errors import ServiceError

bp = Blueprint("me", __name__, url_prefix="/me")
bp.before_request(role_required(ROLE_APPLICANT))


@bp.get("/")
def index():
    """个人中心: the pending application (未审核) first."""
    pending = applications.for_user(current_user, status=APPLICATION_PENDING)
    return render_template("me/index.html", pending=list(pending), latest=applications.latest(current_user))


def _list_context(status: str, month: str) -> dict:
    months = applications.months_for(current_user)
    status = status if status in APPLICATION_STATUSES else ""
    month = month if month in months else ""
    return {
        "items": list(applications.for_user(current_user, status, month)),
        "months": months,
        "status": status,
        "month": month,
        "statuses": APPLICATION_STATUSES,
        "form": EmptyForm(),
    }


@bp.get("/applications")
def applications_list():
    """我的办件, filtered by 审核状态 and 申办月份; htmx swaps just the list."""
    context = _list_context(request.args.get("status", ""), request.args.get("month", ""))
    withdrawn = request.args.get("withdrawn", "")
    if any(a.reference == withdrawn and a.status == "withdrawn" for a in context["items"]):
        context["withdrawn"] = withdrawn
    body = htmx.render("me/applications.html", {"applications": "list"}, **context)
    return htmx.vary(make_response(body))


def _own(application_id: int) -> Application:
    application = Application.get_or_none((Application.id == application_id) & (Application.user == current_user.id))
    if application is None:
        abort(404)
    return application


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
def withdraw(application_id: int):
    """撤回: a confirmation page; with htmx the same form inside a <dialog>."""
    application = _own(application_id)
    form = EmptyForm()
    back = {"status": request.values.get("status", ""), "month": request.values.get("month", "")}
    if request.method == "POST":
        try:
            applications.withdraw(current_user, application.id, clock.now())
        except ServiceError as error:
            if htmx.is_htmx():
                return htmx.render_block("me/applications.html", "list", error=error.message, **_list_context(**back))
            return _withdraw_page(application, form, back, error.message)
        if htmx.is_htmx():
            context = _list_context(**back)
            context["withdrawn"] = application.reference
            return htmx.render_block("me/applications.html", "list", **context)
        filters = {key: value for key, value in back.items() if value}
        return redirect(url_for("me.applications_list", withdrawn=application.reference, **filters), code=303)
    return _withdraw_page(application, form, back)


def _withdraw_page(application, form, back, error=None):
    body = htmx.render(
        "me/withdraw.html",
        {"dialog-slot": "dialog"},
        application=application,
        form=form,
        back=back,
        error=error,
    )
    return body, (409 if error and not htmx.is_htmx() else 200)
