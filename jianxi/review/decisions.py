"""One application: every field, the facts to check, its files and history, and the decision.

Both decisions are confirmed first (a dialog with htmx, a page without): 审核通过 by a GET of its
confirmation, 审核不通过 by posting the grounds. After a decision the next 未审核 application of
the same queue opens, or the queue when none is left.
"""
from flask import request, url_for
from flask_login import current_user

from ..models import APPLICATION_APPROVED, APPLICATION_PENDING, APPLICATION_REJECTED, Application
from ..reference import regions
from ..reference.ids import parse_id
from ..services import access, applications, clock, review
from ..services.errors import Conflict
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .blueprint import bp
from .forms import RejectForm


def _viewable(application_id: int) -> Application:
    return access.load(current_user, Application.select(), application_id)


def _decidable(application_id: int) -> Application:
    return access.load(current_user, Application.select(), application_id, change=True)


def decided_notice(raw_id: str | None) -> str | None:
    """'申报编号 … 已审核通过。' after a decision, for an application this user may see."""
    application_id = parse_id(raw_id)
    if application_id is None:
        return None
    application = review.viewable(current_user, application_id)
    if application is None or application.status not in (APPLICATION_APPROVED, APPLICATION_REJECTED):
        return None
    return f"申报编号 {application.reference} 已{application.status_label}。"


def _context(application: Application, reject_form=None, error=None) -> dict:
    return {
        "a": application,
        "filters": review.parse_filters(current_user, request.values),
        "facts": review.facts(application, clock.today()),
        "files": review.attachments_of(application),
        "events": review.timeline(application),
        "can_decide": access.can_decide(current_user, application) and application.status == APPLICATION_PENDING,
        "reject_form": reject_form or RejectForm(formdata=None),
        "approve_form": EmptyForm(),
        "error": error,
        "decided": decided_notice(request.args.get("decided")),
        "office": regions.name_of(application.jurisdiction_id),
    }


@bp.get("/applications/<id:application_id>")
def application(application_id: int):
    """The application as the reviewer checks it; 返回 keeps the queue's filters."""
    return htmx.render("review/application.html", **_context(_viewable(application_id)))


@bp.route("/applications/<id:application_id>/approve", methods=["GET", "POST"])
def approve(application_id: int):
    """审核通过: a confirmation page (with htmx the same form in a <dialog>), whose POST decides;
    then the next application of the queue."""
    application = _decidable(application_id)
    if request.method == "POST":
        return _decide(application, review.Decision(approve=True))
    settled = None if application.status == APPLICATION_PENDING else applications.what_happened(application)
    return htmx.render(
        "review/approve.html", {"dialog-slot": "dialog"}, a=application, settled=settled,
        filters=review.parse_filters(current_user, request.args),
    )


@bp.post("/applications/<id:application_id>/reject")
@form_checks_csrf
def reject(application_id: int):
    """审核不通过: checked, then confirmed, then decided; a stale token keeps what was ticked."""
    application = _decidable(application_id)
    form = RejectForm()
    editing = bool(request.form.get("edit"))  # 返回修改 on the confirmation page (no JavaScript)
    if editing or not form.validate():
        context = _context(application, reject_form=form)
        if htmx.is_htmx():  # the corrected panel replaces the panel, whichever form asked
            return htmx.retarget(htmx.fragment("review/application.html", "decision", **context), "#decision", "outerHTML")
        return htmx.render("review/application.html", status_code=200 if editing else 422, **context)
    if not form.confirmed.data:
        context = {"a": application, "form": form, "filters": review.parse_filters(current_user, request.form)}
        if htmx.is_htmx():
            return htmx.retarget(htmx.fragment("review/reject.html", "dialog", **context), "#dialog-slot")
        return htmx.render("review/reject.html", **context)
    return _decide(application, form.decision())


def _decide(application: Application, decision: review.Decision):
    filters = review.parse_filters(current_user, request.form)
    try:
        decided = review.decide(current_user, application.id, decision, clock.now())
    except Conflict as conflict:
        decided = review.decided_alike(current_user, application.id, decision)
        if decided is None:  # someone else's decision, or the applicant's withdrawal, came first
            context = _context(Application.get_by_id(application.id), error=conflict.message)
            return htmx.render("review/application.html", status_code=409, **context)
    upcoming = review.next_pending(current_user, filters, decided)
    if upcoming is None:
        return htmx.redirect(url_for("review.index", decided=decided.id, **filters.query_args()))
    return htmx.redirect(
        url_for("review.application", application_id=upcoming.id, decided=decided.id, **filters.query_args())
    )
