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
# 加载更多 lists up to this many pages together (100 positions): enough to come back to, light on a phone.
MAX_SHOWN = 5
BAD_SHOWN = "显示页数无效，已只显示一页。"
TOO_MANY_SHOWN = f"一次最多显示{MAX_SHOWN}页（{MAX_SHOWN * PAGE_SIZE}个岗位）。"
# A trainee's 学历要求 choice of every level; their default is the levels they meet.
EVERY_EDUCATION = "all"
# 学历要求 from the lowest to the highest; 不限 (any) is met by everyone.
POSITION_EDUCATION_ORDER = ("any", "secondary", "college", "bachelor", "master", "doctor")
# An applicant's education (reference.APPLICANT_EDUCATION) as the highest 学历要求 it meets.
MEETS_UP_TO = {
    "junior": "any", "highschool": "secondary", "secondary": "secondary", "college": "college",
    "bachelor": "bachelor", "master": "master", "doctor": "doctor",
}


def education_met(applicant_education: str) -> str:
    """The highest 学历要求 a person with this education meets (不限 only, for an unknown one)."""
    return MEETS_UP_TO.get(applicant_education, "any")


def levels_up_to(level: str) -> tuple[str, ...]:
    """The 学历要求 codes at or below `level`, 不限 among them."""
    return POSITION_EDUCATION_ORDER[:POSITION_EDUCATION_ORDER.index(level) + 1]


@dataclass(frozen=True)
class SearchFilters:
    city: str = ""
    county: str = ""
    q: str = ""
    # The 学历要求 asked for as in the URL: a level, "" (any), or EVERY_EDUCATION (a trainee's "全部").
    education: str = ""
    sort: str = "newest"
    # The last page shown, and how many pages are shown together, ending with it (加载更多).
    page: int = 1
    shown: int = 1
    # With no 学历要求 asked for, only positions requiring at most this level (a trainee's own).
    education_at_most: str = ""
    notices: tuple[str, ...] = field(default=(), compare=False)
    # False when the city and county are fixed by the page (a trainee's jurisdiction), not chosen.
    places_in_url: bool = True

    @property
    def education_level(self) -> str:
        """The one 学历要求 the positions must have, or "" for none in particular."""
        return self.education if self.education in EDUCATION_LEVELS else ""

    @property
    def education_levels(self) -> tuple[str, ...]:
        """The 学历要求 a position may have: one, those up to a cap, or () for every one."""
        if self.education_level:
            return (self.education_level,)
        return levels_up_to(self.education_at_most) if self.education_at_most else ()

    @property
    def first_page(self) -> int:
        return self.page - self.shown + 1

    def query_args(self, **changes) -> dict:
        """The non-empty filters as URL arguments (page left out unless asked for)."""
        keys = FILTER_KEYS if self.places_in_url else tuple(k for k in FILTER_KEYS if k not in PLACE_KEYS)
        args = {key: getattr(self, key) for key in keys}
        args["sort"] = "" if self.sort == "newest" else self.sort
        return paging.url_args(args, **changes)

    def list_args(self, page: int | None = None, shown: int | None = None) -> dict:
        """The URL arguments of a list of results: the filters, the last page and how many pages
        end with it (this list's own unless given; 1 left out)."""
        page = self.page if page is None else page
        shown = self.shown if shown is None else shown
        return self.query_args(page=page if page > 1 else None, shown=shown if shown > 1 else None)


def parse_filters(args, places: bool = True, education_at_most: str | None = None) -> SearchFilters:
    """Turn query-string values into filters; anything unusable is dropped with a notice.
    Without `places` the city and county in the URL are ignored (the page fixes them). With
    `education_at_most` (a trainee's own level) no 学历要求 means those up to it, and "all" every one."""
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
    allowed = EDUCATION_LEVELS.keys() | ({EVERY_EDUCATION} if education_at_most else set())
    if education and education not in allowed:
        notices.append("学历要求无效，已显示全部学历。" if not education_at_most else "学历要求无效，已显示符合您学历的岗位。")
        education = ""
    sort = args.get("sort", "").strip() or "newest"
    if sort not in SORTS:
        notices.append("排序方式无效，已按最新发布排序。")
        sort = "newest"
    page, notice = paging.parse_page(args.get("page"))
    if notice:
        notices.append(notice)
    shown, notice = _parse_shown(args.get("shown"), page)
    if notice:
        notices.append(notice)
    at_most = education_at_most if education_at_most and not education else ""
    return SearchFilters(city, county, q, education, sort, page, shown, at_most, tuple(notices))


