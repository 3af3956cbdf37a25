"""公示批次: an office gathers its approved claims into a numbered batch (2026年第3批) and publishes
it for PUBLICITY_DAYS working days (weekends and the holidays of the calendar skipped), counted
from the day after publication. An objection the office records during the window holds that line
back; after the window the office marks the batch paid (date, voucher number), and every approved
line of it is paid, once.

The public sees the 补贴表 (per unit) and the 花名册 (per trainee, name masked as 张*明, no ID or
phone), the window and the objection contact (services.batches.public_*)."""
import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from peewee import IntegrityError, fn

from ..db import writing
from ..models import (
    BATCH_PAID,
    BATCH_PUBLISHED,
    CLAIM_DECIDED,
    LINE_APPROVED,
    LINE_HELD,
    LINE_INSURANCE,
    LINE_MONTH,
    LINE_PAID,
    PUBLICITY_DAYS,
    Batch,
    Claim,
    ClaimLine,
    Employer,
    Placement,
    User,
)
from ..reference import regions
from . import access, audit, masking, notice_texts, notices, workdays
from .errors import Conflict, FieldProblems, NotFound

CONTACT_MAX, VOUCHER_MAX, REASON_MAX = 200, 40, 200
# What a batch pays: approved lines, and (once paid) paid ones; held and returned lines are not.
PAYABLE = (LINE_APPROVED, LINE_PAID)


def ready(office: str):
    """The office's approved claims not yet in a batch, with something approved to pay."""
    return (Claim.select(Claim, Employer).join(Employer)
            .where((Claim.region == office) & (Claim.status == CLAIM_DECIDED) & Claim.batch.is_null()
                   & fn.EXISTS(ClaimLine.select(ClaimLine.id).where((ClaimLine.claim == Claim.id)
                                                                   & (ClaimLine.state == LINE_APPROVED))))
            .order_by(Claim.decided_at, Claim.id))


def window_end(published_on: datetime.date) -> datetime.date:
    return workdays.after(published_on, PUBLICITY_DAYS)


def publish(actor, contact: str, today: datetime.date, now: datetime.datetime) -> Batch:
    """Number the office's ready claims as its next batch of the year and publish it today."""
    office = access.own_office(actor)
    if office is None:
        raise Conflict("只有经办机构可以发布公示。")
    contact = " ".join(contact.split())
    if not contact:
        raise FieldProblems({"contact": "请填写异议受理方式，如“异议请联系××人社局就业科，电话 0351-1234567”"})
    if len(contact) > CONTACT_MAX:
        raise FieldProblems({"contact": f"异议受理方式不能超过{CONTACT_MAX}个字"})
    ends = window_end(today)
    for _ in range(3):  # another batch numbered at the same moment: take the next number
        try:
            with writing():
                claim_ids = [claim.id for claim in ready(office)]
                if not claim_ids:
                    raise Conflict("没有已审核通过、尚未公示的补贴申请。")
                number = (Batch.select(fn.MAX(Batch.number)).where((Batch.region == office) & (Batch.year == today.year))
                          .scalar() or 0) + 1
                batch = Batch.create(region=office, year=today.year, number=number, status=BATCH_PUBLISHED,
                                     contact=contact, published_on=today, window_ends=ends, created_at=now,
                                     created_by=actor)
                taken = Claim.update(batch=batch.id).where(Claim.id.in_(claim_ids) & Claim.batch.is_null()).execute()
                if taken != len(claim_ids):
                    raise Conflict("有申请刚刚已被纳入其他批次，请刷新后重试。")
                audit.record(actor, "batch_publish", "batch", batch.id, now,
                             f"{batch.title}：{len(claim_ids)} 份申请，公示至 {ends:%Y-%m-%d}")
                for claim in Claim.select().where(Claim.id.in_(claim_ids)):
                    notices.send(notices.unit_users(claim.employer_id),
                                 notice_texts.batch_published(claim.id, batch.title, ends), now)
                return batch
        except IntegrityError:
            continue
    raise Conflict("系统繁忙，请稍后再试。")


