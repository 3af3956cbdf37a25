"""见习单位名录: the recognised units, for everyone, and each unit's public page with its open positions.

Both pages are the same for every visitor (nothing of the person asking is on them), so they are
cached as the position search is (search.page_cache), keyed on the data version that every write
to employers and positions raises: a unit recognised or 取消认定 shows at once.
"""
from flask import Blueprint, abort, request

from ..reference import regions
from ..reference.codes import INDUSTRIES, UNIT_TYPES
from ..search import page_cache
from ..services import clock, directory
from ..web import htmx

bp = Blueprint("units", __name__, url_prefix="/units")

LIST_FRAGMENTS = {"results": "results"}


@bp.get("/")
def index():
    """Filters 市 → 县区 and 所属行业, 20 a page; htmx swaps the results and keeps them in the URL."""
    asked = directory.parse_filters(request.args)

    def render():
        return htmx.render(
            "units/index.html", LIST_FRAGMENTS, result=directory.search(asked, clock.today()),
            cities=regions.cities(), jurisdictions=regions.jurisdictions(asked.city), industries=INDUSTRIES,
            unit_types=UNIT_TYPES,
        )

    return page_cache.page(("units", asked, asked.notices), render)


@bp.get("/<id:unit_id>")
def detail(unit_id: int):
    """One recognised unit: what it is, where, and its positions still recruiting; 返回 to the same list."""
    asked = directory.parse_filters(request.args)

    def render():
        found = directory.unit(unit_id)
        if found is None:
            abort(404)
        return htmx.render("units/detail.html", unit=found, filters=asked, industries=INDUSTRIES,
                           unit_types=UNIT_TYPES, positions=directory.open_positions(found, clock.today()))

    return page_cache.page(("unit", unit_id, asked), render)
