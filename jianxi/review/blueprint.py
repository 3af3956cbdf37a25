"""经办人员: the office side, for reviewers and admins only."""
from flask import Blueprint

from ..auth.guards import role_required
from ..models import ROLE_ADMIN, ROLE_REVIEWER

bp = Blueprint("review", __name__, url_prefix="/review")
bp.before_request(role_required(ROLE_REVIEWER, ROLE_ADMIN))
