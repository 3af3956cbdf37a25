"""The rules a 见习单位 and a 见习岗位 must meet, in one place for the office forms and the CSV import.

Each parser takes the raw text a person typed (a form, or a spreadsheet row) and returns the
cleaned values and, for every field that is wrong, a Chinese message by that field's name.
"""
import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import EDUCATION_LEVELS
from . import credit_code
from .errors import ServiceError

PHONE = re.compile(r"^[0-9][0-9-]{6,19}$")
DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
EDUCATION_BY_LABEL = {label: code for code, label in EDUCATION_LEVELS.items()} | {"高中": "secondary", "中专": "secondary"}


@dataclass(frozen=True)
class EmployerData:
    name: str
    credit_code: str
    address: str
    contact_person: str
    phone: str


EMPLOYER_LABELS = {
    "name": "单位名称", "credit_code": "统一社会信用代码", "address": "单位地址",
    "contact_person": "联系人", "phone": "联系电话",
}


@dataclass(frozen=True)
class PositionData:
    title: str
    address: str
    openings: int
    education: str
    major: str
    duration_months: int
    monthly_subsidy: int
    duties: str
    contact: str
    deadline: datetime.date


POSITION_LABELS = {
    "title": "岗位名称", "address": "工作地址", "openings": "招收人数", "education": "学历要求",
    "major": "专业要求", "duration_months": "见习期限", "monthly_subsidy": "月补贴",
    "duties": "岗位职责", "contact": "联系方式", "deadline": "有效期至",
}


class _Reader:
    """Reads fields of one form or row, noting a message for each field that is wrong."""

    def __init__(self, raw: Mapping[str, str]):
        self.raw = raw
        self.errors: dict[str, str] = {}

    def text(self, name: str, label: str, max_length: int, required: bool = True) -> str:
        value = " ".join(str(self.raw.get(name) or "").split()) if name != "duties" else str(self.raw.get(name) or "").strip()
        if required and not value:
            self.errors[name] = f"请填写{label}"
        elif len(value) > max_length:
            self.errors[name] = f"{label}不能超过{max_length}个字"
        return value

    def number(self, name: str, message: str, low: int, high: int) -> int:
        value = str(self.raw.get(name) or "").strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 7 and low <= int(value) <= high):
            self.errors[name] = message
            return 0
        return int(value)


def parse_employer(raw: Mapping[str, str]) -> tuple[EmployerData | None, dict[str, str]]:
    read = _Reader(raw)
    name = read.text("name", "单位名称", 100)
    code = ""
    try:
        code = credit_code.parse(str(raw.get("credit_code") or ""))
    except ServiceError as error:
        read.errors["credit_code"] = error.message
    address = read.text("address", "单位地址", 200)
    contact_person = read.text("contact_person", "联系人", 20)
    phone = read.text("phone", "联系电话", 20)
    if phone and "phone" not in read.errors and not PHONE.match(phone):
        read.errors["phone"] = "联系电话只能包含数字和“-”，如 0351-1234567 或 13912345678"
    if read.errors:
        return None, read.errors
    return EmployerData(name, code, address, contact_person, phone), {}


def parse_position(raw: Mapping[str, str], today: datetime.date, publishing: bool = True):
    """(PositionData, {}) or (None, {field: message}). `publishing`: an open position's deadline
    may not be in the past."""
    read = _Reader(raw)
    title = read.text("title", "岗位名称", 60)
    address = read.text("address", "工作地址", 200)
    openings = read.number("openings", "招收人数应为1到9999之间的整数", 1, 9999)
    education = str(raw.get("education") or "").strip()
    education = EDUCATION_BY_LABEL.get(education, education)
    if education not in EDUCATION_LEVELS:
        read.errors["education"] = "请选择学历要求：" + "、".join(EDUCATION_LEVELS.values())
    major = read.text("major", "专业要求", 60, required=False) or "专业不限"
    duration = read.number("duration_months", "见习期限应为3到12个月之间的整数", 3, 12)
    subsidy = read.number("monthly_subsidy", "月补贴应为0或正整数（元）", 0, 999999)
    duties = read.text("duties", "岗位职责", 2000)
    contact = read.text("contact", "联系方式", 60)
    deadline = _date(read, str(raw.get("deadline") or "").strip(), today, publishing)
    if read.errors:
        return None, read.errors
    return PositionData(title, address, openings, education, major, duration, subsidy, duties, contact, deadline), {}


REFERENCE_MAX = 40


def parse_reference(value, required: bool = False) -> tuple[str | None, str | None]:
    """岗位编号 as (value, None) or (None, message); left empty it is None, which the import (its key)
    refuses and the office form allows."""
    reference = str(value or "").strip()
    if not reference:
        return None, f"请填写岗位编号（最多{REFERENCE_MAX}个字符）" if required else None
    if len(reference) > REFERENCE_MAX:
        return None, f"岗位编号不能超过{REFERENCE_MAX}个字符"
    return reference, None


def _date(read: _Reader, value: str, today: datetime.date, publishing: bool) -> datetime.date | None:
    value = value.replace("/", "-").replace(".", "-")
    try:
        if not DATE.match(value):
            raise ValueError
        year, month, day = (int(part) for part in value.split("-"))
        parsed = datetime.date(year, month, day)
    except ValueError:
        read.errors["deadline"] = "有效期至应为日期，如 2027-06-30"
        return None
    if publishing and parsed < today:
        read.errors["deadline"] = "有效期至不能早于今天"
    return parsed
