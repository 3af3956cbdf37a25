"""The office side under /review/: the queue, each application and its decision, the export; employers,
positions and the units' 认定, accounts and proposed positions; the 花名册 of placements;
补贴审核 of the units' claims, 公示 batches and their payment."""
from . import batches, claims, decisions, employers, imports, messages, placements, positions, proposals, queue, roster, stats, units  # noqa: F401 (their routes register on the blueprint)
from .blueprint import bp

__all__ = ["bp"]
