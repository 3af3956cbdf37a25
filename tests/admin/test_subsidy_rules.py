"""/admin/subsidy-rules: operators keep the 见习补贴 rules (jianxi/admin/subsidy_rules.py)."""
import datetime
import re

import pytest

from jianxi.models import AuditLog, SubsidyRule
from jianxi.services import subsidy_rules
from tests import clock
from tests.admin.roles import ROLES_REFUSED, sign_in, token_of
from tests.support import text

PAGE = "/admin/subsidy-rules"
SOURCE = "太原市人社局关于就业见习补贴标准的通知"
GOOD = {"region": "140105", "effective_from": "2026-01-01", "share_percent": "65", "insurance_cap_yuan": "300",
        "pays_remaining": "y", "retention_rate_percent": "50", "retention_share_percent": "75", "source": SOURCE,
        "demo": ""}


def a_rule(region="140105", days_from_today=30, share=65):
    """A rule `days_from_today` from today (negative or 0: already in force)."""
    day = clock.today() + datetime.timedelta(days=days_from_today)
    return SubsidyRule.create(region_code=region, effective_from=day, share_percent=share, insurance_cap_fen=24000,
                              source="晋测试", updated_at=clock.now())


@pytest.mark.parametrize("role, expected", [*ROLES_REFUSED, ("admin", None)])
def test_only_operators_reach_any_of_its_urls(client, auth, dbc, role, expected):
    sign_in(auth, role)
    future = a_rule()
    answers = {"list": client.get(PAGE), "save": client.post(PAGE, data=GOOD),
               "remove": client.post(f"{PAGE}/{future.id}/remove")}
    if expected is None:
        assert {name: r.status_code for name, r in answers.items()} == {"list": 200, "save": 303, "remove": 303}
        return
    assert {r.status_code for r in answers.values()} == {expected}
    if expected == 302:
        assert all(r.headers["Location"].startswith("/login?next=") for r in answers.values())
    assert [r.id for r in SubsidyRule.select()] == [future.id], "nothing changed"
    assert AuditLog.select().where(AuditLog.object_type == "subsidy_rule").count() == 0


def test_the_table_shows_the_demo_rule_and_what_is_to_come(client, auth, dbc):
    auth.login(role="admin")
    subsidy_rules.load()
    later = a_rule("140100", 40, 66)
    page = text(client.get(PAGE))
    assert "现行的 1 条规则是<strong>演示数据</strong>" in page
    assert re.search(r'山西省（全省）</td>\s*<td data-label="执行日期" class="nowrap">2023-01-01</td>\s*'
                     r'<td data-label="状态" class="nowrap"><strong>现行</strong> <span class="tag tag-soon">演示数据',
                     page)
    assert "<td data-label=\"保险费补贴上限\">240.00</td>" in page and "留用率达到50%的按70%" in page
    assert "太原市（全市）" in page and "待执行" in page
    removable = re.findall(rf'action="{PAGE}/(\d+)/remove"', page)
    assert removable == [str(later.id)], "only a rule not yet in force offers 删除"


def test_without_rules_the_page_says_what_to_do(client, auth, dbc):
    auth.login(role="admin")
    assert "还没有见习补贴规则" in text(client.get(PAGE))


def test_a_new_rule_is_saved_audited_and_shown(client, auth, dbc):
    admin = auth.login(role="admin")
    r = client.post(PAGE, data=GOOD)
    row = SubsidyRule.get()
    assert r.status_code == 303 and r.headers["Location"] == f"{PAGE}?saved={row.id}"
    assert (row.region_code, row.share_percent, row.insurance_cap_fen, row.pays_remaining) == (
        "140105", 65, 30000, True)  # 300 元 kept as 30000 分
    assert (row.retention_rate_percent, row.retention_share_percent, row.demo, row.updated_by_id) == (
        50, 75, False, admin.id)
    assert AuditLog.get(AuditLog.object_type == "subsidy_rule").action == "create"
    assert "已保存：太原市 小店区 自2026-01-01起 月最低工资标准的65%" in text(client.get(r.headers["Location"]))


