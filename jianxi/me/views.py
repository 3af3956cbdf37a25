"""个人中心: the signed-in applicant's own pages."""
from flask import Blueprint, render_template

from ..auth.guards import role_required
from ..models import ROLE_APPLICANT

bp = Blueprint("me", __name__, url_prefix="/me")
bp.before_request(role_required(ROLE_APPLICANT))


@bp.get("/")
def index():
    """个人中心 home."""
    return render_template("me/index.html")