def _parse_shown(raw: str | None, page: int) -> tuple[int, str | None]:
    """(pages shown together, notice): 1 to MAX_SHOWN, and never more than the pages up to `page`."""
    raw = (raw or "").strip() or "1"
    shown = int(raw) if raw.isdigit() and len(raw) < 7 else 0
    if shown < 1:
        return 1, BAD_SHOWN
    if shown > MAX_SHOWN:
        return min(MAX_SHOWN, page), TOO_MANY_SHOWN
    return min(shown, page), None


@dataclass(frozen=True)
class SearchResult(paging.Paged):
    filters: SearchFilters
    # (page number, its positions) for each page shown, in order.
    groups: list[tuple[int, list]]
    # Exact up to finding.COUNT_LIMIT; one more means "more than that".
    total: int

    @property
    def positions(self) -> list:
        return [position for _, rows in self.groups for position in rows]

    @property
    def page(self) -> int:
        return self.filters.page

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
    return f"没有第{page}页：只显示前{finding.COUNT_LIMIT}个岗位（共{pages_of(total)}页），已显示第{pages_of(total)}页。"


def matching(filters: SearchFilters, today: datetime.date, keyword_index: bool = True):
    """Every open position the filters select, as a query. Without `keyword_index` the keyword is
    found by the substring rule alone."""
    query = finding.filtered(filters, today)
    if filters.q:
        # The index finds the candidates; unless that alone is the substring rule, the rule
        # confirms each (services.catalog).
        terms = catalog.filter_terms(filters.county, filters.city, filters.education_level)
        candidates, exact = catalog.keyword_condition(filters.q, terms) if keyword_index else (None, False)
        if candidates is not None:
            query = query.where(candidates)
        if not exact:
            query = query.join(Employer).where(finding.keyword_rule(filters.q))
    return query


def search(filters: SearchFilters, today: datetime.date, version: int | None = None) -> SearchResult:
    """The pages shown and the count, from this process's cache when the same question was
    asked at the same data version today (jianxi.caches), else from the database (services.finding).
    Each page is cached on its own, so pages shown together reuse those loaded one by one."""
    version = catalog.version() if version is None else version
    asked = replace(filters, notices=(), shown=1)
    count_key = ("count", replace(asked, page=1, sort=""), today, version)
    total, matches = caches.results().get(count_key), None
    if total is None:
        matches = finding.first_matches(filters, today)
        total = len(matches)
        caches.results().put(count_key, total)
    notices = filters.notices
    if filters.page > pages_of(total):
        notices += (beyond_shown(filters.page, total),)
        filters = replace(filters, page=pages_of(total), shown=min(filters.shown, pages_of(total)))
    groups = []
    for number in range(filters.first_page, filters.page + 1):
        page_key = ("page", replace(asked, page=number), today, version)
        rows = caches.results().get(page_key)
        if rows is None:
            if matches is None and filters.q and total <= finding.COUNT_LIMIT:
                matches = finding.first_matches(filters, today)
            rows = _page_of(replace(filters, page=number), today, total, matches)
            caches.results().put(page_key, rows)
        groups.append((number, rows))
    return SearchResult(replace(filters, notices=notices), groups, total)


def _page_of(filters: SearchFilters, today: datetime.date, total: int, matches: list | None) -> list[Position]:
    offset = (filters.page - 1) * PAGE_SIZE
    if filters.q and total <= finding.COUNT_LIMIT:  # all the matches are few: the page is cut from them
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
