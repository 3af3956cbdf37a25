"""Demo of the months after 上岗: four more trainees of `danwei` placed months ago (one 期满 合格 and
留用, one 在岗, one 中途退出, one 提前留用 with remaining months), every ended month recorded, and
claims in each state: two quarters back approved, published and paid; last quarter approved with
one line returned and published now (so /publicity/ shows a batch in its window); this quarter's
ended months submitted and waiting for the office. Made by the services, as people would, on the
days they would have, so every figure is traceable as in real use."""
import datetime

from ...models import APPLICATION_APPROVED, APPLICATION_PENDING, Application, Claim, Placement, Position, User
from ...services import access, batches, claims, endings, month_records, placements, review
from ...services.errors import ServiceError
from .placements import place

AT = datetime.time(10, 0)
CONTACT = "对公示内容有异议的，请于公示期内向小店区人力资源和社会保障局就业见习科反映，电话 0351-7000000（演示）"


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, AT)


def seed_subsidies(now: datetime.datetime, store_in) -> str:
    if Claim.select().exists():
        return "已有补贴申请，未重复生成。"
    danwei = User.get_or_none(User.username == "danwei")
    unit = access.acting_for(danwei) if danwei else None
    office = User.get_or_none(User.username == "xiaodian")
    if unit is None or office is None:
        return "没有演示单位 danwei 或经办机构 xiaodian，未生成补贴申请。"
    today = now.date()
    base = today.replace(day=1)
    people = _free_trainees(office, 4, now)
    positions = [p for p in Position.select().where((Position.employer == unit.id) & (Position.status == "open"))
                 .order_by(Position.id) if p.openings - p.placed >= 1]
    if len(people) < 4 or not positions:
        return "演示岗位或见习人员不足，未生成补贴申请。"
    # (start, months, position): A ends 期满, B is 在岗, C leaves early, D is hired early.
    plans = ((_months_back(base, 7), 6), (_months_back(base, 5), 6),
             (_months_back(base, 6) + datetime.timedelta(days=14), 6), (_months_back(base, 6), 6))
    made = []
    for n, ((start, _months), person) in enumerate(zip(plans, people, strict=True)):
        position = Position.get_by_id(positions[min(n // 2, len(positions) - 1)].id)
        if position.placed >= position.openings:
            return "演示岗位已招满，未生成补贴申请。"
        offered = _at(start - datetime.timedelta(days=12))
        place(danwei, unit, office, position, person, "on_the_job", offered, start, store_in)
        made.append(Placement.get((Placement.user == person.id) & (Placement.employer == unit.id)))
    a, b, c, d = made
    _end(danwei, a, c, d)
    _record_all(danwei, made + _serving_others(unit, made, today), today)
    _claims(danwei, office, unit, today)
    return "已生成4名见习人员的月度记录、见习结束情况，补贴申请（待审核、部分退回、已公示、已拨付）和两批公示。"


def _free_trainees(office, wanted: int, now: datetime.datetime) -> list[User]:
    """Approved applicants of 小店区 with no placement (not `trainee`, whose offer waits)."""
    def free():
        placed = Placement.select(Placement.user)
        return list(User.select().join(Application, on=(Application.user == User.id))
                    .where((Application.status == APPLICATION_APPROVED) & (Application.jurisdiction == "140105")
                           & (User.username != "trainee") & User.id.not_in(placed)).order_by(User.id).limit(wanted))

    people = free()
    if len(people) < wanted:
        waiting = (Application.select().where((Application.status == APPLICATION_PENDING)
                                              & (Application.jurisdiction == "140105"))
                   .order_by(Application.submitted_at).limit(wanted - len(people)))
        for application in waiting:
            review.decide(office, application.id, review.Decision(True), now - datetime.timedelta(days=300))
        people = free()
    return people


def _serving_others(unit, made, today) -> list[Placement]:
    """The unit's other placements already 在岗 (from seed_placements), to record their months too."""
    ids = [p.id for p in made]
    return [p for p in placements.of_unit(unit) if p.id not in ids and month_records.is_serving(p, today)]


def _record_all(unit_user, serving: list[Placement], today: datetime.date) -> None:
    """Each ended month recorded three days after it ended (the endings made first, so that no month
    after a last day is recorded), attendance and pay as agreed."""
    for placement in serving:
        placement = Placement.get_by_id(placement.id)
        for shown in reversed(month_records.of_placement(placement, today)):
            done = min(month_records.month_end(shown.month) + datetime.timedelta(days=3), today)
            values = {"days_attended": max(shown.served_days - (1 if shown.month.month % 3 == 0 else 0), 1),
                      "paid_fen": _paid(placement, shown), "paid_on": month_records.month_end(shown.month)}
            month_records.save(unit_user, placement, shown, values, None, _at(done))


def _paid(placement: Placement, shown) -> int:
    """The agreed allowance, for the working days served in a part month (rounded up to the 元)."""
    part = placement.allowance_fen * shown.served_days // shown.working_days
    return -(-part // 100) * 100


def _end(unit_user, a: Placement, c: Placement, d: Placement) -> None:
    """A: 期满 合格 and 留用; C: 中途退出 in its fifth month; D: 提前留用 in its fourth month."""
    a = Placement.get_by_id(a.id)
    assessed = a.end_date + datetime.timedelta(days=1)
    a = endings.assess(unit_user, a, {"assessment": "pass", "assessment_text": "见习期间遵守纪律，能独立完成出纳、凭证整理等工作，鉴定合格。"},
                       assessed, _at(assessed))
    endings.retain(unit_user, a, {"retained": "yes", "contract_on": (assessed + datetime.timedelta(days=1)).isoformat()},
                   _at(assessed))
    c = Placement.get_by_id(c.id)
    last = _months_back(c.start_date, -4) + datetime.timedelta(days=19)
    endings.leave(unit_user, c, {"last_day": last.isoformat(), "leave_reason": "new_job",
                                 "leave_note": "考取事业单位"}, last + datetime.timedelta(days=1),
                  _at(last + datetime.timedelta(days=1)))
    d = Placement.get_by_id(d.id)
    contract = _months_back(d.start_date, -3) + datetime.timedelta(days=14)
    endings.hire(unit_user, d, {"contract_on": contract.isoformat(), "insured_from": contract.isoformat()},
                 contract + datetime.timedelta(days=1), _at(contract + datetime.timedelta(days=1)))


def _claims(unit_user, office, unit, today: datetime.date) -> None:
    """Two quarters back: paid; last quarter: one line returned, published today; this quarter:
    waiting. A quarter with nothing to claim (early in a year's first days) is skipped."""
    current, last, before = claims.quarters(today, 3)
    try:
        done = before.last + datetime.timedelta(days=5)
        [claim] = claims.submit(unit_user, unit, before, done, _at(done))
        claims.decide(office, claim, {}, _at(done + datetime.timedelta(days=3)))
        published = done + datetime.timedelta(days=5)
        batch = batches.publish(office, CONTACT, published, _at(published))
        paid = batches.window_end(published) + datetime.timedelta(days=3)
        batches.pay(office, batch, {"paid_on": paid.isoformat(), "voucher": f"XD{paid:%Y%m%d}001"}, paid, _at(paid))
    except ServiceError:
        pass
    try:
        done = min(last.last + datetime.timedelta(days=5), today)
        [claim] = claims.submit(unit_user, unit, last, done, _at(done))
        lines = claims.lines(claim)
        returned = next((line for line in lines if line.kind == "month" and line.placement.ending == "left"), None)
        claims.decide(office, claim, {returned.id: "出勤天数与考勤表不一致，请核对后重新申请"} if returned else {},
                      _at(done))
        batches.publish(office, CONTACT, today, _at(today))
    except ServiceError:
        pass
    try:
        claims.submit(unit_user, unit, current, today, _at(today))
    except ServiceError:
        pass
