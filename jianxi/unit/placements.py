"""本单位的见习人员 under /unit/placements/: each placement's 见习协议 (edit, confirm), its accident
insurance, 提交备案, and the timeline. Every id is checked to be the unit's own by the service."""
from flask import abort, request, url_for
from flask_login import current_user

from ..documents import agreement as agreement_document
from ..forms.placements import AssessForm, HireForm, InsuranceForm, LeaveForm, RetainForm, TermsForm, VersionForm
from ..forms.saving import save_or_show
from ..models import PLACEMENT_EDITABLE, POLICY
from ..ops import storage
from ..services import agreement_terms, attachments, clock, endings, money, placements, policies
from ..services.errors import Conflict, FieldProblems, UploadError
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp, unit

DONE = {
    "terms": "协议已保存为新版本，请确认；见习人员也需要重新确认。",
    "confirmed": "单位已确认协议。",
    "insured": "保险已登记。",
    "submitted": "已提交经办机构备案。",
    "leave": "已登记中途退出，见习结束。",
    "hire": "已登记提前留用，见习结束。",
    "assess": "已填写见习鉴定，见习期满结束；鉴定合格的，见习人员可以下载见习证明。",
    "retain": "已登记留用情况。",
}


@bp.get("/placements/")
def placements_list():
    return htmx.render("unit/placements.html", placements=placements.of_unit(unit()), today=clock.today())


def _page(placement, status_code=200, error=None, **forms):
    today = clock.today()
    return htmx.render(
        "unit/placement.html", status_code=status_code, placement=placement, today=today,
        insurance=policies.current(placement), events=placements.timeline(placement, today),
        missing=placements.submit_problems(placement), editable=placement.status in PLACEMENT_EDITABLE,
        can_retain=endings.can_retain(placement),
        done=DONE.get(request.args.get("done", "")), error=error, version_form=VersionForm(formdata=None),
        **forms,
    )


@bp.get("/placements/<id:placement_id>")
def placement(placement_id: int):
    return _page(placements.unit_placement(unit(), placement_id))


@bp.route("/placements/<id:placement_id>/agreement/edit", methods=["GET", "POST"])
@form_checks_csrf
def edit_terms(placement_id: int):
    """The agreement's terms: each save is a new version both parties confirm again."""
    found = placements.unit_placement(unit(), placement_id)
    form = TermsForm()
    mentors = agreement_terms.mentors_for(found)
    form.mentor.choices = [("", "请选择")] + [(str(m.number), f"{m.name}（{m.title}）") for m in mentors]
    if request.method == "GET":
        form.start_date.data = found.start_date.isoformat()
        form.months.data = str(found.months)
        form.allowance.data = money.plain_yuan(found.allowance_fen)
        form.mentor.data = next((str(m.number) for m in mentors if m.name == found.mentor_name), "")
        form.working_hours.data, form.duties.data, form.terms.data = found.working_hours, found.duties, found.terms
        form.version.data = str(found.version)

    def save():
        if found.status not in PLACEMENT_EDITABLE:
            raise Conflict("这条见习记录已提交备案，协议不能再修改。")
        try:
            terms = agreement_terms.parse_terms(found, form.raw(), clock.today())
        except FieldProblems as problems:
            return problems.errors
        agreement_terms.change_terms(current_user, found, terms, _version(form), clock.now())
        return url_for("unit.placement", placement_id=found.id, done="terms")

    return save_or_show(form, save, "unit/terms_form.html", placement=found, mentors=mentors)


def _version(form) -> int:
    raw = str(form.version.data or "")
    return int(raw) if raw.isdigit() else 0


@bp.post("/placements/<id:placement_id>/confirm")
@form_checks_csrf
def confirm(placement_id: int):
    found = placements.unit_placement(unit(), placement_id)
    form = VersionForm()
    if not form.validate_on_submit():
        return _page(found, 422, "页面已过期，请再确认一次。")
    try:
        agreement_terms.confirm(current_user, found, _version(form), True, clock.now())
    except Conflict as refusal:
        return _page(placements.unit_placement(unit(), placement_id), 409, refusal.message)
    return htmx.redirect(url_for("unit.placement", placement_id=found.id, done="confirmed"))


