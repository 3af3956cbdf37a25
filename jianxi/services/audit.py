"""Writing the audit log: who did what to which object, when, and for edits what changed."""
import datetime

from ..models import AuditLog

DETAIL_MAX = 500


def record(actor, action: str, object_type: str, object_id: int, at: datetime.datetime, detail: str = "") -> None:
    """One row; call it inside the transaction of the change it records."""
    AuditLog.create(
        actor=actor, action=action, object_type=object_type, object_id=object_id, at=at, detail=detail[:DETAIL_MAX]
    )


def changes(before: dict, after: dict, labels: dict[str, str]) -> str:
    """'岗位名称：会计助理 → 出纳；招收人数：2 → 3' for the labelled fields that differ."""
    parts = [
        f"{label}：{_shown(before.get(name))} → {_shown(after.get(name))}"
        for name, label in labels.items()
        if before.get(name) != after.get(name)
    ]
    return "；".join(parts)


def _shown(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
