"""The answer to a search of open positions: the pages shown and the count, from a cache of this
process's when the same question was asked at the same data version today, else from the
database by the planner (search.planner)."""
import datetime
from dataclasses import dataclass, field, replace

from ..models import Employer, Position
from ..reference import regions
from ..services import lists
from . import catalog, planner
from .filters import MAX_SHOWN, PAGE_SIZE, SearchFilters


class NoCache:
    """For a search made outside a web request (a script, a test): every answer from the database."""

    def get(self, key):
        return None

    def put(self, key, value) -> None:
        pass


@dataclass(frozen=True)
class SearchResult(lists.ListPage):
    """The pages shown together (`items` all their positions); `total` is exact up to
    planner.COUNT_LIMIT, and one more means "more than that"."""

    # (page number, its positions) for each page shown, in order.
    groups: list[tuple[int, list]] = field(default_factory=list)

    @property
    def positions(self) -> list:
        return self.items

    @property
    def first_page(self) -> int:
        return self.filters.first_page

    @property
    def has_previous(self) -> bool:
        return self.first_page > 1

    @property
    def can_load_more(self) -> bool:
        """Whether 加载更多 may add the next page to those shown (else 下一页 shows it alone)."""
        return self.has_next and self.filters.shown < MAX_SHOWN

    @property
    def more_than_limit(self) -> bool:
        return self.total > planner.COUNT_LIMIT

    @property
    def pages(self) -> int:
        return pages_of(self.total)


def pages_of(total: int) -> int:
    """How many pages a search shows: all of them, or as many as COUNT_LIMIT fills."""
    return min(lists.last_page(total), planner.COUNT_LIMIT // PAGE_SIZE)


def beyond_shown(page: int, total: int) -> str:
    """The notice for a page number past the last page shown."""
    if total <= planner.COUNT_LIMIT:
        return lists.beyond_last(page, total)
    return f"没有第{page}页：只显示前{planner.COUNT_LIMIT}个岗位（共{pages_of(total)}页），已显示第{pages_of(total)}页。"


def matching(filters: SearchFilters, today: datetime.date, keyword_index: bool = True):
    """Every open position the filters select, as a query. Without `keyword_index` the keyword is
    found by the substring rule alone."""
    query = planner.filtered(filters, today)
    if filters.q:
        # The index finds the candidates; unless that alone is the substring rule, the rule
        # confirms each (search.catalog).
        terms = catalog.filter_terms(filters.county, filters.city, filters.education_level)
        candidates, exact = catalog.keyword_condition(filters.q, terms) if keyword_index else (None, False)
        if candidates is not None:
            query = query.where(candidates)
        if not exact:
            query = query.join(Employer).where(planner.keyword_rule(filters.q))
    return query


def search(filters: SearchFilters, today: datetime.date, version: int | None = None, cache=NoCache()) -> SearchResult:
    """The pages shown and the count, from `cache` (search.caches.results) when the same question
    was asked at the same data version today, else from the database (search.planner). Each page
    is cached on its own, so pages shown together reuse those loaded one by one."""
    version = catalog.version() if version is None else version
    asked = replace(filters, notices=(), shown=1)
    count_key = ("count", replace(asked, page=1, sort=""), today, version)
    total, matches = cache.get(count_key), None
    if total is None:
        matches = planner.first_matches(filters, today)
        total = len(matches)
        cache.put(count_key, total)
    if filters.page > pages_of(total):
        filters = lists.within(filters, total, pages_of(total), beyond_shown(filters.page, total))
        filters = replace(filters, shown=min(filters.shown, filters.page))
    groups = []
    for number in range(filters.first_page, filters.page + 1):
        page_key = ("page", replace(asked, page=number), today, version)
        rows = cache.get(page_key)
        if rows is None:
            if matches is None and filters.q and total <= planner.COUNT_LIMIT:
                matches = planner.first_matches(filters, today)
            rows = _page_of(replace(filters, page=number), today, total, matches)
            cache.put(page_key, rows)
        groups.append((number, rows))
    return SearchResult(filters, [position for _, rows in groups for position in rows], total, groups)


def search_within(jurisdiction: str, filters: SearchFilters, today: datetime.date, cache=NoCache()) -> SearchResult:
    """The search narrowed to a trainee's jurisdiction (its city/county choice is not the person's)."""
    if regions.is_city(jurisdiction):
        fixed = replace(filters, city=jurisdiction, county="", places_in_url=False)
    else:
        fixed = replace(filters, city=regions.city_of(jurisdiction), county=jurisdiction, places_in_url=False)
    return search(fixed, today, cache=cache)


def _page_of(filters: SearchFilters, today: datetime.date, total: int, matches: list | None) -> list[Position]:
    offset = (filters.page - 1) * PAGE_SIZE
    if filters.q and total <= planner.COUNT_LIMIT:  # all the matches are few: the page is cut from them
        ids = planner.page_among(matches, filters.sort, offset, PAGE_SIZE)
    else:
        ids = planner.walk(filters, today, offset, PAGE_SIZE)
    if ids is None:  # the walk found matches too rare: they are few enough for the database to sort
        order = planner.order_by(filters.sort)
        query = matching(filters, today).select(Position.id).order_by(*order).paginate(filters.page, PAGE_SIZE)
        ids = [row[0] for row in query.tuples()]
    # The employer's id too: its name links to its page in the 见习单位名录.
    rows = Position.select(Position, Employer.id, Employer.name).join(Employer).where(Position.id.in_(ids))
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids]


def get_position(position_id: int) -> Position | None:
    return (
        Position.select(Position, Employer)
        .join(Employer)
        .where(Position.id == position_id)
        .first()
    )
