"""单位网厅: a unit's own pages under /unit/, for the accounts acting for a unit."""
from flask import Blueprint, make_response, render_template, request
from flask_login import current_user

from ..auth.guards import role_required
from ..models import RECOGNITION_STATUSES, ROLE_UNIT, Employer
from ..reference.codes import INDUSTRIES, RECOGNITION_GROUNDS, UNIT_TYPES
from ..services import units
from ..services.errors import Conflict
from ..web import htmx
from ..web.error_pages import render_error

bp = Blueprint("unit", __name__, url_prefix="/unit")

# 单位注册 and its 业务办理归属地 select are for visitors; the home page shows an account waiting
# for the office (or refused by it) its own state, and nothing of the unit; its 消息 are its own.
OPEN_TO_ALL = {"unit.register", "unit.jurisdictions"}
ANY_ACCOUNT_STATE = {"unit.index", "unit.messages", "unit.read_message", "unit.read_all_messages"}
_unit_role = role_required(ROLE_UNIT)


@bp.before_request
def _acting_for_a_unit():
    """A unit's account, confirmed: checked here for every view so that none can forget it."""
    if request.endpoint in OPEN_TO_ALL:
        return None
    refused = _unit_role()
    if refused is not None or request.endpoint in ANY_ACCOUNT_STATE:
        return refused
    try:
        unit()
    except Conflict as conflict:
        if htmx.is_htmx():
            return render_error(403, conflict.message)
        page = render_template("unit/refused.html", message=conflict.message, account=units.account_of(current_user))
        return htmx.vary(make_response(page, 403))
    return None


def unit() -> Employer:
    """The unit this account acts for, by the one access rule (services.units.own_unit), read afresh
    (not kept in `g`, which outlives a request wherever an app context is held open around several)."""
    return units.own_unit(current_user)


@bp.context_processor
def _unit_words():
    return {"UNIT_TYPES": UNIT_TYPES, "INDUSTRIES": INDUSTRIES, "RECOGNITION_GROUNDS": RECOGNITION_GROUNDS,
            "RECOGNITION_STATUSES": RECOGNITION_STATUSES}
