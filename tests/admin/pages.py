"""The operators' pages in each state worth checking, for tests/test_html_valid.py: the 月最低工资标准
table with demo figures and one to come, and its form with mistakes; the 节假日安排 of a shipped year
and of a year not entered, with a form with mistakes; the 见习补贴标准 with the demo rule and one to
come, and its form with mistakes. A helper module, not a test module."""
import datetime

from jianxi.db import db
from jianxi.services import calendar_days, subsidy_rules, wages
from tests import clock


def admin_pages(client, auth, app) -> dict[str, str]:
    client.post("/logout")
    auth.login(role="admin")
    with app.app_context(), db.connection_context():
        wages.load()
        wages.record(None, "140105", clock.today() + datetime.timedelta(days=30), 260000, "一类", "晋政发测试", False,
                     clock.now())
        calendar_days.load()
        subsidy_rules.load()
        subsidy_rules.record(None, "140100", clock.today() + datetime.timedelta(days=30), 65, 30000, True, 50, 75,
                             "晋人社发测试", False, clock.now())
    page = "/admin/minimum-wages?city=140100"
    pages = {
        "admin-wages": client.get(page),
        "admin-wages-errors": client.post(page, data={"region": "140105", "yuan": "1.234"}),
        "admin-holidays": client.get("/admin/holidays?year=2026"),
        "admin-holidays-empty": client.get("/admin/holidays?year=2027"),
        "admin-holidays-errors": client.post("/admin/holidays?year=2027", data={"day": "2027-02-08", "kind": "workday"}),
        "admin-rules": client.get("/admin/subsidy-rules"),
        "admin-rules-errors": client.post("/admin/subsidy-rules", data={"region": "140105", "share_percent": "0",
                                                                        "retention_rate_percent": "50"}),
    }
    client.post("/logout")
    assert all(r.status_code < 500 for r in pages.values())
    return {name: r.get_data(as_text=True) for name, r in pages.items()}
