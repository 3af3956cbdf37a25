"""What the search pages' templates need, for the public search (positions/) and a trainee's
search of their jurisdiction (me/) alike: the same templates and fragments serve both."""
from flask import url_for

from ..models import EDUCATION_LEVELS
from ..reference import regions
from . import filters as search_filters
from .results import SearchResult

SEARCH_FRAGMENTS = {"results": "results", "more": "more_page"}


def search_context(result: SearchResult, search_endpoint: str, detail_endpoint: str, **extra) -> dict:
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
        "sorts": search_filters.SORTS,
        "favorite_ids": frozenset(),
        **extra,
    }