@bp.route("/placements/<id:placement_id>/insurance", methods=["GET", "POST"])
@form_checks_csrf
def insurance(placement_id: int):
    """登记保险: the policy's facts and its scan (JPG, PNG or PDF, checked as applicants' files are)."""
    found = placements.unit_placement(unit(), placement_id)
    current = policies.current(found)
    form = InsuranceForm()
    if request.method == "GET" and current is not None:
        form.insurer.data, form.policy_number.data = current.insurer, current.policy_number
        form.starts_on.data, form.ends_on.data = current.starts_on.isoformat(), current.ends_on.isoformat()
        form.premium.data = money.plain_yuan(current.premium_fen)
    elif request.method == "GET":
        form.starts_on.data, form.ends_on.data = found.start_date.isoformat(), found.end_date.isoformat()

    def save():
        if found.status not in PLACEMENT_EDITABLE:
            raise Conflict("这条见习记录已提交备案，保险不能再修改。")
        try:
            policy = policies.parse(form.raw())
        except FieldProblems as problems:
            return problems.errors
        scan = None
        upload = request.files.get("scan")
        if upload is not None and upload.filename:
            try:
                scan = attachments.store(current_user, POLICY, upload.stream, upload.filename, storage.current())
            except UploadError as problem:
                return {"scan": problem.message}
        try:
            policies.record(current_user, found, policy, scan, clock.now())
        except FieldProblems as problems:
            return problems.errors
        return url_for("unit.placement", placement_id=found.id, done="insured")

    return save_or_show(form, save, "unit/insurance_form.html", placement=found, current=current)


@bp.post("/placements/<id:placement_id>/submit")
def submit(placement_id: int):
    found = placements.unit_placement(unit(), placement_id)
    try:
        placements.submit(current_user, found, clock.now())
    except Conflict as refusal:
        return _page(found, 409, refusal.message)
    return htmx.redirect(url_for("unit.placement", placement_id=found.id, done="submitted"))


@bp.get("/placements/<id:placement_id>/agreement")
def agreement(placement_id: int):
    found = placements.unit_placement(unit(), placement_id)
    return agreement_document.page(found, url_for("unit.placement", placement_id=found.id),
                          url_for("unit.agreement_download", placement_id=found.id))


@bp.get("/placements/<id:placement_id>/agreement.pdf")
def agreement_download(placement_id: int):
    return agreement_document.pdf(placements.unit_placement(unit(), placement_id))


ENDING_FORMS = {
    "leave": (LeaveForm, endings.leave, "中途退出"),
    "hire": (HireForm, endings.hire, "提前留用"),
    "assess": (AssessForm, endings.assess, "期满鉴定"),
    "retain": (RetainForm, None, "登记留用情况"),
}


@bp.route("/placements/<id:placement_id>/end/<way>", methods=["GET", "POST"])
@form_checks_csrf
def end(placement_id: int, way: str):
    """中途退出, 提前留用, 期满鉴定 (each ends a 在岗 placement once), and 留用 after a 期满."""
    if way not in ENDING_FORMS:
        abort(404)
    found = placements.unit_placement(unit(), placement_id)
    form_class, action, title = ENDING_FORMS[way]
    form = form_class()

    def save():
        try:
            if way == "retain":
                endings.retain(current_user, found, form.raw(), clock.now())
            else:
                action(current_user, found, form.raw(), clock.today(), clock.now())
        except FieldProblems as problems:
            return problems.errors
        return url_for("unit.placement", placement_id=found.id, done=way)

    return save_or_show(form, save, "unit/end_form.html", placement=found, way=way, title=title,
                        today=clock.today())
