"""就业见习人员申请: the form, its upload rows, and the 申报成功 confirmation."""
import uuid

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from .. import htmx, regions
from ..auth.guards import role_required
from ..csrf import form_checks_csrf
from ..models import ATTACHMENT_KINDS, ROLE_APPLICANT, Application
from ..reference import APPLICANT_EDUCATION, CATEGORIES, ETHNICITIES
from ..services import applications, attachments, clock, idcard
from ..services.errors import Conflict, ServiceError
from .forms import ApplicationForm

bp = Blueprint("application", __name__, url_prefix="/apply")
bp.before_request(role_required(ROLE_APPLICANT))


def _prefill() -> dict:
    """The last application's answers (applying again), else what the account knows."""
    last = applications.latest(current_user)
    if last is None:
        return {"mobile": current_user.mobile}
    data = {field: getattr(last, field) for field in (
        "ethnicity", "education", "school", "major", "graduation_month", "category",
        "employment_card_no", "mobile", "household", "address",
    )}
    data.update(city=regions.city_of(last.jurisdiction_id), jurisdiction=last.jurisdiction_id)
    return data


def _collect_attachments() -> tuple[dict, dict]:
    """Files sent with the form (no JavaScript) are stored; otherwise the rows' attachment ids."""
    chosen, errors = {}, {}
    for kind in ATTACHMENT_KINDS:
        upload = request.files.get(f"file_{kind}")
        if upload is not None and upload.filename:
            try:
                chosen[kind] = attachments.store(
                    current_user, kind, upload.stream, upload.filename, current_app.config["UPLOAD_DIR"]
                )
            except attachments.UploadError as error:
                errors[kind] = error.message
            else:
                continue
        # The row's earlier file stays chosen, even when a replacement just failed.
        attachment = attachments.owned(current_user, request.form.get(f"attachment_{kind}"), kind)
        if attachment:
            chosen[kind] = attachment
    return chosen, errors


def _render_form(form, chosen, upload_errors, status=200):
    # htmx 2 swaps 2xx by default; a plain browser gets 422 so scripts and caches see the failure.
    status = 200 if htmx.is_htmx() else status
    person = idcard.parse(current_user.id_number, clock.today())
    body = htmx.render(
        "application/form.html",
        {"apply-form": "apply_form"},
        form=form,
        person=person,
        chosen=chosen,
        upload_errors=upload_errors,
        kinds=ATTACHMENT_KINDS,
        required=applications.REQUIRED_KINDS,
        human_size=attachments.human_size,
    )
    return body, status


@bp.route("/", methods=["GET", "POST"])
@form_checks_csrf
def form():
    """The form; on submit everything is checked again here, whatever the browser did."""
    key = request.form.get("submission_key", "")
    resent = applications.by_submission_key(current_user, key)
    if resent is not None:  # a double click or a resend: the first submission's answer again
        return _submitted(resent)
    active = applications.active_application(current_user)
    if active is not None:
        if key and active.submission_key == key:  # the first click committed in the meantime
            return _submitted(active)
        if htmx.is_htmx():  # a whole page says why, not a fragment inside the old form
            return htmx.redirect(url_for("application.form"))
        return render_template("application/already.html", application=active)
    if request.method == "GET":
        form = ApplicationForm(data=_prefill())
        form.submission_key.data = str(uuid.uuid4())
        return _render_form(form, attachments.latest_by_kind(current_user), {})
    form = ApplicationForm()
    chosen, upload_errors = _collect_attachments()
    if request.form.get("edit"):
        return _render_form(form, chosen, upload_errors)
    valid = form.validate()
    if valid and form.category.data in applications.REQUIRED_KINDS:
        for kind in applications.REQUIRED_KINDS[form.category.data]:
            if kind not in chosen and kind not in upload_errors:
                upload_errors[kind] = f"请上传{ATTACHMENT_KINDS[kind]}"
    if not valid or upload_errors:
        return _render_form(form, chosen, upload_errors, status=422)
    try:
        application = applications.submit(
            current_user, _data(form), chosen, form.submission_key.data or str(uuid.uuid4()), clock.now()
        )
    except applications.NotEligible as error:
        # For htmx the explanation takes the form's place; its 返回修改 brings the form back.
        return htmx.render(
            "application/ineligible.html", {"apply-form": "ineligible"}, error=error, form=form, chosen=chosen
        )
    except Conflict:  # another tab submitted first
        url = url_for("application.form")
        return htmx.redirect(url) if htmx.is_htmx() else redirect(url, code=303)
    except ServiceError as error:
        if error.field not in ATTACHMENT_KINDS:
            raise
        upload_errors[error.field] = error.message
        return _render_form(form, chosen, upload_errors, status=422)
    return _submitted(application)


