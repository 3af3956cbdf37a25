"""A signed-in person's own settings under /account/, whatever their role: 通知设置 and the link that
verifies their e-mail address."""
from .views import bp

__all__ = ["bp"]
