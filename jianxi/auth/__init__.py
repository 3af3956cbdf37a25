from .sessions import init_app
from .views import bp

__all__ = ["bp", "init_app"]
