"""Row ids from URLs and forms: digits that fit a 64-bit integer, or nothing.

Werkzeug's <int:…> takes any length of digits, and SQLite refuses a number past 2**63 - 1 with
an OverflowError (a 500). Every id from outside goes through here (URLs through
web.converters) and is simply not found.
"""
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """A positive id that fits the database's integers, else None."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
