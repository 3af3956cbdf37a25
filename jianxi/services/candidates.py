"""意向岗位 seen from the unit: the people who shortlisted its positions, and the steps it takes
toward each of them (邀请面试, 录用, 不合适), which the person sees in 个人中心 and answers.

A unit sees what the manual's 意向岗位 shows of a candidate (name, gender, age, education, school,
major, graduation month, mobile), from their approved application; never the ID number nor the
attachments. A candidate is a person who shortlisted the position, or one the unit has already
taken a step toward for it (an offer stays in view after the favorite is gone).

Offers are open OFFER_DAYS; one open offer per person and position is the database's (a partial
unique index), and an open offer past its time is 已过期 without any job: accepting asks for
`expires_at > now` in the same UPDATE (services.placements.accept).
"""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError, fn

from ..db import writing
from ..models import (
    APPLICATION_APPROVED,
    OFFER_ACCEPTED,
    OFFER_DAYS,
    OFFER_DECLINED,
    OFFER_EXPIRED,
    OFFER_OPEN,
    OFFER_WITHDRAWN,
    PLACEMENT_ENDED,
    STEP_INTERVIEW,
    STEP_OFFER,
    STEP_UNSUITABLE,
    UNSUITABLE_REASONS,
    Application,
    CandidateStep,
    Employer,
    Favorite,
    Placement,
    Position,
    User,
)
from ..reference.codes import APPLICANT_EDUCATION
from . import audit, idcard, notice_texts, notices
from .errors import Conflict, FieldProblems, NotFound, ServiceError

PLACE_MAX, NOTE_MAX, ANSWER_MAX = 100, 300, 200
# How far ahead a unit may propose a start date or an interview.
AHEAD_DAYS = 366


@dataclass(frozen=True)
class Candidate:
    """意向人员 as the unit sees them."""

    user_id: int
    name: str
    gender: str
    age: int
    education: str
    school: str
    major: str
    graduation_month: str
    mobile: str
    shortlisted_at: datetime.datetime | None
    last_step: CandidateStep | None = None

    @property
    def education_label(self) -> str:
        return APPLICANT_EDUCATION.get(self.education, self.education)


def _facts(user_ids) -> dict[int, Application]:
    """Each person's approved application (the facts a unit may see), by user id."""
    rows = Application.select().where(Application.user.in_(list(user_ids)) & (Application.status == APPLICATION_APPROVED))
    return {row.user_id: row for row in rows}


def _candidate(application: Application, today: datetime.date, at, step=None) -> Candidate:
    return Candidate(application.user_id, application.name, application.gender, idcard.age_on(application.birth_date, today),
                     application.education, application.school, application.major, application.graduation_month,
                     application.mobile, at, step)


def of_position(position: Position, today: datetime.date) -> list[Candidate]:
    """The position's candidates, newest first: those who shortlisted it, then those it contacted."""
    shortlisted = {row.user_id: row.created_at for row in Favorite.select().where(Favorite.position == position.id)}
    steps: dict[int, CandidateStep] = {}
    for step in CandidateStep.select().where(CandidateStep.position == position.id).order_by(CandidateStep.created_at,
                                                                                               CandidateStep.id):
        steps[step.user_id] = step  # the latest wins
    facts = _facts(set(shortlisted) | set(steps))
    found = [_candidate(facts[uid], today, shortlisted.get(uid), steps.get(uid)) for uid in set(shortlisted) | set(steps)
             if uid in facts]
    oldest = datetime.datetime.min
    return sorted(found, key=lambda c: (c.shortlisted_at or (c.last_step.created_at if c.last_step else oldest),
                                        c.user_id), reverse=True)


def counts(position_ids: list[int]) -> dict[int, int]:
    """How many people shortlisted each position (for the unit's list of positions)."""
    rows = (Favorite.select(Favorite.position, fn.COUNT(Favorite.id)).where(Favorite.position.in_(position_ids))
            .group_by(Favorite.position).tuples())
    return dict(rows)


def one(position: Position, user_id: int, today: datetime.date) -> Candidate:
    """A candidate of this position, or NotFound: the unit sees no one else's details."""
    shortlisted = Favorite.get_or_none((Favorite.position == position.id) & (Favorite.user == user_id))
    contacted = CandidateStep.select().where((CandidateStep.position == position.id) & (CandidateStep.user == user_id)).exists()
    facts = _facts([user_id]).get(user_id)
    if facts is None or (shortlisted is None and not contacted):
        raise NotFound("没有找到这位意向人员")
    return _candidate(facts, today, shortlisted.created_at if shortlisted else None)


