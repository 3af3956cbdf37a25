"""/admin/minimum-wages: operators keep the 月最低工资标准 table (jianxi/admin/views.py)."""
import datetime
import re

import pytest

from jianxi.models import AuditLog, MinimumWage
from jianxi.services import wages
from tests import clock
from tests.admin.roles import sign_in, token_of
from tests.support import text

PAGE = "/admin/minimum-wages"
NOW = datetime.datetime(2026, 11, 2, 10, 0)
GOOD = {"region": "140105", "effective_from": "2025-10-01", "yuan": "2345", "tier": "一类",
        "source": "山西省人民政府关于调整最低工资标准的通知", "demo": ""}


def figure(region="140105", days_from_today=30, fen=230000):
    """A figure `days_from_today` from today (negative: already in force)."""
    return MinimumWage.create(region=region, effective_from=clock.today() + datetime.timedelta(days=days_from_today),
                              monthly_fen=fen, tier="一类", source="晋政发测试", demo=False, updated_at=NOW)


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), ("applicant", 403), ("reviewer", 403), ("unit", 403), ("admin", None),
])
def test_only_operators_reach_any_of_its_urls(client, auth, dbc, role, expected):
    sign_in(auth, role)
    future = figure()
    answers = {
        "list": client.get(PAGE),
        "save": client.post(PAGE, data=GOOD),
        "remove": client.post(f"{PAGE}/{future.id}/remove"),
    }
    if expected is None:
        assert {name: r.status_code for name, r in answers.items()} == {"list": 200, "save": 303, "remove": 303}
        return
    assert {r.status_code for r in answers.values()} == {expected}
    if expected == 302:
        assert all(r.headers["Location"].startswith("/login?next=") for r in answers.values())
    changes = AuditLog.select().where(AuditLog.object_type == "minimum_wage").count()
    assert MinimumWage.select().count() == 1 and changes == 0, "nothing changed"


def test_htmx_without_a_session_is_told_to_sign_in(client, dbc):
    r = client.get(PAGE, headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{PAGE}?city=140100"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/admin/minimum-wages?city%3D140100"


def test_the_review_desk_offers_the_page_to_operators_only(client, auth, dbc):
    auth.login(role="reviewer")
    assert PAGE not in text(client.get("/review/"))
    auth.logout()
    auth.login(role="admin")
    assert PAGE in text(client.get("/review/")), "an admin lands on the review desk: its sections offer the page"


def test_the_list_by_city_shows_figures_in_force_demo_marks_and_the_next(client, auth, dbc):
    auth.login(role="admin")
    wages.load()
    later = figure("140105", 40, 260000)
    page = text(client.get(f"{PAGE}?city=140100"))
    assert "<strong>太原市（全市）</strong>" in page and "小店区" in page
    assert "<strong>大同市（全市）</strong>" not in page
    assert "演示数据" in page and "个地区现行的是" in page
    assert "2,150.00" in page and "2,600.00" in page, "today's figure and the next"
    assert f"{PAGE}/{later.id}/remove?city=140100" in page
    everywhere = text(client.get(f"{PAGE}?city=nonsense"))
    assert "<strong>大同市（全市）</strong>" in everywhere and "全省各市、县区" in everywhere


def test_a_new_figure_is_saved_audited_and_shown(client, auth, dbc):
    admin = auth.login(role="admin")
    r = client.post(f"{PAGE}?city=140100", data=GOOD)
    row = MinimumWage.get(MinimumWage.region == "140105")
    assert r.status_code == 303 and r.headers["Location"] == f"{PAGE}?city=140100&saved={row.id}"
    assert (row.monthly_fen, row.demo, row.updated_by_id) == (234500, False, admin.id)
    assert AuditLog.get(AuditLog.object_type == "minimum_wage").action == "create"
    page = text(client.get(r.headers["Location"]))
    assert "已保存：太原市 小店区 自2025-10-01起 2,345.00 元" in page
    assert re.search(r"小店区</td>\s*<td data-label=\"现行标准\">2,345.00", page)


def test_saving_the_same_region_and_date_changes_it(client, auth, dbc):
    auth.login(role="admin")
    client.post(PAGE, data=GOOD)
    row = MinimumWage.get()
    form = text(client.get(f"{PAGE}?city=140100&edit={row.id}"))
    assert 'value="2345.00"' in form and 'value="2025-10-01"' in form
    assert client.post(PAGE, data=GOOD | {"yuan": "2400.5"}).status_code == 303
    assert [(r.id, r.monthly_fen) for r in MinimumWage.select()] == [(row.id, 240050)]
    assert AuditLog.select().order_by(AuditLog.id.desc()).first().action == "update"


@pytest.mark.parametrize("field, typed, message", [
    ("yuan", "2150.123", "月最低工资标准最多保留两位小数（分）"),
    ("yuan", "-2150", "月最低工资标准不能为负数"),
    ("region", "110105", "地区应为山西省的市或县（市、区）代码"),
    ("effective_from", "明年", "执行日期应为日期"),
    ("source", "", "请填写来源"),
])
def test_bad_input_is_explained_by_its_field_and_kept(client, auth, dbc, field, typed, message):
    auth.login(role="admin")
    r = client.post(f"{PAGE}?city=140100", data=GOOD | {field: typed})
    page = text(r)
    assert r.status_code == 422 and "错误：月最低工资标准" in page
    assert re.search(rf'id="{field}-error">.*?{re.escape(message)}', page)
    assert f'href="#{field}"' in page, "the error summary links to the field"
    assert 'value="一类"' in page, "the other fields keep what was typed"
    assert (GOOD["source"] in page) == (field != "source")
    if field in ("yuan", "effective_from"):
        assert f'value="{typed}"' in page, "what was typed is kept"
    assert MinimumWage.select().count() == 0


def test_a_figure_not_yet_in_force_can_be_removed_one_in_force_cannot(client, auth, dbc):
    auth.login(role="admin")
    future, started = figure(days_from_today=10), figure(days_from_today=0, fen=220000)
    r = client.post(f"{PAGE}/{future.id}/remove?city=140100")
    assert r.status_code == 303 and "removed=" in r.headers["Location"]
    assert "已删除：太原市 小店区" in text(client.get(r.headers["Location"]))
    refused = client.post(f"{PAGE}/{started.id}/remove?city=140100")
    assert refused.status_code == 409 and "已经开始执行的标准不能删除" in text(refused)
    assert client.post(f"{PAGE}/{future.id}/remove").status_code == 404
    assert [row.id for row in MinimumWage.select()] == [started.id]


def test_csrf_token_is_rendered_and_required_for_each_post(client, dbc, admin_with_csrf):
    future = figure()
    page = text(client.get(PAGE))
    token = token_of(page)
    assert re.search(rf'action="{PAGE}/{future.id}/remove" method="post">\s*<input type="hidden" name="csrf_token" '
                     rf'value="{re.escape(token)}"', page), "the remove button's form carries it too"
    stale = client.post(PAGE, data=GOOD)
    assert stale.status_code == 422 and "页面已过期" in text(stale) and 'value="2345"' in text(stale)
    assert client.post(f"{PAGE}/{future.id}/remove").status_code == 400
    assert MinimumWage.select().count() == 1
    assert client.post(PAGE, data=GOOD | {"csrf_token": token}).status_code == 303
    assert client.post(f"{PAGE}/{future.id}/remove", data={"csrf_token": token}).status_code == 303
    assert [r.region_id for r in MinimumWage.select()] == ["140105"] and MinimumWage.get().monthly_fen == 234500
