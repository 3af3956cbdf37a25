"""/admin/holidays: operators keep the 节假日安排 the working days are counted with (jianxi/admin/holidays.py)."""
import datetime
import re

import pytest

from jianxi.models import AuditLog, CalendarDay
from jianxi.services import calendar_days
from tests import clock
from tests.admin.roles import ROLES_REFUSED, sign_in, token_of
from tests.support import text

PAGE = "/admin/holidays"
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"
GOOD = {"day": "2027-02-06", "kind": "workday", "name": "春节", "source": NOTICE}  # a Saturday


def a_day(day=datetime.date(2027, 2, 10), kind="holiday"):
    return CalendarDay.create(day=day, kind=kind, name="春节", source=NOTICE, updated_at=clock.now())


@pytest.mark.parametrize("role, expected", [*ROLES_REFUSED, ("admin", None)])
def test_only_operators_reach_any_of_its_urls(client, auth, dbc, role, expected):
    sign_in(auth, role)
    row = a_day()
    answers = {"list": client.get(PAGE), "save": client.post(PAGE, data=GOOD),
               "remove": client.post(f"{PAGE}/{row.id}/remove")}
    if expected is None:
        assert {name: r.status_code for name, r in answers.items()} == {"list": 200, "save": 303, "remove": 303}
        return
    assert {r.status_code for r in answers.values()} == {expected}
    if expected == 302:
        assert all(r.headers["Location"].startswith("/login?next=") for r in answers.values())
    assert [r.day for r in CalendarDay.select()] == [row.day], "nothing changed"
    assert AuditLog.select().where(AuditLog.object_type == "calendar_day").count() == 0


