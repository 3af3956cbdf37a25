"""Counts kept in step with the rows they count, for 统计 (services.stats): database triggers
(services.tallies) change them inside the same transaction as every write to the rows, so a
city's figures are read from a few hundred of these instead of counted from the rows.

Each count is kept per day and per month: a period reads whole months from the month table and
only its partial first and last months from the day table."""
from peewee import CharField, CompositeKey, DateField, IntegerField

from .base import BaseModel


class ApplicationDayCount(BaseModel):
    """Applications by 业务办理属地, the day they were submitted, 人员类别 and 审核状态."""

    region = CharField(max_length=6)
    day = DateField()
    category = CharField(max_length=10)
    status = CharField(max_length=10)
    count = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("region", "day", "category", "status")


class ApplicationMonthCount(BaseModel):
    """The same by the month they were submitted ('2026-03')."""

    region = CharField(max_length=6)
    month = CharField(max_length=7)
    category = CharField(max_length=10)
    status = CharField(max_length=10)
    count = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("region", "month", "category", "status")


class OpenPositionDayCount(BaseModel):
    """Positions not closed (招募中 until their deadline) and their 招收人数, by place and 有效期至."""

    region = CharField(max_length=6)
    deadline = DateField()
    positions = IntegerField(default=0)
    openings = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("region", "deadline")


class OpenPositionMonthCount(BaseModel):
    """The same by the month of their 有效期至."""

    region = CharField(max_length=6)
    month = CharField(max_length=7)
    positions = IntegerField(default=0)
    openings = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("region", "month")


class FavoriteCount(BaseModel):
    """收藏 of the positions of a place."""

    region = CharField(max_length=6, primary_key=True)
    favorites = IntegerField(default=0)


class _TraineeCounts(BaseModel):
    """Placements 已备案 or 已结束 (services.placement_stats' words): all of them, those 已备案, and
    those ended each way, kept or not. Whether one has started depends on the day: the few that
    have not are read from the placements themselves."""

    placements = IntegerField(default=0)
    filed = IntegerField(default=0)
    completed = IntegerField(default=0)
    left_early = IntegerField(default=0)
    hired = IntegerField(default=0)
    retained = IntegerField(default=0)
    unrecorded = IntegerField(default=0)


class PlacementRegionCount(_TraineeCounts):
    """The trainees of a place."""

    region = CharField(max_length=6, primary_key=True)


class PlacementUnitCount(_TraineeCounts):
    """The trainees of a unit in a place."""

    region = CharField(max_length=6)
    employer = IntegerField()

    class Meta:
        primary_key = CompositeKey("region", "employer")


class ClaimLineCount(BaseModel):
    """Claim lines and their amounts (分) by the claim's place, 补贴项目 and state."""

    region = CharField(max_length=6)
    kind = CharField(max_length=10)
    state = CharField(max_length=10)
    lines = IntegerField(default=0)
    amount_fen = IntegerField(default=0)

    class Meta:
        primary_key = CompositeKey("region", "kind", "state")