def steps_between(position: Position, user_id: int) -> list[CandidateStep]:
    """What the unit did toward this person for this position, newest first."""
    return list(CandidateStep.select().where((CandidateStep.position == position.id) & (CandidateStep.user == user_id))
                .order_by(CandidateStep.created_at.desc(), CandidateStep.id.desc()))


def _text(raw, label: str, limit: int, required: bool) -> tuple[str, str | None]:
    text = " ".join(str(raw or "").split())
    if required and not text:
        return "", f"请填写{label}"
    if len(text) > limit:
        return text, f"{label}不能超过{limit}个字"
    return text, None


def _date(raw, label: str, earliest: datetime.date, latest: datetime.date) -> tuple[datetime.date | None, str | None]:
    try:
        value = datetime.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None, f"请按“年-月-日”填写{label}，例如 {earliest:%Y-%m-%d}"
    if value < earliest:
        return None, f"{label}不能早于{earliest:%Y-%m-%d}"
    if value > latest:
        return None, f"{label}不能晚于{latest:%Y-%m-%d}"
    return value, None


def _datetime(raw, label: str, now: datetime.datetime) -> tuple[datetime.datetime | None, str | None]:
    text = str(raw or "").strip().replace(" ", "T")
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None, f"请选择{label}（日期和时间）"
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if value <= now:
        return None, f"{label}应晚于现在"
    if value > now + datetime.timedelta(days=AHEAD_DAYS):
        return None, f"{label}不能晚于一年以后"
    return value, None


def _checked(errors: dict[str, str]) -> None:
    if errors:
        raise FieldProblems(errors)


def _add(unit_user, position: Position, candidate: Candidate, now: datetime.datetime, detail: str, **fields) -> CandidateStep:
    step = CandidateStep.create(position=position.id, employer=position.employer_id, user=candidate.user_id,
                                created_at=now, created_by=unit_user, **fields)
    audit.record(unit_user, fields["kind"], "step", step.id, now, detail)
    told = {STEP_INTERVIEW: lambda: notice_texts.interview(step.id, position.title),
            STEP_OFFER: lambda: notice_texts.offer(step.id, position.title, OFFER_DAYS)}.get(fields["kind"])
    if told is not None:  # 不合适 is shown in the person's 个人中心, not sent
        notices.send([User.get_by_id(candidate.user_id)], told(), now)
    return step


def invite(unit_user, position: Position, user_id: int, raw, now: datetime.datetime) -> CandidateStep:
    """邀请面试: when, where, and a note."""
    candidate = one(position, user_id, now.date())
    errors = {}
    meet_at, errors["meet_at"] = _datetime(raw.get("meet_at"), "面试时间", now)
    place, errors["place"] = _text(raw.get("place"), "面试地点", PLACE_MAX, True)
    note, errors["note"] = _text(raw.get("note"), "备注", NOTE_MAX, False)
    _checked({k: v for k, v in errors.items() if v})
    with writing():
        return _add(unit_user, position, candidate, now, f"{meet_at:%Y-%m-%d %H:%M} {place}", kind=STEP_INTERVIEW,
                    meet_at=meet_at, place=place, note=note)


