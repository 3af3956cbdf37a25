"""见习岗位录入及维护: the positions of the person's 业务办理属地, each with 收藏 / 取消收藏.

The list and its fragments are the public search's own (service, templates, blocks), narrowed
to the jurisdiction. The toggle is a real form: htmx swaps the widget in place; without
JavaScript the POST comes back (303) to the page it was sent from, or shows the refusal there.
"""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from ..auth.guards import safe_next
from ..models import EDUCATION_LEVELS, FAVORITE_LIMIT, Position
from ..search import caches, filters, results
from ..search.context import SEARCH_FRAGMENTS, search_context
from ..services import applications, clock, favorites
from ..services.errors import Conflict, FavoritesFull, NotFound, NotTrainee
from ..web import htmx
from .blueprint import bp

# A trainee's 学历要求 select: by default the positions their education meets, or all of them, or one level.
EDUCATION_CHOICES = [(filters.EVERY_EDUCATION, "全部"), *EDUCATION_LEVELS.items()]


def _standing_or_explanation():
    """(standing, None) for someone with a 未审核 or 审核通过 application, else (None, the page saying why)."""
    standing = favorites.standing(current_user)
    if standing.application is None:
        return None, render_template("me/no_application.html", latest=applications.latest(current_user))
    return standing, None


@bp.get("/positions/")
def positions():
    """The jurisdiction's open positions, searched as the public search is; shortlisted ones marked."""
    standing, explanation = _standing_or_explanation()
    if explanation:
        return explanation
    asked = _filters(request.args, standing)
    result = results.search_within(standing.jurisdiction, asked, clock.today(), caches.results())
    context = search_context(
        result, "me.positions", "me.position",
        favorite_ids=favorites.position_ids(current_user), standing=standing, limit=FAVORITE_LIMIT,
        education_blank="符合我学历的岗位", education_choices=EDUCATION_CHOICES,
    )
    return htmx.render("me/positions.html", SEARCH_FRAGMENTS, **context)


def _filters(args, standing) -> filters.SearchFilters:
    """The search's filters, the place fixed and 学历要求 by default those the person meets
    (their education as on their application)."""
    met = filters.education_met(standing.application.education)
    return filters.parse_filters(args, places=False, education_at_most=met)


@bp.get("/positions/<id:position_id>")
def position(position_id: int):
    """查看职位: the position with its 收藏 toggle and 返回 to the same results."""
    standing, explanation = _standing_or_explanation()
    if explanation:
        return explanation
    return _detail_page(_position(standing, position_id), standing)


def _position(standing, position_id: int) -> Position:
    try:
        return favorites.position_for(standing.jurisdiction, position_id)
    except NotFound:
        abort(404)


def _widget_context(position: Position, standing, refusal=None) -> dict:
    asked = _filters(request.values, standing)
    shortlisted = favorites.position_ids(current_user)
    return {
        "position": position,
        "filters": asked,
        "listed": position.is_open(clock.today()),
        "is_favorite": position.id in shortlisted,
        "count": len(shortlisted),
        "limit": FAVORITE_LIMIT,
        "refusal": refusal,
        "next_url": url_for("me.position", position_id=position.id, **asked.list_args()),
    }


def _detail_page(position: Position, standing, refusal=None, status_code: int = 200):
    return htmx.render(
        "me/position.html", status_code=status_code, standing=standing, **_widget_context(position, standing, refusal)
    )


@bp.post("/positions/<id:position_id>/favorite")
def favorite(position_id: int):
    """收藏 (action=add) or 取消收藏 (action=remove); refusals are said in place, nothing else changes."""
    action = request.form.get("action")
    if action not in ("add", "remove"):
        abort(400)
    standing, explanation = _standing_or_explanation()
    if action == "remove":
        favorites.remove(current_user, position_id, clock.now())
        if not htmx.is_htmx():
            return htmx.redirect(safe_next(request.form.get("next")) or url_for("me.index"))
    if explanation:
        return explanation
    position = _position(standing, position_id)
    refusal, status_code = None, 200
    if action == "add":
        try:
            favorites.add(current_user, position.id, clock.now())
        except NotTrainee as error:
            refusal, status_code = error, 403
        except (FavoritesFull, Conflict) as error:
            refusal, status_code = error, 409
    if htmx.is_htmx():
        return htmx.fragment("me/_favorite.html", **_widget_context(position, standing, refusal))
    if refusal:
        return _detail_page(position, standing, refusal, status_code)
    return htmx.redirect(safe_next(request.form.get("next")) or url_for("me.position", position_id=position.id))
