"""How a placement ends, each one conditional UPDATE of a 在岗 placement with its audit row:

- 中途退出: the last day served and a reason;
- 提前留用: the unit hires the trainee before the end (the labour contract's date, 社保 from);
- 期满: from the end date the unit writes the 见习鉴定 (合格 / 不合格, in words), then says whether it
  keeps the trainee on (留用, with the contract's date) or not.

A 合格 placement has a 见习证明 with a verification code anyone may check (services.certificates).
"""
import datetime
import secrets

from peewee import IntegrityError

from ..db import writing
from ..models import (
    ASSESSMENTS,
    ENDING_COMPLETED,
    ENDING_HIRED,
    ENDING_LEFT,
    ENDINGS,
    LEAVE_REASONS,
    PLACEMENT_ENDED,
    PLACEMENT_FILED,
    Placement,
)
from . import audit, notice_texts, notices
from .errors import Conflict, FieldProblems

NOTE_MAX, ASSESSMENT_MAX = 200, 1000
# No 0/O, 1/I/L: a code read out over the phone or typed from paper is read back right.
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def _date(raw, name: str, label: str, errors: dict) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(raw.get(name) or "").strip())
    except ValueError:
        errors[name] = f"请按“年-月-日”填写{label}"
        return None


def _on_the_job(placement: Placement, today: datetime.date) -> None:
    if placement.status == PLACEMENT_ENDED:
        raise Conflict(f"这条见习记录已于{placement.ended_at:%Y-%m-%d}结束（{ENDINGS[placement.ending]}），未做更改。")
    if placement.status != PLACEMENT_FILED or placement.start_date > today:
        raise Conflict("只有已备案并已上岗（在岗）的见习人员才能办理结束见习。")


def _end(actor, placement: Placement, today: datetime.date, now: datetime.datetime, detail: str, **fields) -> Placement:
    """The one UPDATE every ending is: only from 在岗, so two endings at once leave exactly one. A
    见习证明 issued (a 合格 期满) is told to the trainee in the same transaction."""
    with writing():
        changed = (Placement.update(status=PLACEMENT_ENDED, ended_at=now, ended_by=actor, updated_at=now, **fields)
                   .where((Placement.id == placement.id) & (Placement.status == PLACEMENT_FILED)
                          & (Placement.start_date <= today)).execute())
        if not changed:
            _on_the_job(Placement.get_by_id(placement.id), today)
            raise Conflict("未做更改。")
        audit.record(actor, fields["ending"], "placement", placement.id, now, detail)
        if fields.get("certificate_code"):
            notices.send([placement.user], notice_texts.certificate(placement.id), now)
    return Placement.get_by_id(placement.id)


def leave(actor, placement: Placement, raw, today: datetime.date, now: datetime.datetime) -> Placement:
    """中途退出: the last day served (from the start, before the end date, not after today) and why."""
    _on_the_job(placement, today)
    errors: dict[str, str] = {}
    last_day = _date(raw, "last_day", "最后见习日", errors)
    if last_day and not placement.start_date <= last_day < placement.end_date:
        errors["last_day"] = (f"最后见习日应在{placement.start_date:%Y-%m-%d}至{placement.end_date - datetime.timedelta(days=1):%Y-%m-%d}"
                              "之间（到结束日期的是期满）")
    elif last_day and last_day > today:
        errors["last_day"] = "最后见习日不能晚于今天"
    reason = str(raw.get("leave_reason") or "")
    if reason not in LEAVE_REASONS:
        errors["leave_reason"] = "请选择退出原因"
    note = " ".join(str(raw.get("leave_note") or "").split())
    if reason == "other" and not note:
        errors["leave_note"] = "选择“其他”时，请写明原因"
    elif len(note) > NOTE_MAX:
        errors["leave_note"] = f"说明不能超过{NOTE_MAX}个字"
    if errors:
        raise FieldProblems(errors)
    words = "：".join(part for part in (LEAVE_REASONS[reason], note) if part)
    return _end(actor, placement, today, now, f"最后见习日 {last_day:%Y-%m-%d}，{words}", ending=ENDING_LEFT,
                last_day=last_day, leave_reason=reason, leave_note=note)


