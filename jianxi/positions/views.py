"""见习岗位查询: the public search, its htmx fragments and the position detail."""
from flask import Blueprint, abort, make_response, render_template, request

from ..models import FAVORITE_LIMIT
from ..reference import regions
from ..search import caches, filters, page_cache, results
from ..search.context import SEARCH_FRAGMENTS, search_context
from ..services import clock
from ..web import htmx

bp = Blueprint("positions", __name__, url_prefix="/positions")

@bp.get("/")
def index():
    """The search form and one page of results; htmx asks for the results or the next page."""
    asked = filters.parse_filters(request.args)

    def render():
        result = results.search(asked, clock.today(), cache=caches.results())
        return htmx.render("positions/index.html", SEARCH_FRAGMENTS, **search_context(result, "positions.index",
                                                                                    "positions.detail"))

    return page_cache.page(("search", asked, asked.notices), render)


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

    return page_cache.page(("counties", city), render, versioned=False, max_age=86400)


@bp.get("/<id:position_id>")
def detail(position_id: int):
    """One position, with 返回 to the results it was opened from."""
    asked = filters.parse_filters(request.args)

    def render():
        position = results.get_position(position_id)
        if position is None:
            abort(404)
        page = render_template("positions/detail.html", position=position, filters=asked,
                               listed=position.is_open(clock.today()), limit=FAVORITE_LIMIT)
        return htmx.vary(make_response(page))

    return page_cache.page(("detail", position_id, asked), render)
