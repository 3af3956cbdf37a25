"""见习补贴标准 under /admin/subsidy-rules: every rule place by place (现行, 待执行, 已被取代), add or
change one, remove one not yet in force. Operators only (the blueprint's guard, admin/views.py)."""
from dataclasses import astuple

from flask import request, url_for
from flask_login import current_user

from ..forms.saving import save_or_show
from ..models import PROVINCE
from ..services import clock, money, subsidy_rules
from ..services.errors import Conflict
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .forms import SubsidyRuleForm
from .views import bp

TEMPLATE = "admin/subsidy_rules.html"


@bp.route("/subsidy-rules", methods=["GET", "POST"], endpoint="subsidy_rules")
@form_checks_csrf
def subsidy_rules_page():
    """The table, and the form that adds a rule or changes the one of the same place and date."""
    form = SubsidyRuleForm(**({"region": PROVINCE} | _prefill(request.args)))

    def save():
        entry, errors = subsidy_rules.parse(form.raw())
        if errors:
            return errors
        row, _ = subsidy_rules.record(current_user, *astuple(entry), clock.now())
        return url_for("admin.subsidy_rules", saved=row.id)

    return save_or_show(form, save, TEMPLATE, **_page())


@bp.post("/subsidy-rules/<id:rule_id>/remove")
def remove_subsidy_rule(rule_id: int):
    """Remove a rule not yet in force; one already in force is refused on the page, with why."""
    try:
        row = subsidy_rules.remove(current_user, rule_id, clock.today(), clock.now())
    except Conflict as error:
        form = SubsidyRuleForm(formdata=None, region=PROVINCE)
        return htmx.render(TEMPLATE, status_code=409, form=form, problem=error.message, **_page())
    removed = f"{subsidy_rules.place_name(row.region_code)} 自{row.effective_from}起的规则"
    return htmx.redirect(url_for("admin.subsidy_rules", removed=removed))


def _prefill(args) -> dict:
    """?edit=<id>: the form filled with that rule, to change it; ?region=<code>: that place chosen."""
    if args.get("edit", "").isdigit():
        row = subsidy_rules.get(int(args["edit"]))
        retention = (row.retention_rate_percent, row.retention_share_percent)
        return {"region": row.region_code, "effective_from": row.effective_from.isoformat(),
                "share_percent": str(row.share_percent), "insurance_cap_yuan": money.plain_yuan(row.insurance_cap_fen),
                "pays_remaining": row.pays_remaining, "source": row.source, "demo": row.demo,
                "retention_rate_percent": "" if retention[0] is None else str(retention[0]),
                "retention_share_percent": "" if retention[1] is None else str(retention[1])}
    if subsidy_rules.is_place(args.get("region", "")):
        return {"region": args["region"]}
    return {}


def _page() -> dict:
    saved = request.args.get("saved", "")
    return {
        "rows": subsidy_rules.table(clock.today()), "removed": request.args.get("removed", ""),
        "saved": subsidy_rules.find(int(saved)) if saved.isdigit() else None, "remove_form": EmptyForm(),
        "place_name": subsidy_rules.place_name, "retention_text": subsidy_rules.retention_text, "yuan": money.yuan,
    }
