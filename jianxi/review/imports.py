"""批量导入 under /review/import: upload a CSV, see the dry run (新增 / 更新 / 错误, every bad row),
then confirm; the confirmed file is written in one transaction."""
from flask import Response, abort, request
from flask_login import current_user
from flask_wtf import FlaskForm

from ..services import access, clock, imports
from ..services.errors import Conflict, UnreadableFile
from ..web import htmx
from ..web.csrf import form_checks_csrf
from ..web.fields import EmptyForm
from .blueprint import bp

PREVIEW_MAX = 200  # rows of the dry run's preview on the page; a big file's counts say the rest


@bp.route("/import", methods=["GET", "POST"])
@form_checks_csrf
def import_positions():
    """Upload, then the dry run: nothing is written yet."""
    if access.own_office(current_user) is None:
        abort(403)
    form = FlaskForm()
    if request.method == "GET":
        return _page("upload", form)
    upload = request.files.get("file")
    if not form.validate_on_submit():
        return _page("upload", form, problem="页面已过期，请重新选择文件上传。", status_code=422)
    if upload is None or not upload.filename:
        return _page("upload", form, problem="请选择要导入的CSV文件", status_code=422)
    data = upload.stream.read(imports.MAX_BYTES + 1)
    token = imports.keep_draft(current_user, upload.filename, data, clock.now())
    return _dry_run(token, data)


def _dry_run(token: str, data: bytes):
    try:
        plan = imports.plan(imports.read(data), clock.today(), current_user)
    except UnreadableFile as error:
        return _page("upload", FlaskForm(), problem=error.message, status_code=422)
    return _page("plan", EmptyForm(), plan=plan, token=token, status_code=422 if plan.problems else 200)


@bp.post("/import/confirm")
def confirm_import():
    """确认导入: the kept file is checked again (data may have changed) and written all or nothing."""
    kept = imports.draft(current_user, request.form.get("token", ""))
    if kept is None:  # someone else's token finds nothing either
        return _page("upload", FlaskForm(), problem="找不到要确认的文件：它已经导入，或上传已超过一天。请重新上传。",
                     status_code=409)
    data = bytes(kept.content)
    try:
        plan = imports.plan(imports.read(data), clock.today(), current_user)
    except UnreadableFile as error:
        return _page("upload", FlaskForm(), problem=error.message, status_code=422)
    if not plan.ready:
        return _page("plan", EmptyForm(), plan=plan, token=kept.token, status_code=422)
    try:
        created, updated = imports.apply(plan, clock.now(), current_user, draft=kept)
    except Conflict as twice:
        return _page("upload", FlaskForm(), problem=twice.message, status_code=409)
    return _page("done", None, created=created, updated=updated, unchanged=plan.unchanged)


@bp.get("/import/template.csv")
def import_template():
    """The column layout with Chinese headers and an example row, ready for Excel."""
    response = Response(imports.template().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=positions-template.csv"
    return response


def _page(step: str, form, status_code: int = 200, **context):
    return htmx.render(
        "review/import.html", status_code=status_code, step=step, form=form, columns=imports.COLUMNS,
        example=imports.EXAMPLE, max_rows=imports.MAX_ROWS, preview_max=PREVIEW_MAX, problem=context.pop("problem", None),
        **context,
    )
