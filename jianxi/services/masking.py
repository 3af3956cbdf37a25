"""Names and numbers as the public may see them (见习证明 checks, and 公示 later): enough to tell
people apart, not enough to find them."""


def name(full: str) -> str:
    """张三 → 张*; 张小明 → 张*明; 欧阳小明 → 欧**明: the first and the last character kept."""
    full = (full or "").strip()
    if len(full) <= 1:
        return full
    if len(full) == 2:
        return full[0] + "*"
    return full[0] + "*" * (len(full) - 2) + full[-1]


def id_number(number: str) -> str:
    """The birth date and sequence hidden: 140105********123X."""
    return number[:6] + "********" + number[-4:] if len(number or "") == 18 else (number or "")
