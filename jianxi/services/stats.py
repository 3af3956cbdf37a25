"""统计 for an office's jurisdiction: applications by 审核状态 and by month, positions, favorites,
and the approval rate. Every figure is counted within services.access's scope."""
import datetime
from dataclasses import dataclass

from peewee import fn

from ..models import (
    APPLICATION_APPROVED,
    APPLICATION_REJECTED,
    APPLICATION_STATUSES,
    POSITION_OPEN,
    Application,
    Favorite,
    Position,
)
from . import access


@dataclass(frozen=True)
class Figures:
    by_status: list[tuple[str, int]]  # (审核状态, count), every status
    by_month: list[tuple[str, int]]  # (YYYY-MM, count), the last 12 months, oldest first
    open_positions: int
    openings: int
    favorites: int
    approval_rate: float | None  # 审核通过 among decided applications, None before any decision


def last_months(today: datetime.date, count: int = 12) -> list[str]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def figures(user, today: datetime.date) -> Figures:
    in_scope = access.scope(user, Application.jurisdiction)
    statuses = dict(
        Application.select(Application.status, fn.COUNT(Application.id)).where(in_scope)
        .group_by(Application.status).tuples()
    )
    months = last_months(today)
    per_month = dict(
        Application.select(Application.submitted_month, fn.COUNT(Application.id))
        .where(in_scope & Application.submitted_month.in_(months))
        .group_by(Application.submitted_month).tuples()
    )
    open_now = access.positions(user).where((Position.status == POSITION_OPEN) & (Position.deadline >= today))
    decided = statuses.get(APPLICATION_APPROVED, 0) + statuses.get(APPLICATION_REJECTED, 0)
    return Figures(
        by_status=[(label, statuses.get(code, 0)) for code, label in APPLICATION_STATUSES.items()],
        by_month=[(month, per_month.get(month, 0)) for month in months],
        open_positions=open_now.count(),
        openings=open_now.select(fn.COALESCE(fn.SUM(Position.openings), 0)).scalar() or 0,
        favorites=Favorite.select().join(Position).where(access.scope(user, Position.region)).count(),
        approval_rate=statuses.get(APPLICATION_APPROVED, 0) / decided if decided else None,
    )
