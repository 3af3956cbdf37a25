"""公示与拨付 under /review/batches/: the office's numbered batches, a preview of the next one from its
approved claims and 发布公示; each batch's lines by unit, an objection per line while the window is
open (异议暂缓), the payment after it, and the batch's every line as .xlsx or CSV (audited).
A city office views its counties' batches; only the office that published a batch changes it."""
from flask import request, url_for
from flask_login import current_user

from ..models import BATCH_PUBLISHED, BATCH_STATUSES, LINE_APPROVED, LINE_KINDS, LINE_STATES, PUBLICITY_DAYS, Batch
from ..reference.ids import parse_id
from ..services import access, batch_sheets, batches, claims, clock, lists, money
from ..services.errors import Conflict, FieldProblems, NotAllowed
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.spreadsheets import csv_download, xlsx_download
from .blueprint import bp
from .claims import period_of
from .subsidy_forms import PayForm, PublishForm, TokenForm

DONE = {
    "published": "已发布公示。公示期满后，在本页登记拨付；公示期内收到异议的，在对应项目上登记异议。",
    "objection": "已登记异议，该项暂缓拨付。",
    "paid": "已登记拨付，本批已通过的项目均为已拨付。",
}
ORDER = (Batch.published_on.desc(), Batch.id.desc())
BATCHES_FRAGMENTS = {"batches": "batches"}


def _preview(office: str | None) -> list[tuple]:
    """What the office's next batch would hold: (claim, its totals) of each approved claim not yet in one."""
    return claims.totals_of(list(batches.ready(office))) if office else []


@bp.route("/batches/", methods=["GET", "POST"])
@form_checks_csrf
def batches_list():
    """The office's batches, newest first, 20 a page, and 发布公示 of its ready claims."""
    office = access.own_office(current_user)
    if request.method == "POST" and office is None:
        raise NotAllowed("只有经办机构可以发布公示")
    form, problem = PublishForm(), None
    if form.validate_on_submit():
        try:
            batch = batches.publish(current_user, form.contact.data or "", clock.today(), clock.now())
            return htmx.redirect(url_for("review.batch", batch_id=batch.id, done="published"))
        except FieldProblems as refused:
            form.show(refused.errors)
        except Conflict as refused:
            problem = refused.message
    filters, found, total = lists.page_of(batches.for_office(current_user), lists.Reader(request.args).filters(
        lists.Filters), *ORDER)
    preview = _preview(office)
    status = 409 if problem else 422 if form.errors else 200
    return htmx.render(
        "review/batches.html", BATCHES_FRAGMENTS, status_code=status, result=lists.ListPage(filters, found, total),
        shown={batch.id: batches.publicity(batch) for batch in found}, preview=preview,
        preview_fen=sum(totals.approved_fen for _, totals in preview), form=form, problem=problem,
        office=access.office_name(current_user), can_publish=office is not None, statuses=BATCH_STATUSES,
        today=clock.today(), period_of=period_of, yuan=money.yuan,
    )


def _by_unit(batch_lines) -> list[tuple]:
    """The batch's lines (in the service's order, by unit name) as (unit, its lines) pairs."""
    groups = {}
    for line in batch_lines:
        groups.setdefault(line.claim.employer_id, (line.claim.employer, []))[1].append(line)
    return list(groups.values())


def _page(found: Batch, status: int = 200, **context):
    today = clock.today()
    mine = access.can_change(current_user, found.region_id)
    is_open = batches.in_window(found, today)
    return htmx.render(
        "review/batch.html", status_code=status, batch=found, units=_by_unit(batches.lines(found)),
        shown=batches.publicity(found), today=today, open=is_open, days=PUBLICITY_DAYS, can_object=mine and is_open,
        can_pay=mine and found.status == BATCH_PUBLISHED and not is_open,
        token=TokenForm(formdata=None), pay_form=context.pop("pay_form", None) or PayForm(formdata=None),
        errors=context.pop("errors", {}), typed=request.form, problem=context.pop("problem", None),
        done=DONE.get(request.args.get("done", "")), statuses=BATCH_STATUSES, kinds=LINE_KINDS, states=LINE_STATES,
        approved=LINE_APPROVED, yuan=money.yuan, **context,
    )


@bp.get("/batches/<id:batch_id>")
def batch(batch_id: int):
    return _page(batches.office_batch(current_user, batch_id))


def _to_change(batch_id: int) -> Batch:
    """The batch, for the office that published it (a city office viewing a county's: 403)."""
    return access.load(current_user, Batch.select(), batch_id, change=True)


@bp.post("/batches/<id:batch_id>/objections")
@form_checks_csrf
def object_to(batch_id: int):
    """An objection received in the window holds its line back (异议暂缓); the reason is required."""
    found = _to_change(batch_id)
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(found, 422, problem="页面已过期，请检查填写的内容后再提交一次。")
    line_id = parse_id(request.form.get("line"))
    if line_id is None:
        return _page(found, 422, problem="没有找到要登记异议的项目，请刷新后重试。")
    try:
        batches.object_to(current_user, found, line_id, request.form.get(f"reason-{line_id}", ""), clock.today(),
                          clock.now())
    except FieldProblems as refused:
        return _page(found, 422, errors=refused.errors)
    except Conflict as refused:
        return _page(batches.office_batch(current_user, batch_id), 409, problem=refused.message)
    return htmx.redirect(url_for("review.batch", batch_id=found.id, done="objection"))


@bp.post("/batches/<id:batch_id>/pay")
@form_checks_csrf
def pay(batch_id: int):
    """拨付, once, after the window: the date and the voucher number."""
    found = _to_change(batch_id)
    form = PayForm()
    if not form.validate_on_submit():
        return _page(found, 422, pay_form=form)
    try:
        batches.pay(current_user, found, form.raw(), clock.today(), clock.now())
    except FieldProblems as refused:
        form.show(refused.errors)
        return _page(found, 422, pay_form=form)
    except Conflict as refused:
        return _page(batches.office_batch(current_user, batch_id), 409, pay_form=form, problem=refused.message)
    return htmx.redirect(url_for("review.batch", batch_id=found.id, done="paid"))


@bp.get("/batches/<id:batch_id>.xlsx")
def batch_xlsx(batch_id: int):
    """Every line of the batch, names in full, as an Excel workbook (audited)."""
    return _download(batch_id, "xlsx")


@bp.get("/batches/<id:batch_id>.csv")
def batch_csv(batch_id: int):
    """Every line of the batch, names in full, as CSV in UTF-8 with a BOM (audited)."""
    return _download(batch_id, "csv")


def _download(batch_id: int, extension: str):
    found = batches.office_batch(current_user, batch_id)
    batch_sheets.record_export(current_user, found, extension, clock.now())
    name, ascii_name = batch_sheets.file_names(found, "lines", extension)
    header, rows = batch_sheets.header(batch_sheets.OFFICE_COLUMNS), batch_sheets.office_rows(found)
    if extension == "csv":
        return csv_download(name, header, rows, ascii_name=ascii_name)
    return xlsx_download(name, header, rows, batch_sheets.widths(batch_sheets.OFFICE_COLUMNS), sheet="公示明细",
                         ascii_name=ascii_name)
