"""单位网厅 under /unit/: 单位注册, the home page, 认定 and the unit's own positions."""
from . import candidates, home, messages, placements, positions, recognition, register, subsidies  # noqa: F401 (their routes register on the blueprint)
from .blueprint import bp

__all__ = ["bp"]
