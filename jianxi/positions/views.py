"""见习岗位查询: the public search, its htmx fragments and the position detail."""
from flask import Blueprint, abort, render_template, request, url_for

from .. import htmx, regions
from ..models import EDUCATION_LEVELS
from ..services import clock
from ..services import positions as service

bp = Blueprint("positions", __name__, url_prefix="/positions")

SEARCH_FRAGMENTS = {"results": "results", "more": "more_page"}


def search_context(result: service.SearchResult, search_endpoint: str, detail_endpoint: str, **extra) -> dict:
    """What the search templates need, for the public search and a trainee's alike."""
    return {
        "result": result,
        "filters": result.filters,
        "search_endpoint": search_endpoint,
        "search_url": url_for(search_endpoint),
        "detail_endpoint": detail_endpoint,
        "places": result.filters.places_in_url,
        "cities": regions.cities(),
        "jurisdictions": regions.jurisdictions(result.filters.city),
        "education_levels": EDUCATION_LEVELS,
        "sorts": service.SORTS,
        "favorite_ids": frozenset(),
        **extra,
    }


@bp.get("/")
def index():
    """The search form and one page of results; htmx asks for the results or the next page."""
    result = service.search(service.parse_filters(request.args), clock.today())
    return htmx.render("positions/index.html", SEARCH_FRAGMENTS, **search_context(result, "positions.index", "positions.detail"))


@bp.get("/counties")
def counties():
    """The county select for a city: 市本级 first, then its counties."""
    city = request.args.get("city", "")
    if city and not regions.jurisdictions(city):
        city = ""
    response = htmx.fragment("positions/_county_field.html", jurisdictions=regions.jurisdictions(city), selected="")
    response.headers["Cache-Control"] = "public, max-age=86400"
    # The county choice was reset, so the results must follow the new city.
    return htmx.trigger_after_swap(response, "citychanged")


@bp.get("/<id:position_id>")
def detail(position_id: int):
    """One position, with 返回 to the results it was opened from."""
    position = service.get_position(position_id)
    if position is None:
        abort(404)
    return render_template(
        "positions/detail.html",
        position=position,
        filters=service.parse_filters(request.args),
        listed=position.is_open(clock.today()),
    )
