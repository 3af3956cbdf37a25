"""The blueprint, its guard, and 月最低工资标准 under /admin/minimum-wages: the table by city, add or
change a figure, remove one not yet in force. Operators (services.access.is_operator) only, checked
before every view of the blueprint (holidays.py and subsidy_rules.py too)."""
from dataclasses import astuple

from flask import Blueprint, abort, request, url_for
from flask_login import current_user

from ..auth.guards import unauthorized
from ..forms.saving import save_or_show
from ..reference import regions
from ..services import access, clock, money, wages
from ..services.errors import Conflict
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .forms import MinimumWageForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
TEMPLATE = "admin/minimum_wages.html"


@bp.before_request
def _operators_only():
    """A visitor is sent to sign in; anyone signed in who is not an operator is refused."""
    if not current_user.is_authenticated:
        return unauthorized()
    if not access.is_operator(current_user):
        abort(403)
    return None


@bp.route("/minimum-wages", methods=["GET", "POST"])
@form_checks_csrf
def minimum_wages():
    """The table (?city=), and the form that adds a figure or changes the one of the same region and date."""
    city = _city(request.args.get("city"))
    form = MinimumWageForm(**({"region": city or regions.cities()[0].code} | _prefill(request.args)))

    def save():
        entry, errors = wages.parse(form.raw())
        if errors:
            return errors
        row, _ = wages.record(current_user, *astuple(entry), clock.now())
        return url_for("admin.minimum_wages", city=regions.city_of(row.region_id), saved=row.id)

    return save_or_show(form, save, TEMPLATE, **_page(city))


@bp.post("/minimum-wages/<id:wage_id>/remove")
def remove_minimum_wage(wage_id: int):
    """Remove a figure not yet in force; one already in force is refused on the page, with why."""
    try:
        row = wages.remove(current_user, wage_id, clock.today(), clock.now())
    except Conflict as error:
        city = _city(request.args.get("city"))
        form = MinimumWageForm(formdata=None, region=city or regions.cities()[0].code)
        return htmx.render(TEMPLATE, status_code=409, form=form, problem=error.message, **_page(city))
    removed = f"{regions.name_of(row.region_id)} 自{row.effective_from}起 {money.yuan(row.monthly_fen)} 元"
    return htmx.redirect(url_for("admin.minimum_wages", city=regions.city_of(row.region_id), removed=removed))


def _city(code: str | None) -> str:
    """The city asked for, or '' (the whole province) for nothing or anything not a city's code."""
    return code if code and regions.is_city(code) else ""


def _prefill(args) -> dict:
    """?edit=<id>: the form filled with that figure, to change it; ?region=<code>: that region chosen."""
    if args.get("edit", "").isdigit():
        row = wages.get(int(args["edit"]))
        return {"region": row.region_id, "effective_from": row.effective_from.isoformat(),
                "yuan": money.plain_yuan(row.monthly_fen), "tier": row.tier, "source": row.source, "demo": row.demo}
    if regions.city_of(args.get("region", "")):
        return {"region": args["region"]}
    return {}


def _page(city: str) -> dict:
    saved = request.args.get("saved", "")
    return {
        "city": city, "cities": regions.cities(), "rows": wages.table(city or None, clock.today()),
        "saved": wages.find(int(saved)) if saved.isdigit() else None, "removed": request.args.get("removed", ""),
        "remove_form": EmptyForm(), "yuan": money.yuan,
    }
