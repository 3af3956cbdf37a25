"""The one place that reads htmx's request headers and writes its response headers."""
from flask import Response, render_template, request
from jinja2_fragments.flask import render_block

__all__ = ["is_htmx", "target", "render", "render_block", "vary", "redirect", "retarget", "trigger_after_swap"]


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment, not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def target() -> str | None:
    return request.headers.get("HX-Target") if is_htmx() else None


def render(template: str, fragments: dict[str, str] | None = None, **context) -> str:
    """The full page, or one block of it when htmx targets an element the view allows.

    `fragments` maps an HX-Target element id to the template block that fills it.
    """
    block = (fragments or {}).get(target() or "")
    if block:
        return render_block(template, block, **context)
    return render_template(template, **context)


def vary(response: Response) -> Response:
    """The same URL answers with a page or a fragment, so caches must key on these headers."""
    response.vary.update(("HX-Request", "HX-Target"))
    return response


def redirect(url: str, status: int = 200) -> Response:
    """Tell htmx to load a whole new page (used where a fragment cannot be shown)."""
    response = Response("", status=status)
    response.headers["HX-Redirect"] = url
    return response


def retarget(response: Response, selector: str, swap: str = "innerHTML") -> Response:
    """Put this answer somewhere other than the element that asked (an alert area, a dialog slot)."""
    response.headers["HX-Retarget"] = selector
    response.headers["HX-Reswap"] = swap
    return response


def trigger_after_swap(response: Response, event: str) -> Response:
    """Fire `event` on the requesting element once the answer is in the page."""
    response.headers["HX-Trigger-After-Swap"] = event
    return response
