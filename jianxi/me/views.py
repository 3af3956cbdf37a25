"""个人中心: 未审核, 我的办件 and 撤回, for the signed-in applicant."""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from ..models import (
    APPLICATION_PENDING,
    APPLICATION_STATUSES,
    APPLICATION_WITHDRAWN,
    FAVORITE_LIMIT,
    Application,
)
from ..services import applications as application_service
from ..services import candidates, clock, favorites, placements
from ..services.errors import ServiceError
from ..web import htmx
from ..web.formatting import month_choices
from .blueprint import bp

LIST_FRAGMENTS = {"applications": "list"}


@bp.get("/")
def index():
    """个人中心: the pending application (未审核) first, then 我的收藏 and the latest outcome."""
    pending = application_service.for_user(current_user, status=APPLICATION_PENDING)
    shortlist = favorites.of(current_user)
    today = clock.today()
    return render_template(
        "me/index.html",
        pending=list(pending),
        latest=application_service.latest(current_user),
        open_favorites=[f for f in shortlist if f.position.is_open(today)],
        ended_favorites=[f for f in shortlist if not f.position.is_open(today)],
        favorite_count=len(shortlist),
        limit=FAVORITE_LIMIT,
        welcome=request.args.get("welcome") == "1",
        notices=candidates.of_trainee(current_user),
        placed=placements.of_trainee(current_user),
        now=clock.now(),
        today=today,
    )


def _list_context(args) -> dict:
    filters = application_service.parse_mine(current_user, args)
    result = application_service.mine(current_user, filters)
    return {
        "result": result,
        "filters": result.filters,
        "items": result.items,
        "months": month_choices(application_service.months_for(current_user)),
        "status": result.filters.status,
        "month": result.filters.month,
        "statuses": APPLICATION_STATUSES,
    }


@bp.get("/applications")
def applications():
    """我的办件, filtered by 审核状态 and 申办月份; htmx swaps just the list."""
    context = _list_context(request.args)
    withdrawn = request.args.get("withdrawn", "")
    if any(a.reference == withdrawn and a.status == APPLICATION_WITHDRAWN for a in context["items"]):
        context["withdrawn"] = withdrawn
    return htmx.render("me/applications.html", LIST_FRAGMENTS, **context)


def _own(application_id: int) -> Application:
    application = Application.get_or_none((Application.id == application_id) & (Application.user == current_user.id))
    if application is None:
        abort(404)
    return application


@bp.get("/applications/<id:application_id>")
def application(application_id: int):
    """What the person submitted: every field and their own attachments, as the office sees them."""
    submitted = _own(application_id)
    return render_template("me/application.html", a=submitted, files=application_service.files_of(submitted))


@bp.route("/applications/<id:application_id>/withdraw", methods=["GET", "POST"])
def withdraw(application_id: int):
    """撤回: a confirmation page; with htmx the same form inside a <dialog>."""
    application = _own(application_id)
    back = {"status": request.values.get("status", ""), "month": request.values.get("month", "")}
    if request.method == "GET":
        return _withdraw_page(application, back)
    try:
        application_service.withdraw(current_user, application.id, clock.now())
    except ServiceError as error:
        if htmx.is_htmx():  # the dialog posted from 我的办件: the list says why
            return htmx.fragment("me/applications.html", "list", error=error.message, **_list_context(back))
        return _withdraw_page(application, back, error.message)
    if htmx.is_htmx():
        return htmx.fragment("me/applications.html", "list", withdrawn=application.reference, **_list_context(back))
    filters = {key: value for key, value in back.items() if value}
    return htmx.redirect(url_for("me.applications", withdrawn=application.reference, **filters))


def _withdraw_page(application, back, error=None):
    return htmx.render(
        "me/withdraw.html",
        {"dialog-slot": "dialog"},
        status_code=409 if error else 200,
        application=application,
        back=back,
        error=error,
    )
