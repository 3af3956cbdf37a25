"""Public position search: parse untrusted filters, query open positions, paginate."""
import datetime
from dataclasses import dataclass, field, replace

from .. import caches, regions
from ..models import EDUCATION_LEVELS, Employer, Position
from . import catalog, finding, paging

PAGE_SIZE = paging.PAGE_SIZE
KEYWORD_MAX = 50
SORTS = {"newest": "最新发布", "deadline": "截止日期最近"}
FILTER_KEYS = ("city", "county", "q", "education", "sort")
PLACE_KEYS = ("city", "county")


@dataclass(frozen=True)
class SearchFilters:
    city: str = ""
    county: str = ""
    q: str = ""
    education: str = ""
    sort: str = "newest"
    page: int = 1
    notices: tuple[str, ...] = field(default=(), compare=False)
    # False when the city and county are fixed by the page (a trainee's jurisdiction), not chosen.
    places_in_url: bool = True

    def query_args(self, **changes) -> dict:
        """The non-empty filters as URL arguments (page left out unless asked for)."""
        keys = FILTER_KEYS if self.places_in_url else tuple(k for k in FILTER_KEYS if k not in PLACE_KEYS)
        args = {key: getattr(self, key) for key in keys}
        args["sort"] = "" if self.sort == "newest" else self.sort
        return paging.url_args(args, **changes)


def parse_filters(args, places: bool = True) -> SearchFilters:
    """Turn query-string values into filters; anything unusable is dropped with a notice.
    Without `places` the city and county in the URL are ignored (the page fixes them)."""
    if not places:
        args = {key: value for key, value in args.items() if key not in PLACE_KEYS}
    notices = []
    city = args.get("city", "").strip()
    if city and city not in {c.code for c in regions.cities()}:
        notices.append("没有找到所选的市，已显示全省岗位。")
        city = ""
    county = args.get("county", "").strip()
    if county and county not in {j.code for j in regions.jurisdictions(city)}:
        if city:
            notices.append("所选县区不属于该市，已显示全市岗位。")
        else:
            notices.append("请先选择市，再选择县区；已显示全省岗位。")
        county = ""
    q = " ".join(args.get("q", "").split())
    if len(q) > KEYWORD_MAX:
        notices.append(f"关键词最多{KEYWORD_MAX}个字，已只按前{KEYWORD_MAX}个字查询。")
        q = q[:KEYWORD_MAX]
    education = args.get("education", "").strip()
    if education and education not in EDUCATION_LEVELS:
        notices.append("学历要求无效，已显示全部学历。")
        education = ""
    sort = args.get("sort", "").strip() or "newest"
    if sort not in SORTS:
        notices.append("排序方式无效，已按最新发布排序。")
        sort = "newest"
    page, notice = paging.parse_page(args.get("page"))
    if notice:
        notices.append(notice)
    return SearchFilters(city, county, q, education, sort, page, tuple(notices))


@dataclass(frozen=True)
class SearchResult(paging.Paged):
    filters: SearchFilters
    positions: list
    # Exact up to finding.COUNT_LIMIT; one more means "more than that".
    total: int

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def more_than_limit(self) -> bool:
        return self.total > finding.COUNT_LIMIT

    @property
    def pages(self) -> int:
        return pages_of(self.total)


def pages_of(total: int) -> int:
    """How many pages a search shows: all of them, or as many as COUNT_LIMIT fills."""
    return min(paging.last_page(total), finding.COUNT_LIMIT // PAGE_SIZE)


def beyond_shown(page: int, total: int) -> str:
    """The notice for a page number past the last page shown."""
    if total <= finding.COUNT_LIMIT:
        return paging.beyond_last(page, total)
    return (f"最多显示前{finding.COUNT_LIMIT}个岗位（{pages_of(total)}页），已显示第{pages_of(total)}页；"
            "可加上县区、学历要求或关键词缩小范围。")


def matching(filters: SearchFilters, today: datetime.date, keyword_index: bool = True):
    """Every open position the filters select, as a query. Without `keyword_index` the keyword is
    found by the substring rule alone."""
    query = finding.filtered(filters, today)
    if filters.q:
        # The index finds the candidates; unless that alone is the substring rule, the rule
        # confirms each (services.catalog).
        terms = catalog.filter_terms(filters.county, filters.city, filters.education)
        candidates, exact = catalog.keyword_condition(filters.q, terms) if keyword_index else (None, False)
        if candidates is not None:
            query = query.where(candidates)
        if not exact:
            query = query.join(Employer).where(finding.keyword_rule(filters.q))
    return query


def search(filters: SearchFilters, today: datetime.date, version: int | None = None) -> SearchResult:
    """One page of results and the count, from this process's cache when the same question was
    asked at the same data version today (jianxi.caches), else from the database (services.finding)."""
    version = catalog.version() if version is None else version
    asked = replace(filters, notices=())
    count_key = ("count", replace(asked, page=1, sort=""), today, version)
    total, matches = caches.results().get(count_key), None
    if total is None:
        matches = finding.first_matches(filters, today)
        total = len(matches)
        caches.results().put(count_key, total)
    notices = filters.notices
    if filters.page > pages_of(total):
        notices += (beyond_shown(filters.page, total),)
        filters = replace(filters, page=pages_of(total))
    page_key = ("page", replace(asked, page=filters.page), today, version)
    rows = caches.results().get(page_key)
    if rows is None:
        rows = _page_of(filters, today, total, matches)
        caches.results().put(page_key, rows)
    return SearchResult(replace(filters, notices=notices), rows, total)


def _page_of(filters: SearchFilters, today: datetime.date, total: int, matches: list | None) -> list[Position]:
    offset = (filters.page - 1) * PAGE_SIZE
    if filters.q and total <= finding.COUNT_LIMIT:  # all the matches are few: the page is cut from them
        matches = finding.first_matches(filters, today) if matches is None else matches
        ids = finding.page_among(matches, filters.sort, offset, PAGE_SIZE)
    else:
        ids = finding.walk(filters, today, offset, PAGE_SIZE)
    if ids is None:  # the walk found matches too rare: they are few enough for the database to sort
        order = finding.order_by(filters.sort)
        query = matching(filters, today).select(Position.id).order_by(*order).paginate(filters.page, PAGE_SIZE)
        ids = [row[0] for row in query.tuples()]
    rows = Position.select(Position, Employer.name).join(Employer).where(Position.id.in_(ids))
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids]


def get_position(position_id: int) -> Position | None:
    return (
        Position.select(Position, Employer)
        .join(Employer)
        .where(Position.id == position_id)
        .first()
    )