def test_saving_the_same_place_and_date_changes_it(client, auth, dbc):
    auth.login(role="admin")
    client.post(PAGE, data=GOOD)
    row = SubsidyRule.get()
    form = text(client.get(f"{PAGE}?edit={row.id}"))
    assert 'value="300.00"' in form and 'value="2026-01-01"' in form and 'value="75"' in form
    assert '<option selected value="140105">' in form
    changed = GOOD | {"pays_remaining": "", "retention_rate_percent": "", "retention_share_percent": ""}
    assert client.post(PAGE, data=changed).status_code == 303
    assert [(r.id, r.pays_remaining, r.retention_rate_percent) for r in SubsidyRule.select()] == [(row.id, False, None)]
    assert AuditLog.select().order_by(AuditLog.id.desc()).first().action == "update"


@pytest.mark.parametrize("field, typed, message", [
    ("share_percent", "65.5", "补贴比例应为1到100之间的整数"),
    ("share_percent", "", "请填写补贴比例"),
    ("insurance_cap_yuan", "240.123", "意外伤害保险费补贴上限最多保留两位小数（分）"),
    ("insurance_cap_yuan", "两百", "意外伤害保险费补贴上限请填写数字"),
    ("region", "110105", "地区应为全省（140000）或山西省的市、县"),
    ("effective_from", "明年", "执行日期应为日期"),
    ("retention_share_percent", "", "留用率和留用奖励比例要么都填，要么都不填"),
    ("retention_share_percent", "60", "留用奖励比例应高于补贴比例（65%）"),
    ("source", "", "请填写来源"),
])
def test_bad_input_is_explained_by_its_field_and_kept(client, auth, dbc, field, typed, message):
    auth.login(role="admin")
    r = client.post(PAGE, data=GOOD | {field: typed})
    page = text(r)
    assert r.status_code == 422 and "<title>错误：见习补贴标准" in page
    assert re.search(rf'id="{field}-error">.*?{re.escape(message)}', page)
    assert f'href="#{field}"' in page, "the error summary links to the field"
    kept = {name: value for name, value in GOOD.items() if name not in (field, "pays_remaining", "demo", "region")}
    assert all(f'value="{value}"' in page or f"\n{value}</textarea>" in page for value in kept.values()), kept
    if typed and field != "region":  # a region not offered cannot be shown chosen
        assert f'value="{typed}"' in page, "what was typed is kept"
    assert SubsidyRule.select().count() == 0


def test_a_rule_not_yet_in_force_can_be_removed_one_in_force_cannot(client, auth, dbc):
    auth.login(role="admin")
    future, started = a_rule(days_from_today=10), a_rule(days_from_today=0, share=60)
    r = client.post(f"{PAGE}/{future.id}/remove")
    assert r.status_code == 303 and "removed=" in r.headers["Location"]
    assert "已删除：太原市 小店区 自" in text(client.get(r.headers["Location"]))
    refused = client.post(f"{PAGE}/{started.id}/remove")
    assert refused.status_code == 409 and "已经开始执行的规则不能删除" in text(refused)
    assert client.post(f"{PAGE}/{future.id}/remove").status_code == 404
    assert [row.id for row in SubsidyRule.select()] == [started.id]


def test_csrf_token_is_rendered_and_required_for_each_post(client, dbc, admin_with_csrf):
    future = a_rule()
    page = text(client.get(PAGE))
    token = token_of(page)
    assert re.search(rf'action="{PAGE}/{future.id}/remove" method="post">\s*<input type="hidden" name="csrf_token" '
                     rf'value="{re.escape(token)}"', page), "the remove button's form carries it too"
    stale = client.post(PAGE, data=GOOD)
    assert stale.status_code == 422 and "页面已过期" in text(stale) and 'value="300"' in text(stale)
    assert client.post(f"{PAGE}/{future.id}/remove").status_code == 400
    assert SubsidyRule.select().count() == 1
    assert client.post(PAGE, data=GOOD | {"csrf_token": token}).status_code == 303
    assert client.post(f"{PAGE}/{future.id}/remove", data={"csrf_token": token}).status_code == 303
    assert [(r.region_code, r.effective_from) for r in SubsidyRule.select()] == [("140105", datetime.date(2026, 1, 1))]
