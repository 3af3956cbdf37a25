"""Today's date where the service runs (Shanxi), not where the server's clock is set.

Every date and time the service keeps or compares is Shanxi's wall-clock time (config TIMEZONE),
stored naive: a server whose own zone is UTC would otherwise date an evening's work tomorrow.
The zone is set once at start-up (create_app); before that (a script) it is the environment's
TIMEZONE, else Asia/Shanghai.
"""
import datetime
import os
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"
_zone = {"now": ZoneInfo(os.environ.get("TIMEZONE", DEFAULT_TIMEZONE))}


def set_zone(name: str) -> None:
    """The service's time zone from now on (config TIMEZONE, at start-up)."""
    _zone["now"] = ZoneInfo(name)


def zone() -> ZoneInfo:
    return _zone["now"]


def now() -> datetime.datetime:
    return datetime.datetime.now(zone()).replace(tzinfo=None)


def today() -> datetime.date:
    return now().date()
