"""个人中心 (未审核, 我的办件, 撤回, 我的收藏) and 见习岗位录入及维护."""
from . import favorites, messages, placements, views  # noqa: F401 (their routes register on the blueprint)
from .blueprint import bp

__all__ = ["bp"]
