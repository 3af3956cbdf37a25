"""/admin/: the operators' pages for the tables of rules the service reads (月最低工资标准 first)."""
from .views import bp

__all__ = ["bp"]
