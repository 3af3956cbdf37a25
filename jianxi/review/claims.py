"""补贴审核 under /review/claims/: the office's 补贴申请 (待审核 first) and each claim with every
line, the sentence showing how it was reached, and the decision: approve, returning the lines
ticked, each with its reason (services.claims.decide). A city office views its counties' claims;
only the office of the claim's jurisdiction decides (services.access)."""
from dataclasses import dataclass
from typing import ClassVar

from flask import request, url_for
from flask_login import current_user

from ..models import CLAIM_STATUSES, CLAIM_SUBMITTED, LINE_KINDS, LINE_STATES, Claim, Employer
from ..reference.ids import parse_id
from ..services import access, claims, clock, lists, money
from ..services.errors import Conflict, FieldProblems
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp
from .subsidy_forms import TokenForm

CLAIMS_FRAGMENTS = {"claims": "claims"}
DONE = {"decided": "审核完成。已通过的项目将纳入本机构下一批公示；退回的项目，单位更正后可以重新申请。"}
NOT_TICKED = "填写了退回原因，但没有勾选“退回”：要退回这一项请勾选，不退回请删去原因"
ORDER = (Claim.status.desc(), Claim.submitted_at, Claim.id)


@dataclass(frozen=True)
class ClaimFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("status",)
    status: str = ""


def period_of(claim: Claim) -> str:
    """'2026年第3季度（07月—09月）' for a quarter, else the two dates."""
    quarter = claims.quarter(f"{claim.period_from.year}Q{(claim.period_from.month + 2) // 3}")
    if quarter and (quarter.first, quarter.last) == (claim.period_from, claim.period_to):
        return quarter.label
    return f"{claim.period_from:%Y-%m-%d} 至 {claim.period_to:%Y-%m-%d}"


@bp.get("/claims/")
def claims_list():
    """The claims of the office's jurisdiction, 20 a page; htmx swaps the list."""
    read = lists.Reader(request.args)
    asked = read.filters(ClaimFilters, read.choice("status", CLAIM_STATUSES, "审核状态无效，已显示全部申请。"))
    filters, found, total = lists.page_of(claims.for_office(current_user, asked.status or None), asked, *ORDER,
                                          joined=claims.with_unit)
    rows = claims.totals_of(list(found))
    return htmx.render("review/claims.html", CLAIMS_FRAGMENTS, result=lists.ListPage(filters, rows, total),
                       filters=filters, statuses=CLAIM_STATUSES, office=access.office_name(current_user),
                       period_of=period_of, yuan=money.yuan)


def _returns(form, claim_lines) -> tuple[dict[int, str], dict[str, str]]:
    """(line id → reason, for each line ticked 退回), and what the service cannot see: a reason
    typed for a line not ticked, or a ticked value that is no line's id."""
    returns, problems = {}, {}
    for value in form.getlist("return"):
        line_id = parse_id(value)
        if line_id is None:
            problems["lines"] = "退回的项目不属于这份申请，请刷新后重试"
        else:
            returns[line_id] = form.get(f"reason-{line_id}", "")
    for line in claim_lines:
        if line.id not in returns and form.get(f"reason-{line.id}", "").strip():
            problems[f"reason-{line.id}"] = NOT_TICKED
    return returns, problems


@bp.route("/claims/<id:claim_id>", methods=["GET", "POST"])
@form_checks_csrf
def claim(claim_id: int):
    """One claim; its office approves it once, returning the lines ticked (a second click, or
    another reviewer's, is told it was decided and changes nothing)."""
    query = Claim.select(Claim, Employer).join(Employer)
    found = access.load(current_user, query, claim_id, change=request.method == "POST")
    form, errors, problem = TokenForm(), {}, None
    if form.validate_on_submit():
        claim_lines = claims.lines(found)
        returns, errors = _returns(request.form, claim_lines) if found.status == CLAIM_SUBMITTED else ({}, {})
        try:
            if not errors:
                claims.decide(current_user, found, returns, clock.now())
                return htmx.redirect(url_for("review.claim", claim_id=found.id, done="decided"))
        except FieldProblems as refused:
            errors = refused.errors
        except Conflict as refused:
            problem = refused.message
            found = access.load(current_user, query, claim_id)
    status = 409 if problem else 422 if (errors or form.errors) else 200
    claim_lines = claims.lines(found)
    return htmx.render(
        "review/claim.html", status_code=status, claim=found, lines=claim_lines, totals=claims.totals(claim_lines),
        can_decide=access.can_change(current_user, found.region_id) and found.status == CLAIM_SUBMITTED,
        form=form, errors=errors, problem=problem, typed=request.form, done=DONE.get(request.args.get("done", "")),
        period=period_of(found), kinds=LINE_KINDS, states=LINE_STATES, statuses=CLAIM_STATUSES, yuan=money.yuan,
    )
