"""经办人员: the reviewers' desk for their jurisdiction."""
from flask import Blueprint, render_template
from flask_login import current_user

from .. import regions
from ..auth.guards import role_required
from ..models import ROLE_ADMIN, ROLE_REVIEWER

bp = Blueprint("review", __name__, url_prefix="/review")
bp.before_request(role_required(ROLE_REVIEWER, ROLE_ADMIN))


@bp.get("/")
def index():
    """The reviewer's home: which office they work for."""
    office = regions.name_of(current_user.jurisdiction_id) if current_user.jurisdiction_id else "全省"
    return render_template("review/index.html", office=office)
