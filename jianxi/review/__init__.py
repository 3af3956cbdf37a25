"""The office side under /review/: the queue, each application and its decision, the export; employers,
positions and the units' 认定, accounts and proposed positions."""
from . import decisions, employers, imports, positions, proposals, queue, stats, units  # noqa: F401 (their routes register on the blueprint)
from .blueprint import bp

__all__ = ["bp"]
