"""个人中心 and the applicant's own pages under /me/, for signed-in applicants only."""
from flask import Blueprint

from ..auth.guards import role_required
from ..models import ROLE_APPLICANT

bp = Blueprint("me", __name__, url_prefix="/me")
bp.before_request(role_required(ROLE_APPLICANT))
