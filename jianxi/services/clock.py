"""Today's date where the service runs (Shanxi), not where the server's clock is set."""
import datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime.datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.datetime.now(zone).replace(tzinfo=None)


def today() -> datetime.date:
    return now().date()
