"""Today's date where the service runs (Shanxi), not where the server's clock is set.

Every date and time the service keeps or compares is Shanxi's wall-clock time (config TIMEZONE),
stored naive: a server whose own zone is UTC would otherwise date an evening's work tomorrow.
"""
import datetime
import os
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Shanghai"


def zone() -> ZoneInfo:
    """The app's TIMEZONE; outside an app (a row's default made by a script) the environment's."""
    name = current_app.config["TIMEZONE"] if has_app_context() else os.environ.get("TIMEZONE", DEFAULT_TIMEZONE)
    return ZoneInfo(name)


def now() -> datetime.datetime:
    return datetime.datetime.now(zone()).replace(tzinfo=None)


def today() -> datetime.date:
    return now().date()
