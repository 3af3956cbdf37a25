"""Substring matching in SQL that treats what a person typed as text, never as a pattern."""
from peewee import SQL, NodeList, fn


def contains(column, text: str):
    """Case-insensitive substring match in which % and _ are ordinary characters."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return NodeList((fn.LOWER(column), SQL("LIKE"), f"%{escaped}%", SQL("ESCAPE '\\'")))
