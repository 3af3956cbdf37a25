"""见习岗位录入及维护: the positions of a person's 业务办理属地, and their favorites (收藏).

Only a 就业见习人员 (an approved application) may shortlist, only open positions of their
jurisdiction, and at most three. The limit and the uniqueness are the database's (numbered
slots, unique indexes); the position being open is checked in the same INSERT that adds the
favorite, so a favorite racing the position's closing either lands while it is open or not at all.
"""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError, Value

from ..db import db
from ..models import (
    APPLICATION_APPROVED,
    FAVORITE_LIMIT,
    PLACEMENT_ENDED,
    POSITION_OPEN,
    Application,
    Employer,
    Favorite,
    Placement,
    Position,
    User,
)
from ..reference import regions
from . import audit
from .applications import active_application
from .errors import Conflict, FavoritesFull, NotFound, NotTrainee, ServiceError

NOT_TRAINEE = "该人员不是就业见习人员"


@dataclass(frozen=True)
class Standing:
    """Where a person stands: their 未审核-or-审核通过 application (None: none) and whether approved."""

    application: Application | None

    @property
    def jurisdiction(self) -> str | None:
        return self.application.jurisdiction_id if self.application else None

    @property
    def is_trainee(self) -> bool:
        return self.application is not None and self.application.status == APPLICATION_APPROVED


def standing(user: User) -> Standing:
    return Standing(active_application(user))


def _under(jurisdiction: str):
    """Positions under a jurisdiction: a county's own, or every position of a city (its 市本级)."""
    if regions.is_city(jurisdiction):
        return Position.city == jurisdiction
    return Position.region == jurisdiction


def position_for(jurisdiction: str, position_id: int) -> Position:
    """A position of the jurisdiction (open or not: a favorite of a closed one is still shown)."""
    position = (
        Position.select(Position, Employer).join(Employer)
        .where((Position.id == position_id) & _under(jurisdiction))
        .first()
    )
    if position is None:
        raise NotFound("没有找到这个岗位")
    return position


def of(user: User) -> list[Favorite]:
    """The person's favorites in the order they were added, with their positions."""
    return list(
        Favorite.select(Favorite, Position, Employer)
        .join(Position).join(Employer)
        .where(Favorite.user == user)
        .order_by(Favorite.created_at, Favorite.id)
    )


def position_ids(user: User) -> set[int]:
    return {row.position_id for row in Favorite.select(Favorite.position).where(Favorite.user == user)}


def add(user: User, position_id: int, now: datetime.datetime) -> Favorite:
    """收藏. Adding one already shortlisted returns it (a double click is not a second favorite)."""
    current = standing(user)
    if not current.is_trainee:
        raise NotTrainee(NOT_TRAINEE, current.application)
    position = position_for(current.jurisdiction, position_id)
    if Placement.select().where((Placement.user == user.id) & (Placement.status != PLACEMENT_ENDED)).exists():
        raise Conflict("您已有见习岗位，见习结束前不能再收藏岗位")
    for _ in range(2 * FAVORITE_LIMIT):
        existing = Favorite.get_or_none((Favorite.user == user) & (Favorite.position == position))
        if existing is not None:
            return existing
        taken = {row.slot for row in Favorite.select(Favorite.slot).where(Favorite.user == user)}
        free = [slot for slot in range(1, FAVORITE_LIMIT + 1) if slot not in taken]
        if not free:
            raise FavoritesFull(f"最多收藏{FAVORITE_LIMIT}个岗位", of(user))
        try:
            with db.atomic():
                added = _insert_if_open(user, position, free[0], now)
                if not added:
                    raise Conflict("该岗位已结束招募，不能收藏")
                audit.record(user, "favorite", "position", position.id, now)
        except IntegrityError:
            continue  # another request took that slot, or added this very position: look again
        return Favorite.get((Favorite.user == user) & (Favorite.position == position))
    raise ServiceError("系统繁忙，请稍后再试")


def _insert_if_open(user: User, position: Position, slot: int, now: datetime.datetime) -> bool:
    """One INSERT … SELECT: the row exists only if the position is open at that moment."""
    source = Position.select(Value(user.id), Position.id, Value(slot), Value(now)).where(
        (Position.id == position.id) & (Position.status == POSITION_OPEN) & (Position.deadline >= now.date())
    )
    Favorite.insert_from(source, [Favorite.user, Favorite.position, Favorite.slot, Favorite.created_at]).execute()
    return Favorite.select().where((Favorite.user == user) & (Favorite.position == position)).exists()


def remove(user: User, position_id: int, now: datetime.datetime) -> bool:
    """取消收藏; True when there was one to remove. Always allowed, closed position or not."""
    with db.atomic():
        removed = Favorite.delete().where((Favorite.user == user) & (Favorite.position == position_id)).execute()
        if removed:
            audit.record(user, "unfavorite", "position", position_id, now)
    return bool(removed)
