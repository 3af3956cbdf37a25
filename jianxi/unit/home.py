"""单位网厅's home: the account's state, and once confirmed its unit, 认定 and positions."""
from flask import render_template, request
from flask_login import current_user

from ..models import ACCOUNT_CONFIRMED
from ..services import clock, month_records, placement_stats, placements, recognition, unit_positions, units
from .blueprint import bp, unit


@bp.get("/")
def index():
    """An account waiting for the office (or refused) sees only that; a confirmed one its unit."""
    account = units.account_of(current_user)
    welcome = request.args.get("welcome")
    if account is None or account.status != ACCOUNT_CONFIRMED:
        return render_template("unit/index.html", account=account, welcome=welcome)
    own = unit()
    return render_template(
        "unit/index.html", account=account, welcome=welcome, unit=own, recognition=recognition.find(own),
        mine=unit_positions.of_unit(own), colleagues=units.colleagues(own), today=clock.today(),
        placed=placements.of_unit(own), due=month_records.due(own, clock.today()),
        unit_figures=placement_stats.of_unit(own, clock.today()),
    )
