"""就业见习人员申请: the form, its upload rows, and the 申报成功 confirmation."""
import uuid

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ..auth.guards import role_required
from ..models import APPLICATION_REJECTED, ATTACHMENT_KINDS, ROLE_APPLICANT, Application
from ..ops import storage
from ..reference import regions
from ..services import applications, attachments, clock, eligibility, idcard
from ..services.errors import Conflict, NotEligible, UploadError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .forms import ApplicationForm

bp = Blueprint("apply", __name__, url_prefix="/apply")
bp.before_request(role_required(ROLE_APPLICANT))

FORM_FRAGMENTS = {"apply-form": "apply_form"}


@bp.route("/", methods=["GET", "POST"])
@form_checks_csrf
def form():
    """The form; on submit everything is checked again here, whatever the browser did."""
    answered = _answered_already(request.form.get("submission_key", ""))
    if answered is not None:
        return answered
    if request.method == "GET":
        return _render_form(ApplicationForm(data=_prefill()), attachments.latest_by_kind(current_user), {})
    application_form = ApplicationForm()
    chosen, upload_errors = _collect_attachments()
    if request.form.get("edit"):
        return _render_form(application_form, chosen, upload_errors)
    valid = application_form.validate()
    # Every mistake at once: the attachments the chosen category needs, whatever else is wrong.
    upload_errors = {**applications.missing_attachments(application_form.category.data, chosen), **upload_errors}
    if not valid or upload_errors:
        return _render_form(application_form, chosen, upload_errors, status=422)
    try:
        application = applications.submit(
            current_user, _data(application_form), chosen, application_form.submission_key.data, clock.now()
        )
    except NotEligible as error:  # for htmx the explanation takes the form's place
        return htmx.render(
            "apply/ineligible.html", {"apply-form": "ineligible"}, error=error, form=application_form, chosen=chosen
        )
    except Conflict:  # another tab submitted first: the page says why
        return htmx.redirect(url_for("apply.form"))
    return _submitted(application)


def _answered_already(submission_key: str):
    """The answer when this person may not fill in the form now, or None when they may.

    A resend or double click of a submitted form gets the first submission's answer again;
    someone with a 未审核 or 审核通过 application is told so.
    """
    earlier = applications.by_submission_key(current_user, submission_key)
    if earlier is not None:
        return _submitted(earlier)
    active = applications.active_application(current_user)
    if active is None:
        return None
    if submission_key and active.submission_key == submission_key:  # the first click committed meanwhile
        return _submitted(active)
    if htmx.is_htmx():  # a whole page says why, not a fragment inside the old form
        return htmx.redirect(url_for("apply.form"))
    return htmx.render("apply/already.html", application=active)


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
                    current_user, kind, upload.stream, upload.filename, storage.current()
                )
            except UploadError as error:
                errors[kind] = error.message
            else:
                continue
        # The row's earlier file stays chosen, even when a replacement just failed.
        attachment = attachments.owned(current_user, request.form.get(f"attachment_{kind}"), kind)
        if attachment:
            chosen[kind] = attachment
    return chosen, errors


def _render_form(application_form: ApplicationForm, chosen: dict, upload_errors: dict, status: int = 200):
    if not application_form.submission_key.data:
        application_form.submission_key.data = str(uuid.uuid4())
    person = idcard.parse(current_user.id_number, clock.today())
    last = applications.latest(current_user)
    return htmx.render(
        "apply/form.html",
        FORM_FRAGMENTS,
        status_code=status,
        form=application_form,
        person=person,
        verdicts=eligibility.assess(person.birth_date, application_form.graduation_month.data or "", clock.today()),
        first_time=last is None,
        rejected=last if last is not None and last.status == APPLICATION_REJECTED else None,
        reupload=applications.files_to_replace(last),
        chosen=chosen,
        upload_errors=upload_errors,
        kinds=ATTACHMENT_KINDS,
        required=applications.REQUIRED_KINDS,
        human_size=attachments.human_size,
    )


def _data(application_form: ApplicationForm) -> applications.ApplicationData:
    fields = applications.ApplicationData.__dataclass_fields__
    return applications.ApplicationData(**{name: application_form[name].data or "" for name in fields})


def _submitted(application: Application):
    """申报成功: a dialog over the form for htmx, a bookmarkable page otherwise (PRG)."""
    if htmx.is_htmx():
        return htmx.retarget(htmx.fragment("apply/done.html", "dialog", application=application), "#dialog-slot")
    return htmx.redirect(url_for("apply.done", reference=application.reference))


@bp.get("/done/<reference>")
def done(reference: str):
    """The confirmation page: reference number and what happens next."""
    application = Application.get_or_none(
        (Application.reference == reference) & (Application.user == current_user.id)
    )
    if application is None:
        abort(404)
    return render_template("apply/done.html", application=application)


@bp.get("/eligibility")
def eligibility_check():
    """Both 人员类别 judged for the graduation month typed so far, before anything is uploaded."""
    person = idcard.parse(current_user.id_number, clock.today())
    verdicts = eligibility.assess(person.birth_date, request.args.get("graduation_month", "").strip(), clock.today())
    return htmx.fragment("apply/_eligibility.html", verdicts=verdicts)


@bp.get("/jurisdictions")
def jurisdictions():
    """The 市本级-or-county select for the chosen city."""
    form_for_city = ApplicationForm(data={"city": request.args.get("city", "")})
    return htmx.fragment("apply/_jurisdiction_field.html", form=form_for_city)


@bp.post("/attachments/<kind>")
def upload(kind: str):
    """One row's file, uploaded on its own as soon as it is chosen."""
    if kind not in ATTACHMENT_KINDS:
        abort(404)
    attachment, error = _receive(kind)
    if not htmx.is_htmx():
        return htmx.redirect(url_for("apply.form"))
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
            current_user, kind, upload.stream, upload.filename, storage.current()
        )
        return stored, None
    except UploadError as failure:
        return None, failure.message


@bp.post("/attachments/<id:attachment_id>/delete")
def delete_attachment(attachment_id: int):
    """删除: the row goes back to empty. Without JavaScript the whole form came along; show it again."""
    removed = attachments.remove(current_user, attachment_id)
    if not htmx.is_htmx():
        chosen, upload_errors = _collect_attachments()
        chosen = {k: a for k, a in chosen.items() if a.id != attachment_id}
        return _render_form(ApplicationForm(), chosen, upload_errors)
    if removed is None:
        abort(404)
    return _row(removed.kind, None, None)


def _row(kind, attachment, error):
    return htmx.fragment(
        "apply/_upload_row.html",
        kind=kind,
        label=ATTACHMENT_KINDS[kind],
        attachment=attachment,
        error=error,
        required=applications.REQUIRED_KINDS,
        human_size=attachments.human_size,
    )

