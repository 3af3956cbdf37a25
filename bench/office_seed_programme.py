"""The programme part of bench/office_seed.py: placements in every state (each with its accepted
offer; its policy once the agreement is signed), the month records of those on the job, the units'
quarterly claims of those months and the offices' batches. `plan` runs before the positions are
loaded (their `placed` is the count of placements, under the CHECK placed <= openings), `load` after."""
import datetime
from collections import defaultdict

from jianxi.models import (
    Attachment,
    Batch,
    CandidateStep,
    Claim,
    ClaimLine,
    Insurance,
    MonthRecord,
    Placement,
)
from jianxi.ops import bulk

# (status, share of 100, first and last day it starts, relative to today)
STATES = (("accepted", 5, 5, 30), ("submitted", 8, -10, 20), ("returned", 2, -5, 20), ("filed", 55, -300, 10),
          ("ended", 30, -720, -100))
ENDINGS = ("completed",) * 13 + ("left",) * 5 + ("hired",) * 2
WAGE_FEN, SHARE = 198_000, 60


def _add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + year, month + 1, min(day.day, 28))


def plan(rng, offices, positions_of: dict, count: int) -> tuple[list[tuple], dict[int, int]]:
    """(placements as (user, position id, its facts), {position id: placed}): each approved person
    at most once, in a position of their own office with room left."""
    by_office = defaultdict(list)
    for pid, facts in positions_of.items():
        by_office[facts[0].code].append(pid)
    placed, planned = defaultdict(int), []
    people = {office.code: rng.sample(office.approved, len(office.approved)) for office in offices}
    weights = [len(people[o.code]) for o in offices]
    while len(planned) < count and any(weights):
        office = rng.choices(offices, weights)[0]
        own = by_office.get(office.code)
        if not own:
            weights[offices.index(office)] = 0
            continue
        for _ in range(5):
            pid = own[int(rng.random() * len(own))]
            if placed[pid] < positions_of[pid][3]:
                placed[pid] += 1
                planned.append((people[office.code].pop(), pid, positions_of[pid]))
                break
        weights[offices.index(office)] = len(people[office.code])
    return planned, dict(placed)


PLACEMENT_COLUMNS = [
    "id", "user_id", "position_id", "employer_id", "offer_id", "region_id", "status", "accepted_at", "start_date",
    "months", "end_date", "allowance_fen", "mentor_name", "mentor_title", "mentor_phone", "working_hours", "duties",
    "terms", "version", "unit_version", "unit_confirmed_at", "unit_confirmed_by_id", "trainee_version",
    "trainee_confirmed_at", "submitted_at", "decided_at", "decided_by_id", "reason", "updated_at", "ending",
    "ended_at", "ended_by_id", "last_day", "leave_reason", "assessment", "retained", "certificate_code",
]
OFFER_COLUMNS = ["id", "position_id", "employer_id", "user_id", "kind", "start_date", "status", "expires_at",
                 "answered_at", "created_at", "created_by_id", "place", "note", "answer_note", "reason"]


def _state(rng) -> tuple:
    roll = rng.random() * 100
    for state in STATES:
        roll -= state[1]
        if roll < 0:
            return state
    return STATES[-1]


def load(rng, ids, offices, planned: list[tuple], today: datetime.date) -> None:
    reviewer = {office.code: office.reviewer_id for office in offices}
    offers, rows, files, policies, months = [], [], [], [], []
    for uid, pid, facts in planned:
        office, employer_id, unit_user, _, _, _, _, _, subsidy = facts
        status, _, first, last = _state(rng)
        start = today + datetime.timedelta(days=rng.randint(first, last))
        length = rng.choice((3, 6, 6, 12))
        end = _add_months(start, length) - datetime.timedelta(days=1)
        offered = datetime.datetime.combine(start - datetime.timedelta(days=rng.randint(10, 30)), datetime.time(10))
        accepted = offered + datetime.timedelta(hours=20)
        signed = accepted + datetime.timedelta(days=1)
        oid, placement_id = ids.take("candidate_step"), ids.take("placement")
        offers.append((oid, pid, employer_id, uid, "offer", start, "accepted", offered + datetime.timedelta(days=7),
                       accepted, offered, unit_user, "", "", "", ""))
        agreed = status != "accepted"
        submitted = signed + datetime.timedelta(days=1) if agreed else None
        decided = submitted + datetime.timedelta(days=1) if status in ("returned", "filed", "ended") else None
        ending = ENDINGS[int(rng.random() * len(ENDINGS))] if status == "ended" else None
        last_day = (end if ending == "completed" else start + datetime.timedelta(days=rng.randint(20, 60))) \
            if ending else None
        assessment = ("pass" if rng.random() < 0.95 else "fail") if ending == "completed" else None
        rows.append((
            placement_id, uid, pid, employer_id, oid, office.code, status, accepted, start, length, end, subsidy * 100,
            "张老师", "主管", "13500000000", "周一至周五 9:00–17:30", "协助完成岗位日常工作", "", 1,
            1 if agreed else None, signed if agreed else None, unit_user if agreed else None,
            1 if agreed else None, signed if agreed else None, submitted, decided,
            reviewer[office.code] if decided else None, "保单扫描件不清晰，请重新上传" if status == "returned" else "",
            decided or accepted, ending, datetime.datetime.combine(last_day, datetime.time(17)) if ending else None,
            unit_user if ending else None, last_day, "personal" if ending == "left" else "", assessment,
            (rng.random() < 0.4) if ending == "completed" else None,
            f"C{placement_id:015d}" if assessment == "pass" else None,
        ))
        if agreed:
            file_id = ids.take("attachment")
            files.append((file_id, unit_user, "policy", "保单.png", f"office-bench-policy-{file_id}", 20_000,
                          "image/png", "0" * 64, signed, False))
            policies.append((placement_id, "中国人民财产保险股份有限公司", f"PEAC{placement_id:012d}", start, end, 12_000,
                             file_id, signed, unit_user))
        if status in ("filed", "ended"):
            served_to = min(last_day or end, today - datetime.timedelta(days=1))
            month = start.replace(day=1)
            while _add_months(month, 1) - datetime.timedelta(days=1) <= served_to:
                paid_on = _add_months(month, 1).replace(day=5)
                months.append((ids.take("month_record"), placement_id, month, rng.randint(18, 22), subsidy * 100,
                               paid_on, unit_user, employer_id, office.code))
                month = _add_months(month, 1)
    bulk.insert(CandidateStep, OFFER_COLUMNS, offers)
    bulk.insert(Placement, PLACEMENT_COLUMNS, rows)
    bulk.insert(Attachment, ["id", "owner_id", "kind", "original_name", "stored_name", "size", "content_type", "sha256",
                             "uploaded_at", "removed"], files)
    bulk.insert(Insurance, ["placement_id", "insurer", "policy_number", "starts_on", "ends_on", "premium_fen",
                            "scan_id", "recorded_at", "recorded_by_id"], policies)
    bulk.insert(MonthRecord, ["id", "placement_id", "month", "days_attended", "paid_fen", "paid_on", "recorded_at",
                              "recorded_by_id", "updated_at"],
                ((mid, p, m, d, fen, paid, datetime.datetime.combine(paid, datetime.time(9)), who,
                  datetime.datetime.combine(paid, datetime.time(9))) for mid, p, m, d, fen, paid, who, _, _ in months))
    _claims(rng, ids, reviewer, months, today)


