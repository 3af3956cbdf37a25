"""Money as integer 分: parsed from what people type in 元, shown back in 元, never a float."""
from decimal import Decimal, InvalidOperation

CENTS = Decimal("0.01")
LIMIT_FEN = 100_000_000  # 一百万元: more than any amount the programme handles, less than a typo's zeros


def parse_yuan(text: str | None, label: str) -> tuple[int | None, str | None]:
    """('2150.5' → 215050, None), or (None, a message naming `label`): at most two decimals,
    not negative, no grouping commas needed (but allowed), under LIMIT_FEN."""
    raw = (text or "").strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if not raw:
        return None, f"请填写{label}"
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None, f"{label}请填写数字，单位为元，例如 2150 或 2150.50"
    if not amount.is_finite() or amount < 0:
        return None, f"{label}不能为负数"
    if amount != amount.quantize(CENTS):
        return None, f"{label}最多保留两位小数（分）"
    fen = int(amount * 100)
    if fen >= LIMIT_FEN:
        return None, f"{label}过大，请核对"
    return fen, None


def yuan(fen: int | None) -> str:
    """215050 → '2,150.50'; None → ''."""
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:,.2f}"


def plain_yuan(fen: int | None) -> str:
    """215050 → '2150.50', for spreadsheets and forms (no grouping)."""
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:.2f}"
