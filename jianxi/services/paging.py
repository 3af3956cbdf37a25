"""Pages of 20: parsing an untrusted page number and the facts a pager needs."""
import math

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


class Paged:
    """For results with `total` and `page`: how many pages, and whether there are more."""

    total: int
    page: int

    @property
    def pages(self) -> int:
        return last_page(self.total)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1
