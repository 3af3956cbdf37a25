"""见习证明: what a 合格 placement gives its trainee, as a page and a PDF (the agreement's library and
layout), with a code anyone may check at /verify/<code>, which shows the name masked, the unit, the
dates and the result, and nothing else."""
from dataclasses import dataclass

from ..models import ENDING_COMPLETED, Employer, Placement, Position, User
from . import masking, placements
from .agreement import Document, Section


def by_code(code: str) -> Placement | None:
    """The 合格 placement this code belongs to (codes are kept upper-case; spaces and case forgiven)."""
    code = "".join((code or "").split()).upper()
    if not code or len(code) > 16:
        return None
    return (Placement.select(Placement, Position, Employer, User).join(Position)
            .join(Employer, on=(Placement.employer == Employer.id)).join(User, on=(Placement.user == User.id))
            .where((Placement.certificate_code == code) & (Placement.ending == ENDING_COMPLETED)
                   & (Placement.assessment == "pass")).first())


def has_certificate(placement: Placement) -> bool:
    return bool(placement.certificate_code) and placement.assessment == "pass"


@dataclass(frozen=True)
class Check:
    """What /verify/<code> shows."""

    name: str
    unit: str
    position: str
    start_date: object
    end_date: object
    result: str


def check(placement: Placement) -> Check:
    facts = placements.facts_of(placement)
    return Check(masking.name(facts.name if facts else placement.user.real_name), placement.employer.name,
                 placement.position.title, placement.start_date, placement.end_date, "见习期满，鉴定合格")


def document(placement: Placement, verify_url: str) -> Document:
    facts = placements.facts_of(placement)
    name = facts.name if facts else placement.user.real_name
    number = masking.id_number(facts.id_number) if facts else "—"
    body = Section("", (
        f"兹证明 {name}（身份证号 {number}）于{placement.start_date:%Y年%m月%d日}至{placement.end_date:%Y年%m月%d日}"
        f"在{placement.employer.name}“{placement.position.title}”岗位参加就业见习，见习期满，经见习单位鉴定为合格。",
    ))
    assessment = Section("见习鉴定", (placement.assessment_text,))
    verify = Section("核验", (f"证明编号：{placement.certificate_code}", f"可在 {verify_url} 核验本证明的真实性。"))
    signatures = (f"见习单位：{placement.employer.name}", f"出具日期：{placement.ended_at:%Y年%m月%d日}")
    return Document("就业见习证明", f"证明编号：{placement.certificate_code}", (body, assessment, verify), signatures,
                    signed_heading="出具")
