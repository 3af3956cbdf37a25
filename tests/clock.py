"""The service's clock, as the tests read it.

The service counts days and times in Shanxi (config TIMEZONE, Asia/Shanghai), whatever the
machine's own time zone; a test that takes "today" from the machine is a day off for eight hours
of every day on a UTC machine. Tests take the date and time from here (or pass a fixed one), never
from the machine's local clock (date.today, datetime.now without a zone); tests/test_suite_rules.py
refuses those.
Written apart from jianxi.services.clock on purpose: an expected date never comes from the code
under test.
"""
import datetime
from zoneinfo import ZoneInfo

SERVICE_ZONE = ZoneInfo("Asia/Shanghai")


def now() -> datetime.datetime:
    """The service's wall-clock time now, naive, as the service stores it."""
    return datetime.datetime.now(SERVICE_ZONE).replace(tzinfo=None)


def today() -> datetime.date:
    """The service's date now: in Shanxi it may already be tomorrow, or still yesterday."""
    return now().date()
