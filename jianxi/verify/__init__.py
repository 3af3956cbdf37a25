"""/verify/: anyone checks a 见习证明 by its code."""
from . import views  # noqa: F401 (its routes register on the blueprint)
from .views import bp

__all__ = ["bp"]
