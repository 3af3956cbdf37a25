"""/admin/: the operators' pages for the tables of rules the service reads: 月最低工资标准, the
节假日安排 (working days) and the 见习补贴 rules."""
from . import holidays, subsidy_rules  # noqa: F401 (their routes register on the blueprint)
from .views import bp

__all__ = ["bp"]
