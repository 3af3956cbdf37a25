"""意外伤害保险 of a placement: the policy the unit buys before the first day, covering the whole
placement, with its scan; recorded (or changed) while the unit may still change the placement."""
import datetime
from dataclasses import dataclass

from ..db import writing
from ..models import PLACEMENT_EDITABLE, Attachment, Insurance, Placement
from . import agreement_terms, audit, money
from .errors import Conflict, FieldProblems

INSURER_MAX, POLICY_MAX = 60, 40


def current(placement: Placement) -> Insurance | None:
    return Insurance.get_or_none(Insurance.placement == placement.id)


@dataclass(frozen=True)
class Policy:
    insurer: str
    policy_number: str
    starts_on: datetime.date
    ends_on: datetime.date
    premium_fen: int


def parse(raw) -> Policy:
    errors: dict[str, str] = {}
    texts = {}
    for name, label, limit in (("insurer", "保险公司", INSURER_MAX), ("policy_number", "保单号", POLICY_MAX)):
        text = " ".join(str(raw.get(name) or "").split())
        if not text:
            errors[name] = f"请填写{label}"
        elif len(text) > limit:
            errors[name] = f"{label}不能超过{limit}个字"
        texts[name] = text
    dates = {}
    for name, label in (("starts_on", "保险起期"), ("ends_on", "保险止期")):
        try:
            dates[name] = datetime.date.fromisoformat(str(raw.get(name) or "").strip())
        except ValueError:
            errors[name] = f"请按“年-月-日”填写{label}"
    if len(dates) == 2 and dates["ends_on"] < dates["starts_on"]:
        errors["ends_on"] = "保险止期不能早于起期"
    premium, problem = money.parse_yuan(raw.get("premium"), "保费")
    if problem:
        errors["premium"] = problem
    if errors:
        raise FieldProblems(errors)
    return Policy(texts["insurer"], texts["policy_number"], dates["starts_on"], dates["ends_on"], premium)


def coverage_problem(placement: Placement, policy) -> str | None:
    """The policy must cover the whole placement, from its first day (bought before the start)."""
    if policy.starts_on > placement.start_date or policy.ends_on < placement.end_date:
        return (f"保险期间（{policy.starts_on:%Y-%m-%d} 至 {policy.ends_on:%Y-%m-%d}）应覆盖整个见习期"
                f"（{placement.start_date:%Y-%m-%d} 至 {placement.end_date:%Y-%m-%d}），且自见习第一天起生效。")
    return None


def record(unit_user, placement: Placement, policy: Policy, scan: Attachment | None,
                     now: datetime.datetime) -> Insurance:
    """登记保险: the policy and its scan (kept from last time when no new one is uploaded)."""
    problem = coverage_problem(placement, policy)
    if problem:
        raise FieldProblems({"starts_on": problem})
    kept = current(placement)
    scan_id = scan.id if scan is not None else (kept.scan_id if kept else None)
    if scan_id is None:
        raise FieldProblems({"scan": "请上传保单（JPG、PNG 或 PDF）"})
    fields = dict(insurer=policy.insurer, policy_number=policy.policy_number, starts_on=policy.starts_on,
                  ends_on=policy.ends_on, premium_fen=policy.premium_fen, scan=scan_id, recorded_at=now,
                  recorded_by=unit_user)
    with writing():
        editable = Placement.select().where((Placement.id == placement.id)
                                            & Placement.status.in_(PLACEMENT_EDITABLE)).exists()
        if not editable:
            raise Conflict(agreement_terms.stale(placement.id, placement.version))
        (Insurance.insert(placement=placement.id, **fields)
         .on_conflict(conflict_target=[Insurance.placement],
                      update={getattr(Insurance, name): value for name, value in fields.items()}).execute())
        Placement.update(updated_at=now).where(Placement.id == placement.id).execute()
        audit.record(unit_user, "insure", "placement", placement.id, now,
                     f"{policy.insurer} 保单号 {policy.policy_number}，{policy.starts_on:%Y-%m-%d} 至 {policy.ends_on:%Y-%m-%d}")
    return current(placement)
