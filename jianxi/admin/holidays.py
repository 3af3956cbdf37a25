"""节假日安排 under /admin/holidays: a year's days that are not what their weekday says, each month's
working days with them, add or change a day, remove one entered by mistake. Operators only (the
blueprint's guard, admin/views.py)."""
from dataclasses import astuple

from flask import request, url_for
from flask_login import current_user

from ..forms.saving import save_or_show
from ..models import DAY_KINDS
from ..services import calendar_days, clock, workdays
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .forms import CalendarDayForm
from .views import bp

TEMPLATE = "admin/holidays.html"


@bp.route("/holidays", methods=["GET", "POST"])
@form_checks_csrf
def holidays():
    """The year's table (?year=), and the form that adds a day or changes the one there is."""
    year = _year(request.args.get("year"))
    form = CalendarDayForm(**_prefill(request.args))

    def save():
        entry, errors = calendar_days.parse(form.raw())
        if errors:
            return errors
        row, _ = calendar_days.record(current_user, *astuple(entry), clock.now())
        return url_for("admin.holidays", year=row.day.year, saved=row.id)

    return save_or_show(form, save, TEMPLATE, **_page(year))


@bp.post("/holidays/<id:day_id>/remove")
def remove_holiday(day_id: int):
    """Remove a day: it counts by its weekday again."""
    row = calendar_days.remove(current_user, day_id, clock.now())
    removed = f"{row.day}（{calendar_days.weekday_name(row.day)}） {DAY_KINDS[row.kind]} {row.name}"
    return htmx.redirect(url_for("admin.holidays", year=row.day.year, removed=removed))


def _year(text: str | None) -> int:
    """The year asked for, or this year for nothing or anything not a year the calendar may hold."""
    if text and text.isdigit() and calendar_days.FIRST_YEAR <= int(text) <= calendar_days.LAST_YEAR:
        return int(text)
    return clock.today().year


def _prefill(args) -> dict:
    """?edit=<id>: the form filled with that day, to change it."""
    if args.get("edit", "").isdigit():
        row = calendar_days.get(int(args["edit"]))
        return {"day": row.day.isoformat(), "kind": row.kind, "name": row.name, "source": row.source}
    return {}


def _page(year: int) -> dict:
    this_year = clock.today().year
    known = workdays.known_years()
    saved = request.args.get("saved", "")
    return {
        "year": year, "years": sorted(known | {this_year, this_year + 1, year}), "known": year in known,
        "known_years": known,
        "days": list(calendar_days.of_year(year)), "months": calendar_days.working_days_by_month(year),
        "saved": calendar_days.find(int(saved)) if saved.isdigit() else None,
        "removed": request.args.get("removed", ""), "remove_form": EmptyForm(),
        "kinds": DAY_KINDS, "weekday": calendar_days.weekday_name,
    }
