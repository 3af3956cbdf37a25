"""Resident ID numbers (GB 11643-1999): check digit, birth date and gender."""
import datetime
import re
from typing import NamedTuple

from .errors import IdNumberError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumber(NamedTuple):
    number: str
    birth_date: datetime.date
    gender: str  # "男" or "女"


def normalize(raw: str) -> str:
    return "".join(raw.split()).upper()


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def parse(raw: str, today: datetime.date) -> IdNumber:
    number = normalize(raw)
    if len(number) != 18:
        raise IdNumberError("身份证号码应为18位")
    if not SHAPE.match(number):
        raise IdNumberError("身份证号码前17位应为数字，最后一位为数字或X")
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError("身份证号码校验位不正确，请核对后重新输入")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("身份证号码中的出生日期不存在") from None
    if birth >= today or birth.year < 1900:
        raise IdNumberError("身份证号码中的出生日期不正确")
    gender = "男" if int(number[16]) % 2 else "女"
    return IdNumber(number, birth, gender)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
