"""A unit's monthly records and subsidy claims under /unit/: the months of each placement to record
(出勤和生活补助发放), the claim of a quarter (every figure computed and explained before it is
submitted), and the claims with their lines as the office decides and pays them."""
from flask import request, url_for
from flask_login import current_user

from ..forms.placements import ClaimForm, MonthForm
from ..forms.saving import save_or_show
from ..models import PAY_PROOF
from ..ops import storage
from ..services import attachments, claims, clock, money, month_records, placements
from ..services.errors import Conflict, FieldProblems, UploadError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp, unit


@bp.get("/placements/<id:placement_id>/months/")
def months(placement_id: int):
    found = placements.unit_placement(unit(), placement_id)
    return htmx.render("unit/months.html", placement=found, months=month_records.of_placement(found, clock.today()),
                       done=request.args.get("done"), yuan=money.yuan)


@bp.route("/placements/<id:placement_id>/months/<key>", methods=["GET", "POST"])
@form_checks_csrf
def month(placement_id: int, key: str):
    """Record a month, or correct it until it is claimed. An uploaded proof is stored at once and
    kept (by its id) when another field needs fixing, so it is never uploaded twice."""
    found = placements.unit_placement(unit(), placement_id)
    today = clock.today()
    shown = month_records.month_of(found, key, today)
    form = MonthForm()
    record = shown.record
    if request.method == "GET" and record is not None:
        form.days_attended.data = str(record.days_attended)
        form.paid.data = money.plain_yuan(record.paid_fen)
        form.paid_on.data = record.paid_on.isoformat()
    elif request.method == "GET":
        form.days_attended.data = str(shown.served_days)
        form.paid.data = money.plain_yuan(found.allowance_fen) if shown.served_days == shown.working_days else ""
    # The proof the page shows as uploaded: the one kept from an earlier try, or this try's.
    kept = {"proof": attachments.owned(current_user, form.proof.data, PAY_PROOF) if form.proof.data else None}

    def save():
        if shown.locked:
            raise Conflict(f"{shown.month:%Y年%m月}已申请补贴，记录不能再修改。")
        upload = request.files.get("proof_file")
        if upload is not None and upload.filename:
            try:
                kept["proof"] = attachments.store(current_user, PAY_PROOF, upload.stream, upload.filename,
                                                  storage.current())
            except UploadError as problem:
                return {"proof_file": problem.message}
            form.proof.data = str(kept["proof"].id)
        try:
            values = month_records.parse(shown, form.raw(), today)
        except FieldProblems as problems:
            return problems.errors
        month_records.save(current_user, found, shown, values, kept["proof"], clock.now())
        return url_for("unit.months", placement_id=found.id, done=shown.key)

    return save_or_show(form, save, "unit/month_form.html", placement=found, month=shown, kept=kept,
                        yuan=money.yuan)


@bp.get("/claims/")
def claims_list():
    own = unit()
    return htmx.render("unit/claims.html", claims=claims.totals_of(list(claims.of_unit(own))),
                       due=month_records.due(own, clock.today()), done=request.args.get("done"), yuan=money.yuan)


@bp.route("/claims/new", methods=["GET", "POST"])
@form_checks_csrf
def claim_new():
    """A quarter's claim: every figure the service would claim, and what cannot be claimed and
    why, shown before the unit submits; submitting computes them again in its transaction."""
    own = unit()
    today = clock.today()
    form = ClaimForm()
    period = claims.quarter(str(request.values.get("quarter") or "")) or claims.default_quarter(today)
    form.quarter.data = period.key

    def save():
        made = claims.submit(current_user, own, period, today, clock.now())
        return url_for("unit.claim", claim_id=made[0].id, done="submitted")

    return save_or_show(form, save, "unit/claim_new.html", period=period, periods=claims.quarters(today),
                        computed=claims.computed(own, period, today), yuan=money.yuan)


@bp.get("/claims/<id:claim_id>")
def claim(claim_id: int):
    found = claims.unit_claim(unit(), claim_id)
    lines = claims.lines(found)
    return htmx.render("unit/claim.html", claim=found, lines=lines, totals=claims.totals(lines),
                       done=request.args.get("done"), yuan=money.yuan)
