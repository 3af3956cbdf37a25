"""/robots.txt: search engines may index the public pages (portal, position search, 见习单位名录,
公示); the personal, office and unit areas hold nobody's business but their users'."""
from flask import Blueprint, Response

bp = Blueprint("robots", __name__)

# Each is a URL prefix; "/unit/" (单位网厅) does not cover "/units/" (the public 名录).
PRIVATE_AREAS = (
    "/me/", "/apply/", "/account/", "/password/", "/logout",  # a person's own
    "/review/", "/admin/",                                     # the offices'
    "/unit/",                                                  # the host units'
    "/files/", "/healthz",
)
ONE_DAY = 24 * 60 * 60


@bp.get("/robots.txt")
def robots_txt():
    """Plain text any crawler reads; it changes only with a release, so caches may keep it a day."""
    lines = ["User-agent: *", *(f"Disallow: {area}" for area in PRIVATE_AREAS), "Allow: /", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response
