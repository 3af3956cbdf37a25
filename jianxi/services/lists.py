"""Every list of the service, one way: filters read from an untrusted query string (anything
unusable dropped with a notice saying so), pages of 20, and the same notice everywhere for a
page past the last one. The public search, the review queue, the office's employers and
positions, and 我的办件 are each a `Filters` subclass, a `ListPage` subclass and `page_of`."""
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

PAGE_SIZE = 20
BAD_PAGE = "页码无效，已显示第1页。"


def parse_page(raw: str | None) -> tuple[int, str | None]:
    """(page number, notice): anything but a sensible positive number is page 1, with a notice."""
    raw = (raw or "").strip() or "1"
    page = int(raw) if raw.isdigit() and len(raw) < 7 else 0
    return (page, None) if page >= 1 else (1, BAD_PAGE)


def url_args(values: dict, **changes) -> dict:
    """Filters as URL arguments: `values` with `changes` over them, the empty ones left out."""
    return {key: value for key, value in {**values, **changes}.items() if value not in ("", None)}


def last_page(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / size))


def beyond_last(page: int, total: int) -> str:
    return f"没有第{page}页，已显示最后一页。"


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What a list was asked for: a subclass adds its filters (positional, in URL order) and names
    them in KEYS; the page and the notices about dropped values are every list's."""

    KEYS: ClassVar[tuple[str, ...]] = ()
    page: int = 1
    notices: tuple[str, ...] = field(default=(), compare=False)

    def query_args(self, **changes) -> dict:
        """The non-empty filters as URL arguments (page left out unless asked for)."""
        return url_args({key: getattr(self, key) for key in self.KEYS}, **changes)

    def noting(self, *notices: str):
        return replace(self, notices=self.notices + notices)


class Reader:
    """Reads one list's filters from the query string, noting each value it had to drop."""

    def __init__(self, args: Mapping[str, str]):
        self.args = args
        self.notices: list[str] = []

    def raw(self, key: str) -> str:
        return str(self.args.get(key) or "").strip()

    def text(self, key: str, max_length: int | None = None) -> str:
        """Free text, its runs of spaces made one, cut to `max_length` if given."""
        return " ".join(self.raw(key).split())[:max_length]

    def choice(self, key: str, allowed: Collection[str], notice: str) -> str:
        """One of `allowed`, or "" with `notice` for anything else given."""
        value = self.raw(key)
        if value and value not in allowed:
            self.notices.append(notice)
            return ""
        return value

    def note(self, notice: str | None) -> None:
        if notice:
            self.notices.append(notice)

    def page(self) -> int:
        page, notice = parse_page(self.args.get("page"))
        self.note(notice)
        return page

    def filters(self, kind: type, *values, **named):
        """`kind`'s filters from the values read, with the page and every notice noted so far."""
        page = self.page()
        return kind(*values, page=page, notices=tuple(self.notices), **named)


@dataclass(frozen=True)
class ListPage:
    """One page of a list: the filters it was made for (their page the one shown), its rows and
    how many rows the whole list has."""

    filters: Filters
    items: list
    total: int

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def pages(self) -> int:
        return last_page(self.total)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def within(filters: Filters, total: int, pages: int | None = None, notice: str | None = None) -> Filters:
    """The filters with their page moved to the last one when they ask for one past it, saying so."""
    pages = last_page(total) if pages is None else pages
    if filters.page <= pages:
        return filters
    return replace(filters, page=pages).noting(notice or beyond_last(filters.page, total))


def page_of(query, filters: Filters, *order, joined=None) -> tuple[Filters, list, int]:
    """(filters, rows, total) of one page of `query` in `order`; a page past the last shows the last.

    `joined(query)` adds what each row shows from other tables (joins that neither drop nor repeat
    a row): the count and the choice of the page's rows are made without them, and only the page's
    rows are joined, since joining every row of an office's list before keeping 20 grows with the list.
    """
    total = query.count()
    filters = within(filters, total)
    page = query.order_by(*order).paginate(filters.page, PAGE_SIZE)
    if joined is not None:
        model = query.model
        page = joined(model.select().where(model.id.in_(page.select(model.id)))).order_by(*order)
    return filters, list(page), total
