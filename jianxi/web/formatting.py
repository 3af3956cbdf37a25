"""How dates, periods and contact numbers read in the UI, shared by pages and exports."""
import re

from markupsafe import Markup, escape


def month_label(month: str) -> str:
    """'2026-11' → '2026年11月'."""
    return f"{month[:4]}年{month[5:]}月"


def month_choices(months: list[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for a 申办月份 select."""
    return [(month, month_label(month)) for month in months]


# A mobile number, or a landline with its area code (the hyphen optional), not inside a longer number.
PHONE = re.compile(r"(?<![\d-])(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![\d])")


def tel_links(text: str) -> Markup:
    """Contact text with each phone number in it a tel: link (a tap calls it), the rest as text."""
    text = "" if text is None else str(text)
    parts, last = [], 0
    for found in PHONE.finditer(text):
        number = found.group()
        parts += [escape(text[last:found.start()]),
                  Markup('<a href="tel:{}">{}</a>').format(number.replace("-", ""), number)]
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
