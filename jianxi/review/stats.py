"""统计 under /review/stats: the office's figures over a period (从 / 到), as server-drawn SVG bars,
each beside a table, and tables by 人员类别 and by office; then 见习人员与补贴 as of today."""
from flask import request
from flask_login import current_user

from ..models import APPLICATION_STATUSES
from ..services import access, clock, placement_stats
from ..services import stats as figures
from ..web import htmx
from .blueprint import bp
from .forms import PeriodForm


@bp.get("/stats")
def stats():
    """Applications submitted in the period by status, month, 人员类别 and office; positions, favorites,
    trainees and subsidies as of today. Mistyped dates are shown by their field, with the default period's figures."""
    today = clock.today()
    period, errors = figures.parse_period(request.args, today)
    form = PeriodForm(request.args)
    form.show(period, errors)
    return htmx.render(
        "review/stats.html", status_code=422 if errors else 200, form=form,
        figures=figures.figures(current_user, today, period), office=access.office_name(current_user),
        statuses=APPLICATION_STATUSES, trainees=placement_stats.for_office(current_user, today),
    )
