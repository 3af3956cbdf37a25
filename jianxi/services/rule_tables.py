"""What the operators' tables of rules share (月最低工资标准, the holiday calendar, the subsidy
rules): one reading of a typed date, a yes/no, a whole percent and a CSV file checked row by row,
so the admin page, a command and a shipped file refuse the same things in the same words."""
import csv
import datetime
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from .errors import UnreadableFile

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERCENT = re.compile(r"^\d{1,3}$")
TRUE_WORDS = {"true", "1", "yes", "y", "是", "on"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "off", ""}

Entry = TypeVar("Entry")


def words(value) -> str:
    """What was typed, its runs of blanks (line breaks included) as one space."""
    return " ".join(str(value or "").split())


def date(value, field: str, message: str, errors: dict[str, str]) -> datetime.date | None:
    """YYYY-MM-DD, a real day; anything else puts `message` on `field`. Only the ISO form is read,
    so 2025/10/01 or 10-01-2025 is told rather than guessed at."""
    text = str(value or "").strip()
    try:
        if not DATE.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors[field] = message
        return None


def flag(value, field: str, message: str, errors: dict[str, str]) -> bool | None:
    """A checkbox's True/False as it is, or a word of a CSV cell or a command (true, 是, 0 …)."""
    if isinstance(value, bool):
        return value
    word = str(value or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors[field] = message
    return None


def percent(value, field: str, label: str, errors: dict[str, str], required: bool = True) -> int | None:
    """A whole percent from 1 to 100 ('60' or '60%'); empty is None when not `required`."""
    text = str(value or "").strip().removesuffix("%").removesuffix("％").strip()
    if not text:
        if required:
            errors[field] = f"请填写{label}"
        return None
    if not PERCENT.match(text) or not 1 <= int(text) <= 100:
        errors[field] = f"{label}应为1到100之间的整数，如 60"
        return None
    return int(text)


def read(path: Path, parse: Callable[[Mapping[str, str]], tuple[Entry | None, dict[str, str]]]) -> list[Entry]:
    """Every row of a CSV file (UTF-8, with or without BOM), checked by `parse`; UnreadableFile
    names each bad line, so a file is loaded whole or not at all."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            lines = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UnreadableFile(f"无法读取 {path}：{error}") from None
    entries, problems = [], []
    for number, line in enumerate(lines, start=2):
        entry, errors = parse(line)
        if errors:
            problems.append(f"第{number}行：" + "；".join(errors.values()))
        else:
            entries.append(entry)
    if problems:
        raise UnreadableFile("\n".join(problems))
    return entries
