"""The office side under /review/: the queue, each application and its decision, the export."""
from . import decisions, employers, imports, positions, queue, stats  # noqa: F401 (their routes register on the blueprint)
from .blueprint import bp

__all__ = ["bp"]
