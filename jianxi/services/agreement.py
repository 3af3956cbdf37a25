"""The 见习协议 as text: one content for the accessible HTML page and the printed PDF
(services.agreement_pdf), so the two can never say different things.

The standing clauses follow what the programme requires of a two-party agreement (PROGRAMME.md,
step 4: 2023 十部门 notice — 签订见习协议, 带教制度; the trainee is not the unit's employee; the unit
pays a monthly 基本生活补助 not below the local minimum wage and insures the trainee)."""
import datetime
from dataclasses import dataclass

from ..models import Application, Insurance, Placement
from ..reference import regions
from . import masking, money

TITLE = "就业见习协议书"

STANDING_DUTIES_UNIT = (
    "为见习人员提供符合见习岗位要求的见习条件和安全的见习环境，安排带教老师进行指导。",
    "按月足额向见习人员发放不低于当地最低工资标准的基本生活补助，不得克扣或拖欠。",
    "在见习开始前为见习人员办理人身意外伤害保险，保险期间覆盖整个见习期。",
    "如实记录见习人员的考勤和见习表现，见习期满后出具见习鉴定和见习证明。",
)
STANDING_DUTIES_TRAINEE = (
    "遵守见习单位的规章制度和安全操作规程，服从带教老师的指导。",
    "按约定参加见习，因故不能参加的应事先请假。",
    "保守见习期间知悉的见习单位商业秘密。",
)
STANDING_NOTES = (
    "见习期间，见习人员不属于见习单位的职工，双方不构成劳动关系。",
    "见习期内见习单位与见习人员签订劳动合同的，本协议自劳动合同生效之日起终止。",
    "任何一方提前解除本协议的，应提前告知对方并报经办机构。",
    "本协议一式三份，见习单位、见习人员和经办机构各执一份，经双方确认并经经办机构备案后生效。",
)


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    title: str
    reference: str
    sections: tuple[Section, ...]
    signatures: tuple[str, ...]
    signed_heading: str = "确认"

    def text(self) -> str:
        """All of it as plain text, in reading order (what the PDF and the page both show)."""
        parts = [self.title, self.reference]
        for section in self.sections:
            parts.append(section.heading)
            parts.extend(section.lines)
        parts.extend(self.signatures)
        return "\n".join(parts)


def reference_of(placement: Placement) -> str:
    return f"协议编号：JXXY{placement.accepted_at:%Y%m%d}{placement.id:06d}"


def _when(at: datetime.datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else "尚未确认"


def document(placement: Placement, facts: Application | None, insurance: Insurance | None) -> Document:
    """The agreement as it stands (its current version); confirmations name the version they saw."""
    unit, position = placement.employer, placement.position
    trainee = facts.name if facts else placement.user.real_name
    parties = Section("一、协议双方", (
        f"甲方（见习单位）：{unit.name}",
        f"统一社会信用代码：{unit.credit_code or '—'}",
        f"地址：{unit.address}",
        f"乙方（见习人员）：{trainee}",
        f"身份证号：{masking.id_number(facts.id_number) if facts else '—'}",
        f"联系电话：{facts.mobile if facts else placement.user.mobile}",
    ))
    post = Section("二、见习岗位和期限", (
        f"见习岗位：{position.title}（{regions.name_of(position.region_id)}）",
        f"见习期限：{placement.months}个月，自{placement.start_date:%Y年%m月%d日}起至{placement.end_date:%Y年%m月%d日}止。",
        f"见习内容：{placement.duties or '—'}",
        f"工作时间：{placement.working_hours or '—'}",
        f"带教老师：{placement.mentor_name or '—'}"
        + (f"（{placement.mentor_title}，电话 {placement.mentor_phone}）" if placement.mentor_name else ""),
    ))
    allowance = money.yuan(placement.allowance_fen) if placement.allowance_fen is not None else "—"
    pay = Section("三、基本生活补助", (
        f"甲方每月向乙方发放基本生活补助 {allowance} 元，不低于甲方所在地月最低工资标准，按月发放。",
    ))
    cover = Section("四、保险", (
        (f"甲方已为乙方办理人身意外伤害保险：{insurance.insurer}，保单号 {insurance.policy_number}，"
         f"保险期间 {insurance.starts_on:%Y-%m-%d} 至 {insurance.ends_on:%Y-%m-%d}。") if insurance else
        "甲方应在见习开始前为乙方办理人身意外伤害保险，保险期间覆盖整个见习期。",
    ))
    duties = Section("五、双方的权利和义务", tuple(
        [f"甲方：{n}. {line}" for n, line in enumerate(STANDING_DUTIES_UNIT, 1)]
        + [f"乙方：{n}. {line}" for n, line in enumerate(STANDING_DUTIES_TRAINEE, 1)]))
    notes = Section("六、其他", STANDING_NOTES + ((f"其他约定：{placement.terms}",) if placement.terms else ()))
    signatures = (
        f"协议版本：第{placement.version}版",
        f"甲方确认：{_confirmed(placement.unit_version, placement.version, placement.unit_confirmed_at)}",
        f"乙方确认：{_confirmed(placement.trainee_version, placement.version, placement.trainee_confirmed_at)}",
    )
    return Document(TITLE, reference_of(placement), (parties, post, pay, cover, duties, notes), signatures)


def _confirmed(seen: int | None, current: int, at) -> str:
    if seen == current:
        return f"已于{_when(at)}确认本版本"
    return "尚未确认本版本"
