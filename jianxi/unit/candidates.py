"""意向人员 of the unit's positions under /unit/positions/<id>/candidates/: who shortlisted each,
and per person 邀请面试, 录用 or 不合适. The position is checked to be the unit's own, the person to
be one of its candidates (services.candidates.one), by the services."""
from flask import request, url_for
from flask_login import current_user

from ..forms.placements import InviteForm, OfferForm, UnsuitableForm
from ..forms.saving import save_or_show
from ..services import candidates, clock, unit_positions
from ..services.errors import FieldProblems
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp, unit

DONE = {
    "interview": "已发送面试邀请，对方在个人中心可以看到。",
    "offer": "已发出录用通知，对方7天内可在个人中心接受或婉拒。",
    "unsuitable": "已记录为不合适，对方在个人中心可以看到原因。",
}


@bp.get("/positions/<id:position_id>/candidates/")
def candidates_of(position_id: int):
    """The position's 意向人员, newest first, with the latest step toward each."""
    position = unit_positions.own_position(unit(), position_id)
    return htmx.render("unit/candidates.html", position=position, now=clock.now(),
                       people=candidates.of_position(position, clock.today()))


STEPS = {"invite": (InviteForm, candidates.invite, "interview"), "offer": (OfferForm, candidates.offer, "offer"),
         "unsuitable": (UnsuitableForm, candidates.unsuitable, "unsuitable")}


@bp.route("/positions/<id:position_id>/candidates/<id:user_id>", methods=["GET", "POST"])
@form_checks_csrf
def candidate(position_id: int, user_id: int):
    """One candidate: their facts, what the unit did so far, and the three forms; a POST names its
    step (`step`), and a refusal shows that form again with what was typed."""
    position = unit_positions.own_position(unit(), position_id)
    person = candidates.one(position, user_id, clock.today())
    chosen = request.form.get("step", "") if request.method == "POST" else ""
    forms = {name: form_class(prefix=name) if name == chosen else form_class(prefix=name, formdata=None)
             for name, (form_class, _, _) in STEPS.items()}
    context = {"position": position, "person": person, "steps": candidates.steps_between(position, user_id),
               "now": clock.now(), "done": DONE.get(request.args.get("done", "")), "forms": forms}
    if chosen not in STEPS:
        return htmx.render("unit/candidate.html", **context, form=forms["offer"], problem=None)
    form, (_, action, done) = forms[chosen], STEPS[chosen]

    def save():
        try:
            action(current_user, position, user_id, form.raw(), clock.now())
        except FieldProblems as problems:
            return problems.errors
        return url_for("unit.candidate", position_id=position.id, user_id=user_id, done=done)

    return save_or_show(form, save, "unit/candidate.html", **context)
