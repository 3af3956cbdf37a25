"""The one place that reads htmx's request headers and writes its responses.

A URL that can answer with a page or with a fragment always sends `Vary: HX-Request, HX-Target`,
so no cache hands the fragment to someone who asked for the page. htmx 2 swaps only 2xx answers
by default, so when `render` shows a failure the page explains (a form with mistakes, a
conflict) it answers htmx with 200 and keeps the 4xx status for plain browsers, where scripts
and caches should see it.
"""
from urllib.parse import urlsplit

from flask import Response, make_response, render_template, request
from flask import redirect as browser_redirect
from jinja2_fragments.flask import render_block

__all__ = ["is_htmx", "target", "current_path", "render", "fragment", "redirect", "vary", "retarget", "trigger_after_swap"]


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment, not a boosted link or a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def target() -> str | None:
    return request.headers.get("HX-Target") if is_htmx() else None


def current_path() -> str:
    """Path and query of the page htmx was on when it asked (for coming back after signing in)."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    return current.path + (f"?{current.query}" if current.query else "")


def vary(response: Response) -> Response:
    """For an answer built elsewhere whose URL also answers htmx with a fragment."""
    response.vary.update(("HX-Request", "HX-Target"))
    return response


def _status(status: int) -> int:
    return 200 if is_htmx() and 400 <= status < 500 else status


def render(template: str, fragments: dict[str, str] | None = None, status_code: int = 200, **context) -> Response:
    """The full page, or one block of it when htmx targets an element the view allows.

    `fragments` maps an HX-Target element id to the template block that fills it; any other
    target (or none) gets the whole page.
    """
    block = (fragments or {}).get(target() or "")
    body = render_block(template, block, **context) if block else render_template(template, **context)
    return vary(make_response(body, _status(status_code)))


def fragment(template: str, block: str | None = None, status_code: int = 200, **context) -> Response:
    """A piece of page that is only ever swapped in (an upload row, a dialog, an error notice for
    the alert area): a whole small template, or one block of a page template. The status is kept."""
    body = render_block(template, block, **context) if block else render_template(template, **context)
    return vary(make_response(body, status_code))


def redirect(url: str, status: int = 303, htmx_status: int = 200) -> Response:
    """Send the person to another page: htmx loads it whole (HX-Redirect), a browser follows `status`."""
    if is_htmx():
        response = Response("", status=htmx_status)
        response.headers["HX-Redirect"] = url
    else:
        response = browser_redirect(url, code=status)
    return vary(response)


def retarget(response: Response, selector: str, swap: str = "innerHTML") -> Response:
    """Put this answer somewhere other than the element that asked (an alert area, a dialog slot)."""
    response.headers["HX-Retarget"] = selector
    response.headers["HX-Reswap"] = swap
    return response


def trigger_after_swap(response: Response, event: str) -> Response:
    """Fire `event` on the requesting element once the answer is in the page."""
    response.headers["HX-Trigger-After-Swap"] = event
    return response
