"""认定 at /unit/recognition: the form while the unit may edit it (保存草稿, 提交审核); what was
sent, read only, while the office decides or once granted; 办理进度 below either way."""
from flask import request, url_for
from flask_login import current_user

from ..models import EMPLOYER_RECOGNISED, LICENCE, RECOGNITION_EDITABLE, Attachment, Recognition
from ..ops import storage
from ..reference import regions
from ..reference.ids import parse_id
from ..services import attachments, clock
from ..services import recognition as service
from ..services.errors import ServiceError, UploadError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp, unit
from .forms import RecognitionForm

MENTOR_ROWS = 3  # rows offered at first; 添加一位 (a plain button, no script needed) adds one, up to MENTORS_MAX
MENTOR_KEYS = ("name", "title", "phone")
ACTIONS = ("save", "submit")


@bp.route("/recognition", methods=["GET", "POST"])
@form_checks_csrf
def recognition():
    """The form, or the application read only while it is 待审核 or 已认定."""
    own = unit()
    if own.status == EMPLOYER_RECOGNISED and service.find(own) is None:
        return htmx.render("unit/recognition.html", current=None)  # the office registered it 已认定: nothing to apply for
    current = service.current(own, clock.now())
    if current.status not in RECOGNITION_EDITABLE:  # sent meanwhile (another tab, a colleague): said, not saved
        refused = f"认定申请现在是“{current.status_label}”，不能修改，未做更改。" if request.method == "POST" else None
        return _page(current, conflict=refused)
    if request.method == "GET":
        return _page(current, RecognitionForm(data=_prefill(current)), _rows(_saved_mentors(current)), current.licence)
    return _post(current)


def _post(current: Recognition):
    """保存草稿, or 提交审核 (saved first, then sent if complete); any other button (添加一位, the
    city's counties without JavaScript) shows the form again as typed."""
    own, form, mentors, action = unit(), RecognitionForm(), _posted_mentors(), request.form.get("action")
    valid = form.validate_on_submit()  # the token first: nothing is stored from a forged request
    licence, problems = _licence(current, storing=valid)
    if not valid or action not in ACTIONS:
        return _page(current, form, _rows(mentors), licence, problems)
    data, errors = service.parse(form.raw(), mentors)
    if problems or errors:
        return _page(current, form, _rows(mentors), licence, problems | errors)
    licence_id = licence.id if licence else None
    try:
        service.save(current_user, own, data, licence_id, clock.now())
        missing = service.problems(data, licence_id) if action == "submit" else {}
        if action == "submit" and not missing:
            service.submit(current_user, own, clock.now())
    except ServiceError as refusal:  # sent or decided meanwhile, in another tab or by a colleague
        return _page(current, form, _rows(mentors), licence, conflict=refusal.message)
    if missing:
        return _page(current, form, _rows(mentors), licence, missing, saved=True)
    return htmx.redirect(url_for("unit.recognition", done=action))


def _page(current, form=None, mentors=(), licence=None, problems=None, conflict=None, saved=False):
    by_row = form.show(problems or {}) if form else {}  # 带教老师 rows' and the 营业执照's messages
    failed = bool(conflict or by_row or (form and form.errors))
    return htmx.render(
        "unit/recognition.html", status_code=(409 if conflict else 422) if failed else 200, current=current,
        form=form, mentors=mentors, licence=licence, by_row=by_row, conflict=conflict, saved=saved,
        done=request.args.get("done"), saved_mentors=service.mentors_of(current), steps=service.progress(current, True),
    )


def _prefill(current: Recognition) -> dict:
    data = {name: getattr(current, name) for name in
            ("unit_type", "industry", "address", "contact_person", "phone", "statement")}
    staff = current.insured_staff
    return data | {"insured_staff": "" if staff is None else str(staff), "region": current.region_id or "",
                   "city": regions.city_of(current.region_id) or "" if current.region_id else ""}


def _saved_mentors(current: Recognition) -> list[dict]:
    return [{key: getattr(m, key) for key in MENTOR_KEYS} for m in service.mentors_of(current)]


def _posted_mentors() -> list[dict]:
    return [{key: request.form.get(f"mentor-{n}-{key}", "") for key in MENTOR_KEYS}
            for n in range(1, service.MENTORS_MAX + 1)]


def _rows(mentors: list[dict]) -> list[dict]:
    """The rows to show, numbered as typed (a message names its row): up to the last one filled,
    at least MENTOR_ROWS, or as many as 添加一位 asked for."""
    last = max((n for n, m in enumerate(mentors, 1) if any(m.values())), default=0)
    count = min(service.MENTORS_MAX, max(MENTOR_ROWS, last, parse_id(request.form.get("rows")) or 0))
    return (list(mentors) + [dict.fromkeys(MENTOR_KEYS, "")] * service.MENTORS_MAX)[:count]


def _licence(current: Recognition, storing: bool) -> tuple[Attachment | None, dict[str, str]]:
    """The 营业执照 the form holds: a file just sent (stored), else the one it held (the application's,
    perhaps a colleague's upload, or one this person sent earlier); and why a file sent was refused."""
    upload = request.files.get("licence_file")
    refused = {}
    if storing and upload is not None and upload.filename:
        try:
            return attachments.store(current_user, LICENCE, upload.stream, upload.filename, storage.current()), {}
        except UploadError as error:
            refused = {"licence": f"营业执照：{error.message}"}
    held = parse_id(request.form.get("licence"))
    if held is not None and held == current.licence_id:
        return current.licence, refused
    return attachments.owned(current_user, held, LICENCE), refused
