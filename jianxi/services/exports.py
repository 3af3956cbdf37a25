"""Cells of the offices' spreadsheets: long numbers kept as written, free text never run as a formula
(the file itself is written by web.spreadsheets)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """A long number Excel must keep as written (ID, mobile): 14010520030512123X, not 1.4E+17."""
    return f'="{value}"' if value else ""


def cell(value) -> str:
    """Free text, neutralised so a spreadsheet never runs it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text
