"""/robots.txt: search engines may read every page; they are kept only from what is no page.

The personal, office and unit areas are not listed: to anyone not signed in (a crawler) each
answers with a redirect to 登录, so there is nothing to index and nothing to hide there (who sees
what is services.access's business, never robots.txt's, which every visitor may read). Listing
them would also mark them uncrawlable to Lighthouse's SEO audit, which issue 25 asks at 100 for
/apply/, /me/ and /review/."""
from flask import Blueprint, Response

bp = Blueprint("robots", __name__)

# Each is a URL prefix: downloads (attachments, agreements: refused to crawlers anyway), signing
# out, the password-reset steps (links with one-time codes), the load balancer's health check.
NOT_PAGES = ("/files/", "/logout", "/password/", "/healthz")
ONE_DAY = 24 * 60 * 60


@bp.get("/robots.txt")
def robots_txt():
    """Plain text any crawler reads; it changes only with a release, so caches may keep it a day."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in NOT_PAGES), "Allow: /", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response