def offer(unit_user, position: Position, user_id: int, raw, now: datetime.datetime) -> CandidateStep:
    """录用: an offer with a proposed start date, open OFFER_DAYS. One open offer per person and
    position (a double click gives the same offer back); none to a person already placed."""
    candidate = one(position, user_id, now.date())
    errors = {}
    start, errors["start_date"] = _date(raw.get("start_date"), "拟上岗日期", now.date() + datetime.timedelta(days=1),
                                        now.date() + datetime.timedelta(days=AHEAD_DAYS))
    note, errors["note"] = _text(raw.get("note"), "说明", NOTE_MAX, False)
    _checked({k: v for k, v in errors.items() if v})
    if position.placed >= position.openings:
        raise Conflict(f"这个岗位已录用{position.placed}人，达到招收人数，不能再发出录用通知。")
    if Placement.select().where((Placement.user == user_id) & (Placement.status != PLACEMENT_ENDED)).exists():
        raise Conflict("这位人员已在见习岗位上，不能再录用。")
    try:
        with writing():
            # An open offer past its time no longer holds the one-open-offer slot.
            CandidateStep.update(status=OFFER_EXPIRED).where(
                (CandidateStep.user == user_id) & (CandidateStep.position == position.id)
                & (CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
                & (CandidateStep.expires_at <= now)).execute()
            return _add(unit_user, position, candidate, now, f"拟上岗日期 {start:%Y-%m-%d}", kind=STEP_OFFER,
                        start_date=start, note=note, status=OFFER_OPEN,
                        expires_at=now + datetime.timedelta(days=OFFER_DAYS))
    except IntegrityError:
        existing = open_offer(position, user_id, now)
        if existing is None:
            raise
        return existing


def open_offer(position: Position, user_id: int, now: datetime.datetime) -> CandidateStep | None:
    return CandidateStep.get_or_none((CandidateStep.position == position.id) & (CandidateStep.user == user_id)
                                     & (CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
                                     & (CandidateStep.expires_at > now))


def unsuitable(unit_user, position: Position, user_id: int, raw, now: datetime.datetime) -> CandidateStep:
    """不合适: a reason from UNSUITABLE_REASONS and details (required for 其他)."""
    candidate = one(position, user_id, now.date())
    reason = str(raw.get("reason") or "")
    errors = {}
    if reason not in UNSUITABLE_REASONS:
        errors["reason"] = "请选择不合适的原因"
    details, errors["details"] = _text(raw.get("details"), "具体说明", NOTE_MAX, reason == "other")
    _checked({k: v for k, v in errors.items() if v})
    with writing():
        return _add(unit_user, position, candidate, now, UNSUITABLE_REASONS[reason], kind=STEP_UNSUITABLE,
                    reason=reason, note=details)


# The trainee's side.

def of_trainee(user: User) -> list[CandidateStep]:
    """Every step units took toward this person, newest first, with position and unit."""
    return list(CandidateStep.select(CandidateStep, Position, Employer).join(Position)
                .join(Employer, on=(CandidateStep.employer == Employer.id))
                .where(CandidateStep.user == user.id)
                .order_by(CandidateStep.created_at.desc(), CandidateStep.id.desc()))


def offer_of(user: User, step_id: int) -> CandidateStep:
    step = (CandidateStep.select(CandidateStep, Position, Employer).join(Position)
            .join(Employer, on=(CandidateStep.employer == Employer.id))
            .where((CandidateStep.id == step_id) & (CandidateStep.user == user.id)).first())
    if step is None:
        raise NotFound("没有找到这条通知")
    return step


def answered(step: CandidateStep, now: datetime.datetime) -> str:
    """Why an offer can no longer be answered, in the person's words."""
    status = step.offer_status(now)
    return {
        OFFER_EXPIRED: f"这份录用通知已于{step.expires_at:%Y-%m-%d %H:%M}过期，未做更改。如仍有意向，请联系单位。",
        OFFER_ACCEPTED: "您已接受这份录用通知，未做更改。",
        OFFER_DECLINED: "您已婉拒这份录用通知，未做更改。",
        OFFER_WITHDRAWN: "这份录用通知已撤回（您已接受其他岗位的录用），未做更改。",
    }.get(status, "")


def decline(user: User, step_id: int, reason: str, now: datetime.datetime) -> CandidateStep:
    """婉拒 an open offer, with an optional reason."""
    step = offer_of(user, step_id)
    if step.kind != STEP_OFFER:
        raise NotFound("没有找到这份录用通知")
    note, problem = _text(reason, "婉拒原因", ANSWER_MAX, False)
    if problem:
        raise ServiceError(problem, field="reason")
    with writing():
        changed = (CandidateStep.update(status=OFFER_DECLINED, answered_at=now, answer_note=note)
                   .where((CandidateStep.id == step.id) & (CandidateStep.status == OFFER_OPEN)
                          & (CandidateStep.expires_at > now)).execute())
        if not changed:
            raise Conflict(answered(CandidateStep.get_by_id(step.id), now))
        audit.record(user, "decline", "step", step.id, now, note)
    return offer_of(user, step.id)
