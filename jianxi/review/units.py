"""见习单位认定 under /review/units/: the 认定 applications of the office's jurisdiction, each one
with its 营业执照, 带教老师, the unit's accounts and 办理进度; the decision (已认定, 不予认定 or
退回补充, confirmed first: a dialog with htmx, a page without); 取消认定; and the accounts asking
to act for a unit already known, 确认 or 拒绝.

The office of the 业务办理归属地 decides; a city office views its counties' (services.access).
"""
from flask import request, url_for
from flask_login import current_user

from ..models import (
    ACCOUNT_CONFIRMED,
    ACCOUNT_STATUSES,
    RECOGNITION_PENDING,
    RECOGNITION_RECOGNISED,
    Employer,
    Recognition,
)
from ..reference import regions
from ..reference.codes import INDUSTRIES, RECOGNITION_GROUNDS, UNIT_TYPES
from ..reference.ids import parse_id
from ..services import access, clock, lists
from ..services import recognition as recognition_service
from ..services import units as unit_service
from ..services.errors import Conflict, ServiceError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .blueprint import bp
from .forms import RECOGNITION_OUTCOMES, RecognitionDecisionForm, RefuseAccountForm, RevokeForm

QUEUE_FRAGMENTS = {"recognitions": "list"}
ACCOUNT_FRAGMENTS = {"accounts": "list"}
DIALOG = {"dialog-slot": "dialog"}
CODES = {"unit_types": UNIT_TYPES, "industries": INDUSTRIES, "grounds": RECOGNITION_GROUNDS,
         "outcomes": RECOGNITION_OUTCOMES}


def _query():
    return access.recognitions(current_user).select(Recognition, Employer).join(Employer)


def _viewable(recognition_id: int) -> Recognition:
    return access.load(current_user, _query(), recognition_id)


def _decidable(recognition_id: int) -> Recognition:
    return access.load(current_user, _query(), recognition_id, change=True)


def _decided_notice(raw_id: str | None) -> str | None:
    """'单位名：已认定。' after a decision, for an application this user may see."""
    found = access.visible(current_user, _query(), parse_id(raw_id)) if parse_id(raw_id) else None
    return f"{found.employer.name}：{found.status_label}。" if found else None


@bp.get("/units/")
def recognitions():
    """认定 applications, 待审核 and oldest first unless asked otherwise; htmx swaps the list."""
    filters = recognition_service.parse_filters(request.args)
    return htmx.render(
        "review/units.html", QUEUE_FRAGMENTS, result=recognition_service.queue(current_user, filters),
        statuses=recognition_service.QUEUE_STATUSES, office=access.office_name(current_user),
        requests=unit_service.requests(current_user, lists.Filters()).total,
        decided=_decided_notice(request.args.get("decided")),
    )


def _context(found: Recognition, form=None, error=None) -> dict:
    mine = access.can_change(current_user, found.region_id)
    return {
        "r": found, "unit": found.employer, "mentors": recognition_service.mentors_of(found), "licence": found.licence,
        "accounts": unit_service.colleagues(found.employer), "steps": recognition_service.progress(found),
        "office": regions.name_of(found.region_id), "error": error,
        "can_decide": mine and found.status == RECOGNITION_PENDING,
        "can_revoke": mine and found.status == RECOGNITION_RECOGNISED,
        "form": form or RecognitionDecisionForm(formdata=None),
        "filters": recognition_service.parse_filters(request.values), **CODES,
    }


def _page(found: Recognition, error=None, status_code=200):
    return htmx.render("review/recognition.html", status_code=status_code, **_context(found, error=error))


@bp.get("/units/<id:recognition_id>")
def recognition(recognition_id: int):
    """The application as the office checks it; 返回 keeps the queue's filters."""
    return _page(_viewable(recognition_id))