def _data(form) -> applications.ApplicationData:
    return applications.ApplicationData(
        **{name: form[name].data or "" for name in applications.ApplicationData.__dataclass_fields__}
    )


def _submitted(application: Application):
    """申报成功: a dialog over the form for htmx, a bookmarkable page otherwise (PRG)."""
    if htmx.is_htmx():
        body = htmx.render_block("application/done.html", "dialog", application=application)
        return htmx.retarget(make_response(body), "#dialog-slot")
    return redirect(url_for("application.done", reference=application.reference), code=303)


@bp.get("/done/<reference>")
def done(reference: str):
    """The confirmation page: reference number and what happens next."""
    application = Application.get_or_none(
        (Application.reference == reference) & (Application.user == current_user.id)
    )
    if application is None:
        abort(404)
    return render_template("application/done.html", application=application)


@bp.get("/jurisdictions")
def jurisdictions():
    """The 市本级-or-county select for the chosen city."""
    form = ApplicationForm(data={"city": request.args.get("city", "")})
    return render_template("application/_jurisdiction_field.html", form=form)


@bp.post("/attachments/<kind>")
def upload(kind: str):
    """One row's file, uploaded on its own as soon as it is chosen."""
    if kind not in ATTACHMENT_KINDS:
        abort(404)
    attachment, error = _receive(kind)
    if not htmx.is_htmx():
        return redirect(url_for("application.form"), code=303)
    if error and error not in (attachments.TOO_BIG, attachments.INTERRUPTED):
        # A failed replacement keeps the row's earlier file (only read from a body that arrived whole).
        attachment = attachments.owned(current_user, request.form.get(f"attachment_{kind}"), kind)
    return _row(kind, attachment, error)


def _receive(kind: str):
    """(the stored attachment, None) or (None, the Chinese reason it was not stored)."""
    if (request.content_length or 0) > attachments.MAX_BYTES + 64 * 1024:
        return None, attachments.TOO_BIG  # judged from the declared length; the body is never read
    try:
        upload = request.files.get(f"file_{kind}")
    except BadRequest:  # the connection dropped before the body was whole
        upload = None
    if upload is None and request.content_length:
        return None, attachments.INTERRUPTED  # a body came, but no whole file part in it
    if upload is None or not upload.filename:
        return None, "请选择要上传的文件"
    try:
        stored = attachments.store(
            current_user, kind, upload.stream, upload.filename, current_app.config["UPLOAD_DIR"]
        )
        return stored, None
    except attachments.UploadError as failure:
        return None, failure.message


@bp.post("/attachments/<int:attachment_id>/delete")
def delete_attachment(attachment_id: int):
    """删除: the row goes back to empty. Without JavaScript the whole form came along; show it again."""
    removed = attachments.remove(current_user, attachment_id)
    if not htmx.is_htmx():
        form = ApplicationForm()
        chosen, upload_errors = _collect_attachments()
        chosen = {k: a for k, a in chosen.items() if a.id != attachment_id}
        return _render_form(form, chosen, upload_errors)
    if removed is None:
        abort(404)
    return _row(removed.kind, None, None)


def _row(kind, attachment, error):
    return render_template(
        "application/_upload_row.html",
        kind=kind,
        label=ATTACHMENT_KINDS[kind],
        attachment=attachment,
        error=error,
        required=applications.REQUIRED_KINDS,
        human_size=attachments.human_size,
    )


@bp.app_context_processor
def _code_lists():
    return {"ETHNICITIES": ETHNICITIES, "APPLICANT_EDUCATION": APPLICANT_EDUCATION, "CATEGORIES": CATEGORIES}