def for_office(user):
    return (Batch.select().where(access.scope(user, Batch.region))
            .order_by(Batch.year.desc(), Batch.number.desc()))


def office_batch(user, batch_id: int) -> Batch:
    return access.load(user, Batch.select(), batch_id)


def lines(batch: Batch) -> list[ClaimLine]:
    return list(lines_query(batch))


def lines_query(batch: Batch):
    """The batch's lines with their claim, unit, placement and person, grouped by unit."""
    return (ClaimLine.select(ClaimLine, Claim, Placement, User, Employer)
            .join(Claim).join(Employer).switch(ClaimLine).join(Placement).join(User, on=Placement.user == User.id)
            .where(Claim.batch == batch.id)
            .order_by(Employer.name, User.real_name, Placement.id, ClaimLine.kind.desc(), ClaimLine.month))


def in_window(batch: Batch, today: datetime.date) -> bool:
    return batch.status == BATCH_PUBLISHED and today <= batch.window_ends


def object_to(actor, batch: Batch, line_id: int, reason: str, today: datetime.date,
              now: datetime.datetime) -> ClaimLine:
    """An objection received during the window holds its line back from payment."""
    if not access.can_change(actor, batch.region_id):
        raise Conflict("只有发布这批公示的经办机构可以登记异议。")
    if not in_window(batch, today):
        raise Conflict(f"公示期已于{batch.window_ends:%Y-%m-%d}结束，不能再登记异议。")
    reason = " ".join(reason.split())
    if not reason:
        raise FieldProblems({f"reason-{line_id}": "请填写异议内容"})
    if len(reason) > REASON_MAX:
        raise FieldProblems({f"reason-{line_id}": f"异议内容不能超过{REASON_MAX}个字"})
    with writing():
        changed = (ClaimLine.update(state=LINE_HELD, reason=reason, decided_at=now)
                   .where((ClaimLine.id == line_id) & (ClaimLine.state == LINE_APPROVED)
                          & ClaimLine.claim.in_(Claim.select(Claim.id).where(Claim.batch == batch.id))).execute())
        if not changed:
            raise Conflict("这一项已暂缓或不在这批公示中，未做更改。")
        audit.record(actor, "batch_objection", "batch", batch.id, now, f"第 {line_id} 项暂缓：{reason}")
    return ClaimLine.get_by_id(line_id)


def pay(actor, batch: Batch, raw, today: datetime.date, now: datetime.datetime) -> Batch:
    """After the window: the batch and its approved lines are paid, once."""
    if not access.can_change(actor, batch.region_id):
        raise Conflict("只有发布这批公示的经办机构可以登记拨付。")
    if batch.status == BATCH_PAID:
        raise Conflict(f"这批补贴已于{batch.paid_on:%Y-%m-%d}拨付，未做更改。")
    if today <= batch.window_ends:
        raise Conflict(f"公示期至{batch.window_ends:%Y-%m-%d}，期满后才能登记拨付。")
    errors = {}
    paid_on = None
    try:
        paid_on = datetime.date.fromisoformat(str(raw.get("paid_on") or "").strip())
    except ValueError:
        errors["paid_on"] = "请按“年-月-日”填写拨付日期"
    if paid_on and not batch.window_ends < paid_on <= today:
        errors["paid_on"] = f"拨付日期应在公示期满（{batch.window_ends:%Y-%m-%d}）之后，且不晚于今天"
    voucher = " ".join(str(raw.get("voucher") or "").split())
    if not voucher:
        errors["voucher"] = "请填写拨付凭证号"
    elif len(voucher) > VOUCHER_MAX:
        errors["voucher"] = f"拨付凭证号不能超过{VOUCHER_MAX}个字"
    if errors:
        raise FieldProblems(errors)
    with writing():
        changed = (Batch.update(status=BATCH_PAID, paid_on=paid_on, voucher=voucher, paid_at=now, paid_by=actor)
                   .where((Batch.id == batch.id) & (Batch.status == BATCH_PUBLISHED)).execute())
        if not changed:
            raise Conflict("这批补贴刚刚已登记拨付，未做更改。")
        paid = (ClaimLine.update(state=LINE_PAID)
                .where((ClaimLine.state == LINE_APPROVED)
                       & ClaimLine.claim.in_(Claim.select(Claim.id).where(Claim.batch == batch.id))).execute())
        audit.record(actor, "batch_pay", "batch", batch.id, now, f"{paid_on:%Y-%m-%d} 拨付，凭证号 {voucher}，{paid} 项")
        for claim in Claim.select().where(Claim.batch == batch.id):
            notices.send(notices.unit_users(claim.employer_id), notice_texts.batch_paid(claim.id, batch.title, paid_on),
                         now)
    return Batch.get_by_id(batch.id)


