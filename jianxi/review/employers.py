"""见习单位 under /review/employers/: search, register and edit the office's host employers."""
from flask import abort, request, url_for
from flask_login import current_user

from ..forms.saving import save_or_show
from ..reference import regions
from ..services import access, clock, rules
from ..services import employers as service
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp
from .forms import EmployerForm

LIST_FRAGMENTS = {"employers": "list"}


@bp.get("/employers/")
def employers():
    """The employers the office may view, by name or 统一社会信用代码; htmx swaps the list."""
    result = service.search(current_user, service.parse_filters(request.args))
    return htmx.render(
        "review/employers.html", LIST_FRAGMENTS, result=result,
        can_register=bool(access.new_employer_codes(current_user)), saved=request.args.get("saved"),
    )


@bp.route("/employers/new", methods=["GET", "POST"])
@form_checks_csrf
def new_employer():
    """登记见习单位: a county office for its county; a city office for its 市本级 or one of its counties."""
    codes = access.new_employer_codes(current_user)
    if not codes:
        abort(403)
    form = EmployerForm(region=codes[0])
    form.region.choices = [(code, regions.name_of(code)) for code in codes]

    def save():
        data, errors = rules.parse_employer(form.raw())
        if errors:
            return errors
        created = service.create(current_user, data, form.region.data, clock.now())
        return url_for("review.employers", saved=created.name)

    return save_or_show(form, save, "review/employer_form.html", employer=None)


@bp.route("/employers/<id:employer_id>/edit", methods=["GET", "POST"])
@form_checks_csrf
def edit_employer(employer_id: int):
    """修改见习单位: only the office that keeps it; its jurisdiction stays."""
    employer = service.changeable(current_user, employer_id)
    form = EmployerForm(obj=employer)
    form.region.choices = [(employer.region_id, regions.name_of(employer.region_id))]

    def save():
        data, errors = rules.parse_employer(form.raw())
        if errors:
            return errors
        service.update(current_user, employer.id, data, clock.now())
        return url_for("review.employers", saved=data.name)

    return save_or_show(form, save, "review/employer_form.html", employer=employer)