def _quarter(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    return first, _add_months(first, 3) - datetime.timedelta(days=1)


def _claims(rng, ids, reviewer: dict, months: list, today: datetime.date) -> None:
    """One claim per unit, office and finished quarter of its months; the latest quarter's mostly
    待审核, the older ones decided into one batch per office and quarter (paid, but the last)."""
    groups = defaultdict(list)
    for record in months:
        quarter = _quarter(record[2])
        if quarter[1] < today:
            groups[(record[7], record[8], quarter)].append(record)
    latest = max((key[2][0] for key in groups), default=None)
    batches, numbers, claims, lines = {}, defaultdict(int), [], []
    for (employer_id, region, (first, last)), records in sorted(groups.items(), key=lambda item: item[0][2]):
        submitted_at = datetime.datetime.combine(last + datetime.timedelta(days=rng.randint(3, 20)), datetime.time(10))
        waiting = first == latest and rng.random() < 0.7
        batch_id = None
        if not waiting:
            if (region, first) not in batches:
                numbers[(region, first.year)] += 1
                published = last + datetime.timedelta(days=40)
                paid = first != latest and published + datetime.timedelta(days=20) < today
                batch_id = ids.take("batch")
                batches[(region, first)] = (
                    batch_id, region, first.year, numbers[(region, first.year)], "paid" if paid else "published",
                    "人社局就业科 0351-1234567", published, published + datetime.timedelta(days=7),
                    datetime.datetime.combine(published, datetime.time(9)), reviewer[region],
                    published + datetime.timedelta(days=15) if paid else None, f"PZ{batch_id:06d}" if paid else "",
                    datetime.datetime.combine(published + datetime.timedelta(days=15), datetime.time(9)) if paid else None,
                    reviewer[region] if paid else None)
            batch_id = batches[(region, first)][0]
        claim_id = ids.take("claim")
        decided_at = submitted_at + datetime.timedelta(days=10)
        claims.append((claim_id, employer_id, region, first, last, "submitted" if waiting else "decided", submitted_at,
                       records[0][6], None if waiting else decided_at, None if waiting else reviewer[region], batch_id))
        paid = batch_id is not None and batches[(region, first)][4] == "paid"
        for _, placement_id, month, days, _, _, _, _, _ in records:
            roll = rng.random()
            state = ("claimed" if waiting else "returned" if roll < 0.03 else "held" if roll < 0.04
                     else "paid" if paid else "approved")
            amount = WAGE_FEN * SHARE // 100 * days // 21 if days < 21 else WAGE_FEN * SHARE // 100
            lines.append((claim_id, placement_id, "month", month, amount, WAGE_FEN, SHARE, days, 21,
                          f"月最低工资标准 1980.00 元 × {SHARE}% × 出勤 {days} 天 ÷ 当月工作日 21 天", state,
                          "出勤记录与考勤表不符" if state == "returned" else "",
                          None if waiting else decided_at))
    bulk.insert(Batch, ["id", "region_id", "year", "number", "status", "contact", "published_on", "window_ends",
                        "created_at", "created_by_id", "paid_on", "voucher", "paid_at", "paid_by_id"], batches.values())
    bulk.insert(Claim, ["id", "employer_id", "region_id", "period_from", "period_to", "status", "submitted_at",
                        "submitted_by_id", "decided_at", "decided_by_id", "batch_id"], claims)
    bulk.insert(ClaimLine, ["claim_id", "placement_id", "kind", "month", "amount_fen", "wage_fen", "share_percent",
                            "served_days", "working_days", "basis", "state", "reason", "decided_at"], lines)
