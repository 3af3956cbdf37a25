"""核验见习证明, for anyone (an employer reading a CV, a school): the code from the certificate gives
the name masked, the unit, the position, the dates and the result, and nothing else; an unknown
code says so (404), without telling whether it ever existed."""
from flask import Blueprint, redirect, render_template, request, url_for

from ..services import certificates

bp = Blueprint("verify", __name__, url_prefix="/verify")


@bp.get("/")
def index():
    """The form to type a code (GET, so it works without JavaScript and can be bookmarked)."""
    code = "".join((request.args.get("code") or "").split()).upper()
    if code:
        return redirect(url_for("verify.show", code=code), code=303)
    return render_template("verify/index.html")


@bp.get("/<code>")
def show(code: str):
    found = certificates.by_code(code)
    if found is None:
        return render_template("verify/index.html", code=code, unknown=True), 404
    response = render_template("verify/show.html", check=certificates.check(found), code=found.certificate_code)
    return response, 200, {"Cache-Control": "no-store"}