def test_htmx_without_a_session_is_told_to_sign_in(client, dbc):
    r = client.get(PAGE, headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{PAGE}?year=2026"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/admin/holidays?year%3D2026"


def test_a_year_shows_its_days_and_each_months_working_days(client, auth, dbc):
    auth.login(role="admin")
    calendar_days.load()
    page = text(client.get(f"{PAGE}?year=2026"))
    assert "<h1>2026年节假日安排</h1>" in page and "还没有录入，" not in page
    assert re.search(r"2026-10-10</td>\s*<td data-label=\"星期\" class=\"nowrap\">星期六</td>\s*"
                     r"<td data-label=\"类型\"><strong>调休上班</strong>", page)
    # October 2026: 22 weekdays − 5 holidays on weekdays + Saturday 10/10 = 18; February: 20 − 6 + 2 = 16.
    assert "<td>10月</td><td>18</td>" in page and "<td>2月</td><td>16</td>" in page
    assert '<option value="2025">2025年</option>' in page and '<option value="2026" selected>2026年</option>' in page


def test_a_year_not_entered_says_so_and_counts_weekdays(client, auth, dbc):
    auth.login(role="admin")
    page = text(client.get(f"{PAGE}?year=2027"))
    assert "2027年的节假日安排还没有录入" in page and '<option value="2027" selected>2027年（未录入）</option>' in page
    assert "<td>3月</td><td>23</td>" in page, "March 2027 starts on a Monday: 4 × 5 + 3 weekdays"
    assert f"<h1>{clock.today().year}年节假日安排</h1>" in text(client.get(f"{PAGE}?year=nonsense"))


def test_a_new_day_is_saved_audited_and_shown(client, auth, dbc):
    admin = auth.login(role="admin")
    r = client.post(f"{PAGE}?year=2027", data=GOOD)
    row = CalendarDay.get()
    assert r.status_code == 303 and r.headers["Location"] == f"{PAGE}?year=2027&saved={row.id}"
    assert (row.day, row.kind, row.name, row.updated_by_id) == (datetime.date(2027, 2, 6), "workday", "春节", admin.id)
    assert AuditLog.get(AuditLog.object_type == "calendar_day").action == "create"
    page = text(client.get(r.headers["Location"]))
    assert "已保存：2027-02-06（星期六） 调休上班 春节" in page
    # February 2027 starts on a Monday: 20 weekdays, and Saturday 2/6 worked: 21.
    assert "<td>2月</td><td>21</td>" in page


def test_saving_the_same_day_changes_it(client, auth, dbc):
    auth.login(role="admin")
    client.post(PAGE, data=GOOD)
    row = CalendarDay.get()
    form = text(client.get(f"{PAGE}?year=2027&edit={row.id}"))
    assert 'value="2027-02-06"' in form and '<option selected value="workday">' in form
    assert client.post(PAGE, data=GOOD | {"kind": "holiday"}).status_code == 303
    assert [(r.id, r.kind) for r in CalendarDay.select()] == [(row.id, "holiday")]
    last = AuditLog.select().order_by(AuditLog.id.desc()).first()
    assert (last.action, last.detail) == ("update", "2027-02-06（星期六）：类型：调休上班 → 放假")


@pytest.mark.parametrize("field, typed, message", [
    ("day", "明天", "日期应为日期"),
    ("day", "2027-02-08", "2027-02-08 是星期一，本来就是工作日"),  # a weekday made a 调休上班: the date is wrong
    ("kind", "rest", "请选择类型"),
    ("name", "", "请填写节日名称"),
    ("source", "", "请填写来源"),
])
def test_bad_input_is_explained_by_its_field_and_kept(client, auth, dbc, field, typed, message):
    auth.login(role="admin")
    r = client.post(f"{PAGE}?year=2027", data=GOOD | {field: typed})
    page = text(r)
    shown_at = "kind" if typed == "2027-02-08" else field
    assert r.status_code == 422 and "<title>错误：2027年节假日安排" in page
    assert re.search(rf'id="{shown_at}-error">.*?{re.escape(message)}', page)
    assert f'href="#{shown_at}"' in page, "the error summary links to the field"
    assert ('value="春节"' in page) == (field != "name") and (NOTICE in page) == (field != "source")
    if field == "day":
        assert f'value="{typed}"' in page, "what was typed is kept"
    assert CalendarDay.select().count() == 0


def test_a_day_is_removed_and_counts_by_its_weekday_again(client, auth, dbc):
    auth.login(role="admin")
    row = a_day(datetime.date(2027, 2, 10))  # a Wednesday
    r = client.post(f"{PAGE}/{row.id}/remove")
    assert r.status_code == 303 and r.headers["Location"].startswith(f"{PAGE}?year=2027&removed=")
    page = text(client.get(r.headers["Location"]))
    assert "已删除：2027-02-10（星期三） 放假 春节，这一天恢复按星期计算" in page
    assert CalendarDay.select().count() == 0
    assert AuditLog.get(AuditLog.object_type == "calendar_day").action == "delete"
    assert client.post(f"{PAGE}/{row.id}/remove").status_code == 404


def test_csrf_token_is_rendered_and_required_for_each_post(client, dbc, admin_with_csrf):
    row = a_day()
    page = text(client.get(f"{PAGE}?year=2027"))
    token = token_of(page)
    assert re.search(rf'action="{PAGE}/{row.id}/remove" method="post">\s*<input type="hidden" name="csrf_token" '
                     rf'value="{re.escape(token)}"', page), "the remove button's form carries it too"
    stale = client.post(PAGE, data=GOOD)
    assert stale.status_code == 422 and "页面已过期" in text(stale) and 'value="2027-02-06"' in text(stale)
    assert client.post(f"{PAGE}/{row.id}/remove").status_code == 400
    assert CalendarDay.select().count() == 1
    assert client.post(PAGE, data=GOOD | {"csrf_token": token}).status_code == 303
    assert client.post(f"{PAGE}/{row.id}/remove", data={"csrf_token": token}).status_code == 303
    assert [r.day for r in CalendarDay.select()] == [datetime.date(2027, 2, 6)]


@pytest.mark.parametrize("page, current", [
    ("/admin/minimum-wages", "月最低工资标准"), ("/admin/holidays", "节假日安排"),
    ("/admin/subsidy-rules", "见习补贴标准"),
])
def test_each_operators_page_links_to_the_others(client, auth, dbc, page, current):
    auth.login(role="admin")
    html = text(client.get(page))
    nav = re.search(r'<nav class="tabs" aria-label="规则数据">.*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == ["/admin/minimum-wages", "/admin/holidays", "/admin/subsidy-rules"]
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == [current]
