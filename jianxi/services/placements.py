"""见习记录 (placements): made when a trainee accepts an offer, then its 见习协议 confirmed by both
parties (services.agreement_terms), the unit's accident insurance (services.policies), and the
office's 备案; who sees which, and the timeline all three see.

    待签协议 (accepted) → 待备案 (submitted) → 已备案 (filed; 在岗 from the start date)
                                  ↘ 退回修改 (returned) → 待备案 again

The invariants are the database's, on both engines: one placement not ended per person (a
partial unique index), and never more accepted placements than a position's openings (the
position's `placed`, raised by a conditional UPDATE under a CHECK). Accepting withdraws the
person's other open offers and closes their favorites in the same transaction, and a position
whose placements reach its openings closes as 已招满. Every change is a conditional UPDATE with
its audit row in the same transaction.
"""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError

from ..db import is_postgres, writing
from ..models import (
    APPLICATION_APPROVED,
    OFFER_ACCEPTED,
    OFFER_OPEN,
    OFFER_WITHDRAWN,
    PLACEMENT_EDITABLE,
    PLACEMENT_ENDED,
    PLACEMENT_FILED,
    PLACEMENT_RETURNED,
    PLACEMENT_STATUSES,
    PLACEMENT_SUBMITTED,
    POSITION_CLOSED,
    POSITION_OPEN,
    STEP_OFFER,
    Application,
    AuditLog,
    CandidateStep,
    Employer,
    Favorite,
    Placement,
    Position,
    User,
)
from ..reference import regions
from . import access, agreement_terms, audit, candidates, notice_texts, notices, policies, recognition
from .errors import Conflict, NotFound, ServiceError

FILLED_NOTE = "录用人数已达招收人数"


# Accepting an offer.

def accept(user: User, step_id: int, now: datetime.datetime) -> Placement:
    """接受 an open offer: the placement, in one transaction with what it settles."""
    step = candidates.offer_of(user, step_id)
    if step.kind != STEP_OFFER:
        raise NotFound("没有找到这份录用通知")
    position = step.position
    try:
        with writing():
            _one_at_a_time(user)
            taken = (CandidateStep.update(status=OFFER_ACCEPTED, answered_at=now)
                     .where((CandidateStep.id == step.id) & (CandidateStep.status == OFFER_OPEN)
                            & (CandidateStep.expires_at > now)).execute())
            if not taken:
                raise Conflict(candidates.answered(CandidateStep.get_by_id(step.id), now))
            seat = (Position.update(placed=Position.placed + 1)
                    .where((Position.id == position.id) & (Position.placed < Position.openings)).execute())
            if not seat:
                raise Conflict("很抱歉，这个岗位已招满，录用未能生效。您的其他录用通知和收藏不受影响。")
            placement = Placement.create(
                user=user.id, position=position.id, employer=step.employer_id, offer=step.id,
                region=step.employer.region_id, accepted_at=now, start_date=step.start_date,
                months=position.duration_months, end_date=agreement_terms.end_of(step.start_date, position.duration_months),
                allowance_fen=position.monthly_subsidy * 100 or None, duties=position.duties, updated_at=now,
                **_first_mentor(step.employer),
            )
            audit.record(user, "accept", "step", step.id, now)
            audit.record(user, "accept", "placement", placement.id, now,
                         f"{step.employer.name} · {position.title}，拟上岗日期 {step.start_date:%Y-%m-%d}")
            _settle_elsewhere(user, step.id, now)
            _close_if_full(user, position.id, now)
    except IntegrityError:
        if not Placement.select().where((Placement.user == user.id) & (Placement.status != PLACEMENT_ENDED)).exists():
            raise
        raise Conflict("您已有一条未结束的见习记录，不能同时接受两个岗位的录用。") from None
    return placement


def _one_at_a_time(user: User) -> None:
    """A person's acceptances one after another: on PostgreSQL two of them at once would each hold
    its own offer's row and wait for the other's (withdrawing the person's other offers), a
    deadlock; locking the person's row first makes the second wait, then find its offer withdrawn.
    SQLite's writing() already takes the one write lock before the first read."""
    if is_postgres():
        list(User.select(User.id).where(User.id == user.id).for_update())


