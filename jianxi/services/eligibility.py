"""Who may apply under which 人员类别: the two conditions of the programme, told as soon as the
facts are known (the age from the ID number at once, the graduation month when it is typed), and
again when the form is submitted.

- 离校2年内未就业高校毕业生: graduated no more than 24 months before this month.
- 16–24岁失业青年: at least 16 and not yet 25 today.
A refusal suggests the other category only when the person meets it.
"""
import datetime
import re
from dataclasses import dataclass

from ..reference.codes import CATEGORIES, CATEGORY_GRADUATE, CATEGORY_YOUTH
from . import idcard
from .errors import NotEligible, ServiceError

GRADUATE_MONTHS = 24
YOUTH_AGES = (16, 24)
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
ELSEWHERE = "也可以在“见习岗位查询”中了解岗位，或到业务办理属地的公共就业服务机构咨询其他就业帮扶政策。"


@dataclass(frozen=True)
class Verdict:
    """One category for one person: met, not met, or not known yet (no graduation month)."""

    category: str
    met: bool | None
    reason: str

    @property
    def label(self) -> str:
        return CATEGORIES[self.category]


def months_between(earlier: str, later: datetime.date) -> int:
    year, month = (int(part) for part in earlier.split("-"))
    return (later.year - year) * 12 + later.month - month


def as_graduate(graduation_month: str, today: datetime.date) -> Verdict:
    if not graduation_month or not MONTH.match(graduation_month):
        return Verdict(CATEGORY_GRADUATE, None, "填写毕业时间后即可知道能否按“离校2年内未就业高校毕业生”申请。")
    if graduation_month > f"{today:%Y-%m}":
        return Verdict(CATEGORY_GRADUATE, False, "毕业时间晚于本月：尚未毕业的同学请毕业后再申请。")
    if months_between(graduation_month, today) > GRADUATE_MONTHS:
        return Verdict(CATEGORY_GRADUATE, False,
                       f"您的毕业时间是{graduation_month}，离校已超过2年，不属于“离校2年内未就业高校毕业生”。")
    return Verdict(CATEGORY_GRADUATE, True, f"您的毕业时间是{graduation_month}，离校未满2年，可以按“离校2年内未就业高校毕业生”申请。")


def as_youth(birth_date: datetime.date, today: datetime.date) -> Verdict:
    age = idcard.age_on(birth_date, today)
    youngest, oldest = YOUTH_AGES
    if youngest <= age <= oldest:
        return Verdict(CATEGORY_YOUTH, True, f"按身份证号码，您现在{age}周岁，可以按“16–24岁失业青年”申请。")
    return Verdict(CATEGORY_YOUTH, False,
                   f"按身份证号码，您现在{age}周岁，不在16至24周岁之间，不属于“16–24岁失业青年”。")


def assess(birth_date: datetime.date, graduation_month: str, today: datetime.date) -> dict[str, Verdict]:
    """Both categories for this person, in the form's order."""
    return {CATEGORY_GRADUATE: as_graduate(graduation_month, today), CATEGORY_YOUTH: as_youth(birth_date, today)}


def check(category: str, birth_date: datetime.date, graduation_month: str, today: datetime.date) -> None:
    """Raise NotEligible with the reason and a way forward that the person can really take."""
    verdicts = assess(birth_date, graduation_month, today)
    if category not in verdicts:
        raise ServiceError("请选择人员类别", field="category")
    chosen = verdicts[category]
    if chosen.met:
        return
    others = [v for c, v in verdicts.items() if c != category and v.met]
    advice = f"您符合“{others[0].label}”的条件，可以按这一类别申请；" + ELSEWHERE if others else ELSEWHERE.removeprefix("也")
    raise NotEligible(chosen.reason, advice)
