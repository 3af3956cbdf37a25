"""One placement under /review/placements/<id> (listed by the 花名册): the trainee's eligibility
facts as on the application page, the 见习协议, the policy, the timeline; and for the office of its
jurisdiction 备案 or 退回修改. A city office views its counties' (services.access)."""
from flask import request, url_for
from flask_login import current_user

from ..documents import agreement as agreement_document
from ..forms.placements import FilingForm
from ..forms.saving import save_or_show
from ..models import PLACEMENT_SUBMITTED
from ..services import access, applications, clock, placements, policies, review
from ..web.csrf import form_checks_csrf
from .blueprint import bp


def _context(found) -> dict:
    today = clock.today()
    application = placements.facts_of(found)
    return {
        "placement": found, "a": application, "today": today,
        "facts": review.facts(application, today) if application else [], "insurance": policies.current(found),
        "events": placements.timeline(found, today), "missing": placements.submit_problems(found),
        "can_decide": access.can_change(current_user, found.region_id) and found.status == PLACEMENT_SUBMITTED,
        "files": applications.files_of(application) if application else [],
    }


@bp.route("/placements/<id:placement_id>", methods=["GET", "POST"])
@form_checks_csrf
def placement(placement_id: int):
    """The placement, and its 备案 form for its own office; the decision is taken once (a second
    click, or another reviewer's, is told what was decided)."""
    # Only the office of its jurisdiction decides: a city office viewing a county's gets 403 (NotAllowed).
    found = placements.office_placement(current_user, placement_id, change=request.method == "POST")
    form = FilingForm()

    def save():
        placements.decide(current_user, found.id, form.outcome.data or "", form.reason.data or "", clock.now())
        return url_for("review.placement", placement_id=found.id)

    return save_or_show(form, save, "review/placement.html", **_context(found))


@bp.get("/placements/<id:placement_id>/agreement")
def placement_agreement(placement_id: int):
    found = placements.office_placement(current_user, placement_id)
    return agreement_document.page(found, url_for("review.placement", placement_id=found.id),
                                   url_for("review.placement_agreement_download", placement_id=found.id))


@bp.get("/placements/<id:placement_id>/agreement.pdf")
def placement_agreement_download(placement_id: int):
    return agreement_document.pdf(placements.office_placement(current_user, placement_id))
