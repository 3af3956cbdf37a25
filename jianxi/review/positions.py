"""见习岗位 under /review/positions/: the office's positions with 收藏人数, publish, edit,
结束招募 (a dialog with htmx, a page without), 重新开放, and each position's 意向人员; 待审核 lists
what units proposed (each opened by review.proposals)."""
from flask import abort, request, url_for
from flask_login import current_user

from ..forms.positions import CloseForm
from ..forms.saving import save_or_show
from ..reference.codes import APPLICANT_EDUCATION
from ..services import access, clock, exports
from ..services import employers as employer_service
from ..services import positions as service
from ..services.errors import Conflict, ServiceError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from ..web.spreadsheets import csv_download
from .blueprint import bp
from .forms import PositionForm

LIST_FRAGMENTS = {"positions": "list"}


@bp.get("/positions/")
def positions():
    """The positions the office may view, with 招收人数 beside 收藏人数, or (待审核) what units proposed;
    htmx swaps the list."""
    filters = service.parse_filters(current_user, request.args)
    return htmx.render(
        "review/positions.html", LIST_FRAGMENTS, result=service.search(current_user, filters, clock.today()),
        employers=employer_service.choices(current_user), statuses=service.STATUS_FILTERS, today=clock.today(),
        waiting=service.waiting_count(current_user),
    )


def _position_form(position=None) -> PositionForm:
    form = PositionForm(obj=position, employer=str(position.employer_id) if position else "")
    if position and request.method == "GET":
        form.deadline.data = position.deadline.isoformat()
    form.employer.choices = [("", "请选择")] + [(str(e.id), e.name) for e in employer_service.choices(current_user)]
    return form


@bp.route("/positions/new", methods=["GET", "POST"])
@form_checks_csrf
def new_position():
    """发布见习岗位 for one of the office's employers; it shows in the public search at once."""
    if access.own_office(current_user) is None:
        abort(403)
    form = _position_form()

    def save():
        data, reference, errors = service.check_form(current_user, form.raw(), clock.today())
        if errors:
            return errors
        created = service.create(current_user, form.employer.data, data, clock.now(), external_ref=reference)
        return url_for("review.position", position_id=created.id, saved=1)

    return save_or_show(form, save, "review/position_form.html", position=None)


@bp.route("/positions/<id:position_id>/edit", methods=["GET", "POST"])
@form_checks_csrf
def edit_position(position_id: int):
    position = service.changeable(current_user, position_id)
    form = _position_form(position)

    def save():
        publishing = position.status == "open"  # a closed position may keep a past deadline
        data, reference, errors = service.check_form(current_user, form.raw(), clock.today(), publishing, position.id)
        if errors:
            return errors
        service.update(current_user, position.id, form.employer.data, data, clock.now(), external_ref=reference)
        return url_for("review.position", position_id=position.id, saved=1)

    return save_or_show(form, save, "review/position_form.html", position=position)


@bp.get("/positions/<id:position_id>")
def position(position_id: int):
    """The position as the office sees it, with its 意向人员 when it is the office's own."""
    found = service.viewable(current_user, position_id)
    return _position_page(found)


def _position_page(found, error=None, status_code=200):
    mine = access.can_see_interested(current_user, found)
    return htmx.render(
        "review/position.html", status_code=status_code, position=found, mine=mine, error=error,
        interested=service.interested(current_user, found) if mine else [], today=clock.today(),
        saved=request.args.get("saved"), form=EmptyForm(),
    )


@bp.route("/positions/<id:position_id>/close", methods=["GET", "POST"])
def close_position(position_id: int):
    """结束招募 with a reason (其他 in words): a page, or with htmx the same form in a <dialog>."""
    found = service.changeable(current_user, position_id)
    form = CloseForm()
    if request.method == "POST":
        try:
            service.close(current_user, found.id, form.reason.data or "", clock.now(), note=form.other_reason.data)
        except Conflict as conflict:
            return _position_page(found, conflict.message, 409)
        except ServiceError as problem:
            form[problem.field or "reason"].errors = [problem.message]
        else:
            return htmx.redirect(url_for("review.position", position_id=found.id))
    return htmx.render(
        "review/close.html", {"dialog-slot": "dialog"}, status_code=422 if form.errors else 200,
        position=found, form=form,
    )


@bp.post("/positions/<id:position_id>/reopen")
def reopen_position(position_id: int):
    """重新开放: only before the deadline."""
    found = service.changeable(current_user, position_id)
    try:
        service.reopen(current_user, found.id, clock.now())
    except Conflict as conflict:
        return _position_page(found, conflict.message, 409)
    return htmx.redirect(url_for("review.position", position_id=found.id))


INTERESTED_HEADER = ("姓名", "手机号码", "学历", "毕业院校", "收藏时间")


@bp.get("/positions/<id:position_id>/interested.csv")
def interested_csv(position_id: int):
    """意向人员 as a spreadsheet, for the office of the position's jurisdiction only."""
    found = service.viewable(current_user, position_id)
    if not access.can_see_interested(current_user, found):
        abort(404)
    rows = (
        (exports.cell(p.name), exports.as_text(p.mobile), APPLICANT_EDUCATION.get(p.education, ""),
         exports.cell(p.school), f"{p.at:%Y-%m-%d %H:%M}")
        for p in service.interested(current_user, found)
    )
    return csv_download(f"interested-{found.id}.csv", INTERESTED_HEADER, rows)
