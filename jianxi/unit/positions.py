"""本单位的见习岗位 under /unit/positions/: what is published and what waits for (or came back
from) the office; new positions and edits go to the office by services.unit_positions' rules,
结束招募 and 重新开放 take effect at once. Every id is checked to be the unit's own by the service."""
from flask import request, url_for
from flask_login import current_user

from ..forms.positions import CloseForm, PositionFields
from ..forms.saving import save_or_show
from ..models import EMPLOYER_RECOGNISED, Position
from ..services import clock
from ..services import unit_positions as service
from ..services.errors import Conflict, ServiceError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp, unit

DONE = {
    "proposed": "已提交，等待经办机构审核；审核通过后在见习岗位查询中显示。",
    "edit-proposed": "修改已提交，等待经办机构审核；审核通过前，见习岗位查询中仍显示原来的内容。",
    "updated": "已保存，见习岗位查询中已显示最新内容。",
    "closed": "已结束招募，这个岗位不再出现在见习岗位查询中。",
    "reopened": "已重新开放。",
}


@bp.get("/positions/")
def positions():
    """The unit's positions, newest first, and its proposals with the office's answer."""
    return _positions_page()


def _positions_page(error: str | None = None, status_code: int = 200):
    own = unit()
    return htmx.render(
        "unit/positions.html", status_code=status_code, unit=own, mine=service.of_unit(own),
        today=clock.today(), done=DONE.get(request.args.get("done", "")), error=error,
    )


def _form_page(own, form: PositionFields, save, **context):
    return save_or_show(form, save, "unit/position_form.html",
                        recognised=own.status == EMPLOYER_RECOGNISED, **{"position": None, "proposal": None} | context)


@bp.route("/positions/new", methods=["GET", "POST"])
@form_checks_csrf
def new_position():
    """A new position, for the office to publish."""
    own, form = unit(), PositionFields()

    def save():
        data, reference, errors = service.check(own, form.raw(), clock.today())
        if errors:
            return errors
        service.propose(current_user, own, data, reference, clock.now())
        return url_for("unit.positions", done="proposed")

    return _form_page(own, form, save)


@bp.route("/positions/<id:position_id>/edit", methods=["GET", "POST"])
@form_checks_csrf
def edit_position(position_id: int):
    """An edit of a published position: at once, or for the office when it changes what it reviews.
    An edit already waiting is what the form shows and what a new one replaces."""
    own = unit()
    position = service.own_position(own, position_id)
    waiting = service.open_edit(position)
    form = _filled(PositionFields, waiting or position)

    def save():
        data, reference, errors = service.check(own, form.raw(), clock.today(), position.id)
        if errors:
            return errors
        outcome = service.edit(current_user, own, position.id, data, reference, clock.now())
        return url_for("unit.positions", done="updated" if isinstance(outcome, Position) else "edit-proposed")

    return _form_page(own, form, save, position=position, proposal=waiting)


@bp.route("/proposals/<id:proposal_id>/edit", methods=["GET", "POST"])
@form_checks_csrf
def edit_proposal(proposal_id: int):
    """A proposal sent back (退回修改), or still waiting, edited and sent to the office again."""
    own = unit()
    proposal = service.own_proposal(own, proposal_id)
    form = _filled(PositionFields, proposal)

    def save():
        data, reference, errors = service.check(own, form.raw(), clock.today(), proposal.position_id)
        if errors:
            return errors
        service.propose(current_user, own, data, reference, clock.now(), proposal_id=proposal.id)
        return url_for("unit.positions", done="proposed")

    return _form_page(own, form, save, proposal=proposal)


def _filled(form_class, shown):
    form = form_class(obj=shown)
    if request.method == "GET":
        form.deadline.data = shown.deadline.isoformat()
    return form


@bp.route("/positions/<id:position_id>/close", methods=["GET", "POST"])
@form_checks_csrf
def close_position(position_id: int):
    """结束招募 with a reason (其他 in words), as the office's form asks it."""
    own = unit()
    position = service.own_position(own, position_id)
    form, conflict = CloseForm(), None
    if form.validate_on_submit():
        try:
            service.close(current_user, own, position.id, form.reason.data or "", form.other_reason.data,
                          clock.now())
        except Conflict as refusal:
            conflict = refusal.message
        except ServiceError as problem:
            form[problem.field or "reason"].errors = [problem.message]
        else:
            return htmx.redirect(url_for("unit.positions", done="closed"))
    status = 409 if conflict else 422 if form.errors else 200
    return htmx.render("unit/close.html", status_code=status, position=position, form=form, conflict=conflict)


@bp.post("/positions/<id:position_id>/reopen")
def reopen_position(position_id: int):
    """重新开放: only before the deadline, and only while the unit is 已认定."""
    try:
        service.reopen(current_user, unit(), position_id, clock.now())
    except Conflict as refusal:
        return _positions_page(refusal.message, 409)
    return htmx.redirect(url_for("unit.positions", done="reopened"))
