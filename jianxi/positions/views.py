"""见习岗位查询: the public search, its htmx fragments and the position detail."""
from flask import Blueprint, abort, make_response, render_template, request, url_for

from .. import htmx, public_cache, regions
from ..models import EDUCATION_LEVELS, FAVORITE_LIMIT
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
        "education_choices": list(EDUCATION_LEVELS.items()),
        "education_blank": "全部",
        "sorts": service.SORTS,
        "favorite_ids": frozenset(),
        **extra,
    }


@bp.get("/")
def index():
    """The search form and one page of results; htmx asks for the results or the next page."""
    filters = service.parse_filters(request.args)

    def render():
        result = service.search(filters, clock.today())
        return htmx.render("positions/index.html", SEARCH_FRAGMENTS, **search_context(result, "positions.index",
                                                                                    "positions.detail"))

    return public_cache.page(("search", filters, filters.notices), render)


@bp.get("/counties")
def counties():
    """The county select for a city: 市本级 first, then its counties."""
    city = request.args.get("city", "")
    if city and not regions.jurisdictions(city):
        city = ""

    def render():
        response = htmx.fragment("positions/_county_field.html", jurisdictions=regions.jurisdictions(city), selected="")
        # The county choice was reset, so the results must follow the new city.
        return htmx.trigger_after_swap(response, "citychanged")

    return public_cache.page(("counties", city), render, versioned=False, max_age=86400)


@bp.get("/<id:position_id>")
def detail(position_id: int):
    """One position, with 返回 to the results it was opened from."""
    filters = service.parse_filters(request.args)

    def render():
        position = service.get_position(position_id)
        if position is None:
            abort(404)
        page = render_template("positions/detail.html", position=position, filters=filters,
                               listed=position.is_open(clock.today()), limit=FAVORITE_LIMIT)
        return htmx.vary(make_response(page))

    return public_cache.page(("detail", position_id, filters), render)
