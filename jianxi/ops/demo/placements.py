"""Demo placements of `danwei`'s positions, one in every state (待签协议, 协议已签 and insured,
待备案, 退回修改, 已备案, 在岗), with approved applicants of 小店区 as the trainees; and an offer
from `danwei` waiting for the `trainee` account. Made by the services, as people would."""
import datetime
import io

from ...models import (
    APPLICATION_APPROVED,
    APPLICATION_PENDING,
    POLICY,
    Application,
    Employer,
    Placement,
    Position,
    User,
)
from ...services import access, agreement_terms, attachments, candidates, favorites, placements, policies, review
from . import documents

# (what the placement has reached, days before today the offer was made, days from today it starts)
STATES = (
    ("accepted", 3, 20),
    ("signed", 6, 25),
    ("submitted", 10, 15),
    ("returned", 12, 18),
    ("filed", 15, 10),
    ("on_the_job", 45, -30),
)


def seed_placements(now: datetime.datetime, store_in) -> str:
    if Placement.select().exists():
        return "已有见习记录，未重复生成。"
    danwei = User.get_or_none(User.username == "danwei")
    unit = access.acting_for(danwei) if danwei else None
    if unit is None:
        return "没有演示单位 danwei，未生成见习记录。"
    office = User.get(User.username == "xiaodian")
    open_positions = list(Position.select().where((Position.employer == unit.id) & (Position.status == "open"))
                          .order_by(Position.id))
    people = _trainees(office, len(STATES), now)
    made = 0
    for n, ((state, offered_days_ago, starts_in), person) in enumerate(zip(STATES, people, strict=False)):
        position = open_positions[n % len(open_positions)]
        if Position.get_by_id(position.id).placed >= position.openings:
            continue
        offered = now - datetime.timedelta(days=offered_days_ago)
        place(danwei, unit, office, position, person, state, offered, offered.date() + datetime.timedelta(
            days=offered_days_ago + starts_in), store_in)
        made += 1
    trainee = User.get_or_none(User.username == "trainee")
    if trainee is not None and open_positions:
        favorites.add(trainee, open_positions[0].id, now - datetime.timedelta(days=2))
        candidates.offer(danwei, open_positions[0], trainee.id,
                         {"start_date": (now.date() + datetime.timedelta(days=14)).isoformat(),
                          "note": "请于上岗当天9:00到单位人事部报到，携带身份证和学历证明原件。"},
                         now - datetime.timedelta(days=1))
    return f"已生成 {made} 条见习记录（单位 danwei 的岗位，各个状态各一条），见习人员 trainee 有一份录用通知待答复。"


def _trainees(office, wanted: int, now: datetime.datetime) -> list[User]:
    """Approved applicants of 小店区 (not `trainee`, whose offer waits), the office approving a few
    more of those waiting if the demo applications have too few."""
    def approved():
        return list(User.select().join(Application, on=(Application.user == User.id))
                    .where((Application.status == APPLICATION_APPROVED) & (Application.jurisdiction == "140105")
                           & (User.username != "trainee")).order_by(User.id).limit(wanted))

    people = approved()
    waiting = (Application.select().where((Application.status == APPLICATION_PENDING)
                                          & (Application.jurisdiction == "140105"))
               .order_by(Application.submitted_at).limit(wanted - len(people)))
    for application in waiting:
        review.decide(office, application.id, review.Decision(True), application.submitted_at + datetime.timedelta(days=1))
    return approved() if waiting else people


def place(unit_user, unit: Employer, office, position, person, state, offered, start, store_in) -> None:
    favorites.add(person, position.id, offered - datetime.timedelta(days=2))
    step = candidates.offer(unit_user, position, person.id, {"start_date": start.isoformat()}, offered)
    accepted = offered + datetime.timedelta(hours=20)
    placement = placements.accept(person, step.id, accepted)
    if state == "accepted":
        return
    found = placements.unit_placement(unit, placement.id)
    terms = agreement_terms.parse_terms(found, {
        "start_date": start.isoformat(), "months": str(found.months), "allowance": str(position.monthly_subsidy),
        "mentor": "1", "working_hours": "周一至周五 9:00–17:30，午休一小时", "duties": position.duties,
        "terms": "见习期间每月最后一个工作日发放基本生活补助。"}, start - datetime.timedelta(days=1))
    signed_at = accepted + datetime.timedelta(days=1)
    found = agreement_terms.change_terms(unit_user, found, terms, found.version, signed_at)
    agreement_terms.confirm(person, placements.trainee_placement(person, found.id), found.version, False, signed_at)
    found = agreement_terms.confirm(unit_user, placements.unit_placement(unit, found.id), found.version, True, signed_at)
    found = placements.unit_placement(unit, found.id)
    scan = attachments.store(unit_user, POLICY, io.BytesIO(documents.licence(found.id)), "保单.png", store_in)
    policy = policies.parse({"insurer": "中国人民财产保险股份有限公司太原市分公司",
                                      "policy_number": f"PEAC2026140105{found.id:06d}", "premium": "120",
                                      "starts_on": found.start_date.isoformat(), "ends_on": found.end_date.isoformat()})
    policies.record(unit_user, found, policy, scan, signed_at)
    if state == "signed":
        return
    submitted_at = signed_at + datetime.timedelta(days=1)
    placements.submit(unit_user, placements.unit_placement(unit, found.id), submitted_at)
    decided = submitted_at + datetime.timedelta(days=1)
    if state == "returned":
        placements.decide(office, found.id, placements.RETURN, "保单扫描件不清晰，请重新上传", decided)
    elif state in ("filed", "on_the_job"):
        placements.decide(office, found.id, placements.FILE, "", decided)
