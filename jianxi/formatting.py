"""How dates and periods read in the UI, shared by pages and exports."""


def month_label(month: str) -> str:
    """'2026-11' → '2026年11月'."""
    return f"{month[:4]}年{month[5:]}月"


def month_choices(months: list[str]) -> list[tuple[str, str]]:
    """(value, label) pairs for a 申办月份 select."""
    return [(month, month_label(month)) for month in months]