# The public side: published batches of every office, by their slug (140105-2026-3).
def published():
    return Batch.select().order_by(Batch.published_on.desc(), Batch.id.desc())


def by_slug(slug: str) -> Batch:
    parts = slug.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        found = Batch.get_or_none((Batch.region == parts[0]) & (Batch.year == int(parts[1]))
                                  & (Batch.number == int(parts[2])))
        if found is not None:
            return found
    raise NotFound("没有这批公示")


@dataclass
class UnitRow:
    """A line of the 补贴表: a unit's trainees, person-months and amounts in the batch."""

    unit: str
    people: set = field(default_factory=set)
    months: int = 0
    month_fen: int = 0
    remaining_fen: int = 0
    insurance_fen: int = 0
    held_fen: int = 0

    @property
    def total_fen(self) -> int:
        return self.month_fen + self.remaining_fen + self.insurance_fen


@dataclass
class PersonRow:
    """A line of the 花名册: one trainee (name masked), the unit, the period served, what is paid."""

    name: str
    unit: str
    start: datetime.date
    end: datetime.date
    months: list = field(default_factory=list)
    total_fen: int = 0
    held: bool = False


@dataclass
class Publicity:
    batch: Batch
    office: str
    units: list[UnitRow]
    people: list[PersonRow]

    @property
    def total(self) -> UnitRow:
        whole = UnitRow("合计")
        for row in self.units:
            whole.people |= row.people
            whole.months += row.months
            whole.month_fen += row.month_fen
            whole.remaining_fen += row.remaining_fen
            whole.insurance_fen += row.insurance_fen
            whole.held_fen += row.held_fen
        return whole


def publicity(batch: Batch) -> Publicity:
    """The 补贴表 and 花名册 of a batch, as the public sees them: payable lines only; a held line is
    counted apart (暂缓) and its person marked."""
    units: dict[int, UnitRow] = OrderedDict()
    people: dict[int, PersonRow] = OrderedDict()
    for line in lines(batch):
        if line.state not in PAYABLE and line.state != LINE_HELD:
            continue  # returned by the office: not paid in this batch, so nobody is listed for it
        placement, employer = line.placement, line.claim.employer
        unit = units.setdefault(employer.id, UnitRow(employer.name))
        person = people.setdefault(placement.id, PersonRow(masking.name(placement.user.real_name), employer.name,
                                                           placement.start_date, placement.last_day or placement.end_date))
        if line.state == LINE_HELD:
            unit.held_fen += line.amount_fen
            person.held = True
            continue
        unit.people.add(placement.id)
        if line.kind == LINE_MONTH:
            unit.months += 1
            unit.month_fen += line.amount_fen
            person.months.append(line.month)
        elif line.kind == LINE_INSURANCE:
            unit.insurance_fen += line.amount_fen
        else:
            unit.remaining_fen += line.amount_fen
        person.total_fen += line.amount_fen
    return Publicity(batch, regions.name_of(batch.region_id), list(units.values()), list(people.values()))


def months_words(months: list) -> str:
    """[2026-07-01, 2026-08-01, 2026-09-01] → '2026年7月—9月（3个月）'."""
    if not months:
        return "—"
    first, last = min(months), max(months)
    span = f"{first.year}年{first.month}月" + ("" if first == last else f"—{last.month}月" if first.year == last.year
                                               else f"—{last.year}年{last.month}月")
    return f"{span}（{len(months)}个月）"