def _first_mentor(unit: Employer) -> dict:
    found = recognition.find(unit)
    mentors = recognition.mentors_of(found) if found else []
    if not mentors:
        return {}
    return {"mentor_name": mentors[0].name, "mentor_title": mentors[0].title, "mentor_phone": mentors[0].phone}


def _settle_elsewhere(user: User, accepted_id: int, now: datetime.datetime) -> None:
    """The person's other open offers are withdrawn, and their favorites closed (removed)."""
    others = [row.id for row in CandidateStep.select(CandidateStep.id).where(
        (CandidateStep.user == user.id) & (CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
        & (CandidateStep.id != accepted_id))]
    if others:
        CandidateStep.update(status=OFFER_WITHDRAWN, answered_at=now).where(
            CandidateStep.id.in_(others) & (CandidateStep.status == OFFER_OPEN)).execute()
        for other in others:
            audit.record(user, "withdrawn", "step", other, now, "已接受其他岗位的录用")
    closed = Favorite.delete().where(Favorite.user == user.id).execute()
    if closed:
        audit.record(user, "favorites_closed", "user", user.id, now, f"已上岗，收藏的{closed}个岗位已关闭")


def _close_if_full(actor, position_id: int, now: datetime.datetime) -> None:
    closed = (Position.update(status=POSITION_CLOSED, close_reason="filled", close_note="", closed_at=now, updated_at=now)
              .where((Position.id == position_id) & (Position.status == POSITION_OPEN)
                     & (Position.placed >= Position.openings)).execute())
    if closed:
        audit.record(actor, "close", "position", position_id, now, f"结束招募：已招满（{FILLED_NOTE}）")


# Who sees which placement.

def of_trainee(user: User) -> list[Placement]:
    return list(Placement.select(Placement, Position, Employer).join(Position)
                .join(Employer, on=(Placement.employer == Employer.id))
                .where(Placement.user == user.id).order_by(Placement.accepted_at.desc()))


def trainee_placement(user: User, placement_id: int) -> Placement:
    found = _with_parts().where((Placement.id == placement_id) & (Placement.user == user.id)).first()
    if found is None:
        raise NotFound("没有找到这条见习记录")
    return found


def of_unit(unit: Employer) -> list[Placement]:
    return list(_with_parts().where(Placement.employer == unit.id).order_by(Placement.accepted_at.desc()))


def unit_placement(unit: Employer, placement_id: int) -> Placement:
    found = _with_parts().where((Placement.id == placement_id) & (Placement.employer == unit.id)).first()
    if found is None:
        raise NotFound("没有找到这条见习记录")
    return found


def office_placement(office, placement_id: int, change: bool = False) -> Placement:
    """A placement of the office's jurisdiction (access.load: 404 outside it, 403 to view only)."""
    return access.load(office, _with_parts().where(access.scope(office, Placement.region)), placement_id, change=change)


def _with_parts():
    return (Placement.select(Placement, Position, Employer, User).join(Position)
            .join(Employer, on=(Placement.employer == Employer.id))
            .join(User, on=(Placement.user == User.id)))


def facts_of(placement: Placement) -> Application | None:
    """The trainee's approved application: the eligibility facts the office checks."""
    return (Application.select().where((Application.user == placement.user_id) & (Application.status == APPLICATION_APPROVED))
            .order_by(Application.reviewed_at.desc()).first())


# Submitting, and the office's 备案.

def submit_problems(placement: Placement) -> list[str]:
    """What is missing before the unit can submit the placement for 备案."""
    problems = []
    if not placement.signed:
        problems.append("见习协议须由单位和见习人员双方确认当前版本。")
    insurance = policies.current(placement)
    if insurance is None:
        problems.append("请先登记意外伤害保险。")
    else:
        problem = policies.coverage_problem(placement, insurance)
        if problem:
            problems.append(problem)
    return problems


def submit(unit_user, placement: Placement, now: datetime.datetime) -> Placement:
    problems = submit_problems(placement)
    if problems:
        raise Conflict(problems[0])
    with writing():
        changed = (Placement.update(status=PLACEMENT_SUBMITTED, submitted_at=now, updated_at=now)
                   .where((Placement.id == placement.id) & Placement.status.in_(PLACEMENT_EDITABLE)
                          & (Placement.version == placement.version)
                          & (Placement.unit_version == placement.version)
                          & (Placement.trainee_version == placement.version)).execute())
        if not changed:
            raise Conflict(agreement_terms.stale(placement.id, placement.version))
        audit.record(unit_user, "submit", "placement", placement.id, now, "提交备案")
        notices.send(notices.office_users(placement.region_id),
                     notice_texts.placement_submitted(placement.id, placement.employer.name), now)
    return Placement.get_by_id(placement.id)


FILE, RETURN = "file", "return"


def decide(office, placement_id: int, outcome: str, reason: str, now: datetime.datetime) -> Placement:
    """备案, or 退回修改 with a reason: once, by the office of the placement's jurisdiction."""
    if outcome not in (FILE, RETURN):
        raise ServiceError("请选择审核结果", field="outcome")
    reason = " ".join((reason or "").split())
    if outcome == RETURN and not reason:
        raise ServiceError("请写明退回的原因，以便单位修改", field="reason")
    if len(reason) > 200:
        raise ServiceError("原因不能超过200个字", field="reason")
    placement = office_placement(office, placement_id, change=True)
    status = PLACEMENT_FILED if outcome == FILE else PLACEMENT_RETURNED
    with writing():
        changed = (Placement.update(status=status, decided_at=now, decided_by=office, reason=reason, updated_at=now)
                   .where((Placement.id == placement.id) & (Placement.status == PLACEMENT_SUBMITTED)).execute())
        if not changed:
            current = Placement.get_by_id(placement.id)
            raise Conflict(f"这条见习记录现在是“{PLACEMENT_STATUSES[current.status]}”，未做更改。")
        audit.record(office, outcome, "placement", placement.id, now, reason or "已备案")
        filed = outcome == FILE
        notices.send(notices.unit_users(placement.employer_id),
                     notice_texts.placement_decided(placement.id, filed, True, reason), now)
        if filed:  # a return is the unit's to mend; the trainee hears when it is 备案
            notices.send([placement.user], notice_texts.placement_decided(placement.id, True, False), now)
    return Placement.get_by_id(placement.id)


# The timeline all three see.

LABELS = {
    "offer": "单位发出录用通知", "accept": "见习人员接受录用", "terms": "单位修改协议",
    "confirm_unit": "单位确认协议", "confirm_trainee": "见习人员确认协议", "insure": "单位登记保险",
    "submit": "单位提交备案", FILE: "经办机构备案", RETURN: "经办机构退回修改",
    "left": "中途退出", "hired": "提前留用", "completed": "见习期满，单位出具见习鉴定", "retain": "单位登记留用情况",
}


@dataclass(frozen=True)
class Event:
    at: datetime.datetime | datetime.date
    label: str
    who: str
    detail: str = ""


def timeline(placement: Placement, today: datetime.date) -> list[Event]:
    """Oldest first: the offer, the acceptance, each change and confirmation, 备案, and 在岗 from
    the start date of a 备案 placement."""
    rows = (AuditLog.select(AuditLog, User).join(User, on=(AuditLog.actor == User.id))
            .where(((AuditLog.object_type == "placement") & (AuditLog.object_id == placement.id))
                   | ((AuditLog.object_type == "step") & (AuditLog.object_id == placement.offer_id)
                      & (AuditLog.action == "offer")))
            .order_by(AuditLog.at, AuditLog.id))
    events = [Event(row.at, LABELS.get(row.action, row.action), _who(row.actor, placement), row.detail) for row in rows]
    if placement.start_date <= today and (placement.status == PLACEMENT_FILED or placement.ending):
        # 在岗 from the start date, in its place among what happened (an ending comes after it).
        started = Event(placement.start_date, "在岗", placement.user.real_name, "见习开始")
        later = next((i for i, e in enumerate(events) if _day(e.at) > placement.start_date), len(events))
        events.insert(later, started)
    return events


def _day(at) -> datetime.date:
    return at.date() if isinstance(at, datetime.datetime) else at


def _who(actor: User, placement: Placement) -> str:
    if actor.id == placement.user_id:
        return actor.real_name
    if actor.role == "unit":
        return f"{placement.employer.name}（{actor.real_name}）"
    return f"{regions.name_of(placement.region_id)}经办机构（{actor.real_name}）"
