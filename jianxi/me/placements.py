"""录用与面试通知 and 我的见习 in 个人中心: the trainee reads what units sent, answers an offer
(接受 or 婉拒), confirms the 见习协议 and follows the placement. Every id is checked to be the
person's own by the services."""
from flask import abort, request, url_for
from flask_login import current_user

from ..documents import agreement as agreement_document
from ..documents import certificate as certificate_document
from ..forms.placements import DeclineForm, VersionForm
from ..forms.saving import save_or_show
from ..models import PLACEMENT_EDITABLE
from ..services import agreement_terms, candidates, certificates, clock, month_records, placements, policies
from ..services.errors import Conflict
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp

DONE = {
    "declined": "已婉拒这份录用通知，单位会看到。",
    "accepted": "已接受录用。请查看并确认见习协议；您的其他录用通知已撤回，收藏已关闭。",
    "confirmed": "您已确认见习协议。",
}


def _offer_page(step, status_code=200, error=None, form=None):
    return htmx.render("me/offer.html", status_code=status_code, step=step, now=clock.now(), error=error,
                       form=form or DeclineForm(formdata=None),
                       placed=placements.of_trainee(current_user))


@bp.get("/offers/<id:step_id>")
def offer(step_id: int):
    """One notice from a unit: an interview, an offer (with 接受 and 婉拒 while open) or 不合适."""
    return _offer_page(candidates.offer_of(current_user, step_id))


@bp.post("/offers/<id:step_id>/accept")
@form_checks_csrf
def accept(step_id: int):
    step = candidates.offer_of(current_user, step_id)
    if not VersionForm().validate_on_submit():
        return _offer_page(step, 422, "页面已过期，请再点一次“接受录用”。")
    try:
        placement = placements.accept(current_user, step.id, clock.now())
    except Conflict as refusal:
        return _offer_page(candidates.offer_of(current_user, step_id), 409, refusal.message)
    return htmx.redirect(url_for("me.placement", placement_id=placement.id, done="accepted"))


@bp.route("/offers/<id:step_id>/decline", methods=["GET", "POST"])
@form_checks_csrf
def decline(step_id: int):
    step = candidates.offer_of(current_user, step_id)
    form = DeclineForm()

    def save():
        candidates.decline(current_user, step.id, form.reason.data or "", clock.now())
        return url_for("me.offer", step_id=step.id, done="declined")

    return save_or_show(form, save, "me/offer.html", step=step, now=clock.now(), error=None,
                        placed=placements.of_trainee(current_user))


@bp.get("/placements/<id:placement_id>")
def placement(placement_id: int):
    return _placement_page(placements.trainee_placement(current_user, placement_id))


def _placement_page(found, status_code=200, error=None):
    today = clock.today()
    return htmx.render("me/placement.html", status_code=status_code, placement=found, today=today, error=error,
                       insurance=policies.current(found), events=placements.timeline(found, today),
                       editable=found.status in PLACEMENT_EDITABLE, problem=agreement_terms.agreement_problem(found),
                       version_form=VersionForm(formdata=None), done=DONE.get(request.args.get("done", "")),
                       months=month_records.of_placement(found, today))


@bp.post("/placements/<id:placement_id>/confirm")
@form_checks_csrf
def confirm(placement_id: int):
    """确认协议: for the version the person read; a newer one (the unit changed it meanwhile) is refused."""
    found = placements.trainee_placement(current_user, placement_id)
    form = VersionForm()
    if not form.validate_on_submit():
        return _placement_page(found, 422, "页面已过期，请再确认一次。")
    raw = str(form.version.data or "")
    try:
        agreement_terms.confirm(current_user, found, int(raw) if raw.isdigit() else 0, False, clock.now())
    except Conflict as refusal:
        return _placement_page(placements.trainee_placement(current_user, placement_id), 409, refusal.message)
    return htmx.redirect(url_for("me.placement", placement_id=found.id, done="confirmed"))


@bp.get("/placements/<id:placement_id>/agreement")
def agreement(placement_id: int):
    found = placements.trainee_placement(current_user, placement_id)
    return agreement_document.page(found, url_for("me.placement", placement_id=found.id),
                                   url_for("me.agreement_download", placement_id=found.id))


@bp.get("/placements/<id:placement_id>/agreement.pdf")
def agreement_download(placement_id: int):
    return agreement_document.pdf(placements.trainee_placement(current_user, placement_id))


def _certified(placement_id: int):
    found = placements.trainee_placement(current_user, placement_id)
    if not certificates.has_certificate(found):
        abort(404)
    return found


@bp.get("/placements/<id:placement_id>/certificate")
def certificate(placement_id: int):
    """见习证明 of a 合格 placement, as a page."""
    found = _certified(placement_id)
    return certificate_document.page(found, url_for("me.placement", placement_id=found.id),
                                     url_for("me.certificate_download", placement_id=found.id))


@bp.get("/placements/<id:placement_id>/certificate.pdf")
def certificate_download(placement_id: int):
    return certificate_document.pdf(_certified(placement_id))
