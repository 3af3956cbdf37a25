"""What a search of positions asks for: the filters read from the URL, each unusable one dropped
with a notice, and how a person's education limits the 学历要求 they see."""
from dataclasses import dataclass
from typing import ClassVar

from ..models import EDUCATION_LEVELS
from ..reference import regions
from ..services import lists

PAGE_SIZE = lists.PAGE_SIZE
KEYWORD_MAX = 50
SORTS = {"newest": "最新发布", "deadline": "截止日期最近"}
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
class SearchFilters(lists.Filters):
    """What the public search (or a trainee's) was asked; `page` is the last page shown."""

    KEYS: ClassVar[tuple[str, ...]] = ("city", "county", "q", "education", "sort")
    city: str = ""
    county: str = ""
    q: str = ""
    # The 学历要求 asked for as in the URL: a level, "" (any), or EVERY_EDUCATION (a trainee's "全部").
    education: str = ""
    sort: str = "newest"
    # How many pages are shown together, ending with the page (加载更多).
    shown: int = 1
    # With no 学历要求 asked for, only positions requiring at most this level (a trainee's own).
    education_at_most: str = ""
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
        keys = self.KEYS if self.places_in_url else tuple(k for k in self.KEYS if k not in PLACE_KEYS)
        args = {key: getattr(self, key) for key in keys}
        args["sort"] = "" if self.sort == "newest" else self.sort
        return lists.url_args(args, **changes)

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
    read = lists.Reader(args)
    city = read.choice("city", {c.code for c in regions.cities()}, "没有找到所选的市，已显示全省岗位。")
    county = read.choice("county", {j.code for j in regions.jurisdictions(city)},
                         "所选县区不属于该市，已显示全市岗位。" if city else "请先选择市，再选择县区；已显示全省岗位。")
    q = read.text("q")
    if len(q) > KEYWORD_MAX:
        read.note(f"关键词最多{KEYWORD_MAX}个字，已只按前{KEYWORD_MAX}个字查询。")
        q = q[:KEYWORD_MAX]
    allowed = EDUCATION_LEVELS.keys() | ({EVERY_EDUCATION} if education_at_most else set())
    education = read.choice("education", allowed, "学历要求无效，已显示全部学历。" if not education_at_most
                            else "学历要求无效，已显示符合您学历的岗位。")
    sort = read.choice("sort", SORTS, "排序方式无效，已按最新发布排序。") or "newest"
    page = read.page()
    shown, notice = _parse_shown(args.get("shown"), page)
    read.note(notice)
    at_most = education_at_most if education_at_most and not education else ""
    return SearchFilters(city, county, q, education, sort, shown, at_most, page=page, notices=tuple(read.notices))


def _parse_shown(raw: str | None, page: int) -> tuple[int, str | None]:
    """(pages shown together, notice): 1 to MAX_SHOWN, and never more than the pages up to `page`."""
    raw = (raw or "").strip() or "1"
    shown = int(raw) if raw.isdigit() and len(raw) < 7 else 0
    if shown < 1:
        return 1, BAD_SHOWN
    if shown > MAX_SHOWN:
        return min(MAX_SHOWN, page), TOO_MANY_SHOWN
    return min(shown, page), None
