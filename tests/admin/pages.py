"""The operators' pages in each state worth checking, for tests/test_html_valid.py: the 月最低工资标准
table with demo figures and one to come, and its form with mistakes. A helper module, not a test module."""
import datetime

from jianxi.db import db
from jianxi.services import wages
from tests import clock


def admin_pages(client, auth, app) -> dict[str, str]:
    client.post("/logout")
    auth.login(role="admin")
    with app.app_context(), db.connection_context():
        wages.load()
        wages.record(None, "140105", clock.today() + datetime.timedelta(days=30), 260000, "一类", "晋政发测试", False,
                     clock.now())
    page = "/admin/minimum-wages?city=140100"
    pages = {
        "admin-wages": client.get(page),
        "admin-wages-errors": client.post(page, data={"region": "140105", "yuan": "1.234"}),
    }
    client.post("/logout")
    assert all(r.status_code < 500 for r in pages.values())
    return {name: r.get_data(as_text=True) for name, r in pages.items()}