def hire(actor, placement: Placement, raw, today: datetime.date, now: datetime.datetime) -> Placement:
    """提前留用: a labour contract from a day after the start, by the end date, not after today; 社保 from."""
    _on_the_job(placement, today)
    errors: dict[str, str] = {}
    contract_on = _date(raw, "contract_on", "劳动合同起始日", errors)
    insured_from = _date(raw, "insured_from", "社会保险缴纳起始日", errors)
    if contract_on and not placement.start_date < contract_on <= placement.end_date:
        errors["contract_on"] = (f"劳动合同起始日应在{placement.start_date + datetime.timedelta(days=1):%Y-%m-%d}"
                                 f"至{placement.end_date:%Y-%m-%d}之间")
    elif contract_on and contract_on > today:
        errors["contract_on"] = "劳动合同起始日不能晚于今天；签订后再登记"
    if insured_from and contract_on and insured_from < contract_on:
        errors["insured_from"] = "社会保险缴纳起始日不能早于劳动合同起始日"
    if errors:
        raise FieldProblems(errors)
    return _end(actor, placement, today, now,
                f"劳动合同自 {contract_on:%Y-%m-%d} 起，社会保险自 {insured_from:%Y-%m-%d} 起",
                ending=ENDING_HIRED, last_day=contract_on - datetime.timedelta(days=1), contract_on=contract_on,
                insured_from=insured_from, retained=True)


def assess(actor, placement: Placement, raw, today: datetime.date, now: datetime.datetime) -> Placement:
    """期满: the 见习鉴定, from the end date on; a 合格 one gets its 见习证明's code."""
    _on_the_job(placement, today)
    if today < placement.end_date:
        raise Conflict(f"见习期至{placement.end_date:%Y-%m-%d}结束，届时再填写见习鉴定；提前结束请选择中途退出或提前留用。")
    errors: dict[str, str] = {}
    result = str(raw.get("assessment") or "")
    if result not in ASSESSMENTS:
        errors["assessment"] = "请选择鉴定结果"
    text = str(raw.get("assessment_text") or "").strip()
    if not text:
        errors["assessment_text"] = "请填写见习鉴定意见"
    elif len(text) > ASSESSMENT_MAX:
        errors["assessment_text"] = f"见习鉴定意见不能超过{ASSESSMENT_MAX}个字"
    if errors:
        raise FieldProblems(errors)
    for _ in range(5):  # a code already taken (one chance in 10^17) is drawn again
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH)) if result == "pass" else None
        try:
            return _end(actor, placement, today, now, f"见习鉴定：{ASSESSMENTS[result]}", ending=ENDING_COMPLETED,
                        last_day=placement.end_date, assessment=result, assessment_text=text, certificate_code=code)
        except IntegrityError:
            continue
    raise Conflict("系统繁忙，请稍后再试")


def retain(actor, placement: Placement, raw, now: datetime.datetime) -> Placement:
    """留用 (with the labour contract's date) or 未留用, once, after a 期满."""
    errors: dict[str, str] = {}
    choice = str(raw.get("retained") or "")
    if choice not in ("yes", "no"):
        errors["retained"] = "请选择是否留用"
    contract_on = _date(raw, "contract_on", "劳动合同起始日", errors) if choice == "yes" else None
    if contract_on and contract_on <= placement.start_date:
        errors["contract_on"] = f"劳动合同起始日应晚于见习开始日期{placement.start_date:%Y-%m-%d}"
    if choice != "yes":
        errors.pop("contract_on", None)
    if errors:
        raise FieldProblems(errors)
    with writing():
        changed = (Placement.update(retained=choice == "yes", contract_on=contract_on, updated_at=now)
                   .where((Placement.id == placement.id) & (Placement.ending == ENDING_COMPLETED)
                          & Placement.retained.is_null()).execute())
        if not changed:
            raise Conflict("是否留用已经登记过，或这条见习记录不是期满结束的，未做更改。")
        audit.record(actor, "retain", "placement", placement.id, now,
                     f"留用，劳动合同自 {contract_on:%Y-%m-%d} 起" if contract_on else "未留用")
    return Placement.get_by_id(placement.id)


def can_retain(placement: Placement) -> bool:
    return placement.ending == ENDING_COMPLETED and placement.retained is None
