"""Positions units proposed, under /review/proposals/ (listed by /review/positions/?status=pending):
a new one, or an edit shown beside the version public now; 审核通过 (confirmed first: a dialog with
htmx, a page without) publishes it, 退回修改 sends it back with what to change.

The office that keeps the unit decides; a city office views its counties' (services.access).
"""
from flask import request, url_for
from flask_login import current_user

from ..models import PROPOSAL_PENDING, PositionProposal
from ..services import access, clock, unit_positions
from ..services.errors import Conflict, ServiceError
from ..services.rules import POSITION_LABELS
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp
from .forms import SendBackForm

# What the office compares, in the order of the form; 岗位编号 too, since approving writes it.
COMPARED = {**POSITION_LABELS, "external_ref": "岗位编号"}
EDITED_SINCE = "单位刚刚修改过这个岗位，未做更改；请看过以下最新内容后再审核。"


def _decidable(proposal_id: int) -> PositionProposal:
    return access.load(current_user, access.proposals(current_user), proposal_id, change=True)


def _page(found: PositionProposal, form=None, error=None, status_code=200):
    published = found.position if found.position_id else None
    return htmx.render(
        "review/proposal.html", status_code=status_code, proposal=found, published=published, compared=COMPARED,
        changed={name for name in COMPARED if published and getattr(published, name) != getattr(found, name)},
        can_decide=access.can_change(current_user, found.employer.region_id) and found.status == PROPOSAL_PENDING,
        form=form or SendBackForm(formdata=None), error=error, returned=request.args.get("returned"),
    )


@bp.get("/proposals/<id:proposal_id>")
def proposal(proposal_id: int):
    """A unit's new position, or its edit beside what is public now, with the decision for its office."""
    return _page(unit_positions.viewable(current_user, proposal_id))


@bp.route("/proposals/<id:proposal_id>/approve", methods=["GET", "POST"])
def approve_proposal(proposal_id: int):
    """审核通过: a confirmation page (with htmx the same form in a <dialog>) whose POST publishes, once;
    a second click finds the proposal gone and is answered as the first was."""
    if request.method == "POST" and (done := unit_positions.published_from(current_user, proposal_id)):
        return htmx.redirect(url_for("review.position", position_id=done.id, saved=1))
    found = _decidable(proposal_id)
    if request.method == "POST":
        if request.form.get("seen") != found.submitted_at.isoformat():  # the unit edited it after the page was shown
            return _page(found, error=EDITED_SINCE, status_code=409)
        try:
            published = unit_positions.approve(current_user, found.id, clock.now(), seen=found.submitted_at)
        except Conflict as conflict:  # sent back, or edited by the unit, since the page was shown
            return _page(unit_positions.viewable(current_user, found.id), error=conflict.message, status_code=409)
        return htmx.redirect(url_for("review.position", position_id=published.id, saved=1))
    return htmx.render("review/proposal_approve.html", {"dialog-slot": "dialog"}, proposal=found)


@bp.post("/proposals/<id:proposal_id>/send-back")
@form_checks_csrf
def send_back_proposal(proposal_id: int):
    """退回修改 with what to change (required); the unit edits it and submits again."""
    found = _decidable(proposal_id)
    form = SendBackForm()
    if form.validate():
        try:
            unit_positions.send_back(current_user, found.id, form.reason.data, clock.now())
        except Conflict as conflict:
            return _page(unit_positions.viewable(current_user, found.id), error=conflict.message, status_code=409)
        except ServiceError as problem:
            form.reason.errors = [problem.message]
        else:
            return htmx.redirect(url_for("review.proposal", proposal_id=found.id, returned=1))
    return _page(found, form=form, status_code=422)
