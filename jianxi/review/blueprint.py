"""经办人员: the office side, for reviewers and admins only."""
from flask import Blueprint
from flask_login import current_user

from ..auth.guards import role_required
from ..models import ROLE_ADMIN, ROLE_REVIEWER
from ..services import access

bp = Blueprint("review", __name__, url_prefix="/review")
bp.before_request(role_required(ROLE_REVIEWER, ROLE_ADMIN))


@bp.context_processor
def _office_rights():
    """Whether to offer 修改 on a row; the views check the same rule again before changing anything."""
    return {"can_change": lambda code: access.can_change(current_user, code)}
