"""/publicity/: the public 公示 of the offices' subsidy batches (names masked)."""
from . import views  # noqa: F401 (its routes register on the blueprint)
from .views import bp

__all__ = ["bp"]
