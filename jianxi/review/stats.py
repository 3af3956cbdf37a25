"""统计 under /review/stats: the office's figures as server-drawn SVG bars, each beside a table."""
from flask_login import current_user

from .. import htmx
from ..services import access, clock
from ..services import stats as figures
from .blueprint import bp


@bp.get("/stats")
def stats():
    """Applications by status and month, positions, favorites and the approval rate."""
    return htmx.render(
        "review/stats.html", figures=figures.figures(current_user, clock.today()),
        office=access.office_name(current_user),
    )