@bp.post("/units/<id:recognition_id>/decide")
@form_checks_csrf
def decide_recognition(recognition_id: int):
    """Checked, then confirmed (what the unit will be told), then decided once; a stale token keeps the choice."""
    found = _decidable(recognition_id)
    form = RecognitionDecisionForm()
    editing = bool(request.form.get("edit"))  # 返回修改 on the confirmation page (no JavaScript)
    if editing or not form.validate():
        context = _context(found, form=form)
        if htmx.is_htmx():  # the corrected panel replaces the panel, whichever form asked
            return htmx.retarget(htmx.fragment("review/recognition.html", "decision", **context), "#decision", "outerHTML")
        return htmx.render("review/recognition.html", status_code=200 if editing else 422, **context)
    context = {"r": found, "unit": found.employer, "form": form, "filters": recognition_service.parse_filters(request.form),
               **CODES}
    if not form.confirmed.data:
        if htmx.is_htmx():
            return htmx.retarget(htmx.fragment("review/recognition_decide.html", "dialog", **context), "#dialog-slot")
        return htmx.render("review/recognition_decide.html", **context)
    try:
        decided = recognition_service.decide(current_user, found.id, form.decision(), clock.now())
    except Conflict as conflict:  # another reviewer's decision, or a double click, came first
        return _page(_viewable(found.id), conflict.message, 409)
    return htmx.redirect(url_for("review.recognitions", decided=decided.id, **context["filters"].query_args()))


@bp.route("/units/<id:recognition_id>/revoke", methods=["GET", "POST"])
@form_checks_csrf
def revoke_recognition(recognition_id: int):
    """取消认定 with a reason: a page, or with htmx the same form in a <dialog>; its POST decides."""
    found = _decidable(recognition_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            recognition_service.revoke(current_user, found.id, form.reason.data, clock.now())
        except Conflict as conflict:
            return _page(_viewable(found.id), conflict.message, 409)
        except ServiceError as problem:
            form.reason.errors = [problem.message]
        else:
            return htmx.redirect(url_for("review.recognition", recognition_id=found.id))
    return htmx.render("review/recognition_revoke.html", DIALOG, status_code=422 if form.errors else 200,
                       r=found, unit=found.employer, form=form)


# Accounts asking to act for a unit already known --------------------------------------------

def _account(account_id: int):
    return access.load(current_user, access.unit_accounts(current_user), account_id, change=True)


def _account_notice(raw_id: str | None) -> str | None:
    account_id = parse_id(raw_id)
    found = access.visible(current_user, access.unit_accounts(current_user), account_id) if account_id else None
    if found is None or found.decided_at is None:
        return None
    person = f"{found.user.real_name}（{found.user.username}）"
    if found.status == ACCOUNT_CONFIRMED:
        return f"已确认{person}为“{found.employer.name}”的经办人。"
    return f"已拒绝{person}代“{found.employer.name}”办理业务的申请。"


def _accounts_page(error=None, status_code=200):
    filters = lists.Reader(request.args).filters(lists.Filters)
    return htmx.render(
        "review/units_accounts.html", ACCOUNT_FRAGMENTS, status_code=status_code, error=error,
        result=unit_service.requests(current_user, filters), office=access.office_name(current_user),
        decided=_account_notice(request.args.get("decided")),
    )


@bp.get("/units/accounts/")
def unit_accounts():
    """Accounts waiting for this office's answer, oldest first; htmx swaps the list."""
    return _accounts_page()


def _decide_account(account, confirm: bool, reason: str = ""):
    unit_service.decide(current_user, account.id, confirm, clock.now(), reason)
    return htmx.redirect(url_for("review.unit_accounts", decided=account.id))


@bp.route("/units/accounts/<id:account_id>/confirm", methods=["GET", "POST"])
def confirm_account(account_id: int):
    """确认: the person acts for the unit from then on. A page, or with htmx the same form in a <dialog>."""
    account = _account(account_id)
    if request.method == "POST":
        try:
            return _decide_account(account, confirm=True)
        except Conflict as conflict:
            return _accounts_page(conflict.message, 409)
    return htmx.render("review/units_account_confirm.html", DIALOG, account=account, form=EmptyForm(),
                       colleagues=unit_service.colleagues(account.employer), statuses=ACCOUNT_STATUSES)


@bp.route("/units/accounts/<id:account_id>/refuse", methods=["GET", "POST"])
@form_checks_csrf
def refuse_account(account_id: int):
    """拒绝, saying why (the person reads it): a page, or with htmx the same form in a <dialog>."""
    account = _account(account_id)
    form = RefuseAccountForm()
    if form.validate_on_submit():
        try:
            return _decide_account(account, confirm=False, reason=form.reason.data)
        except Conflict as conflict:
            return _accounts_page(conflict.message, 409)
        except ServiceError as problem:
            form.reason.errors = [problem.message]
    return htmx.render("review/units_account_refuse.html", DIALOG, status_code=422 if form.errors else 200,
                       account=account, form=form, statuses=ACCOUNT_STATUSES)
