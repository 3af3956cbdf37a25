"""补贴审核 on the office's desk: the claims of its jurisdiction (待审核 first), each claim's lines with
the figures worked out by hand (小店区's minimum wage 1,500 元 × the province's 60 % = 900.00 元 a
whole month; the insurance premium 120 元 under the 240 元 cap), approving once while returning
lines each with its reason, a city office viewing without deciding, and the CSRF token."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import Claim, ClaimLine
from jianxi.services import claims
from tests.factories import PASSWORD, filed_placement, make_user, month_record, subsidy_rule
from tests.support import text

D = datetime.date
TODAY = D(2026, 10, 20)
NOW = datetime.datetime(2026, 10, 20, 10)
Q3 = claims.quarter("2026Q3")
WORKING = "月最低工资标准 1,500.00 元 × 60% × 整月 = 900.00 元"


def _sign_in(client, username):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 303


@pytest.fixture
def claimed(app, client):
    """A 小店区 unit's claim for July–September 2026 (three months and the insurance refund),
    waiting for 小店区's office, which is signed in."""
    with app.app_context(), db.connection_context():
        subsidy_rule()
        unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
        for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
            month_record(unit_user, placement, month, 20)
        [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
        lines = {line.month: line.id for line in claims.lines(claim)}
        make_user("taiyuan", role="reviewer", jurisdiction="140100")
    _sign_in(client, "office_of_danwei1")
    return {"claim": claim.id, "lines": lines, "url": f"/review/claims/{claim.id}"}


def _state(app, claim_id):
    with app.app_context(), db.connection_context():
        return (Claim.get_by_id(claim_id).status,
                sorted((line.month or D(1, 1, 1), line.state, line.reason)
                       for line in ClaimLine.select().where(ClaimLine.claim == claim_id)))


def test_claim_shows_every_line_with_how_it_was_reached(client, claimed):
    page = text(client.get(claimed["url"]))
    assert page.count(WORKING) == 3
    for words in ("山西晋阳软件有限公司", "2026年第3季度（07月—09月）", "张三", "见习补贴", "2026年7月", "2026年9月",
                  "意外伤害保险费补贴", "保费 120.00 元，未超过上限 240.00 元，按保费计 = 120.00 元", "待审核",
                  "合计 <strong>2,820.00 元</strong>", "审核通过（退回所勾选的项目）"):
        assert words in page, words


def test_claims_list_puts_waiting_first_and_filters_by_status(app, client, claimed):
    with app.app_context(), db.connection_context():
        decided = Claim.get_by_id(claimed["claim"])
        # An older claim, already decided: listed after the waiting one.
        older = Claim.create(employer=decided.employer_id, region="140105", period_from=D(2026, 4, 1),
                             period_to=D(2026, 6, 30), status="decided", submitted_at=NOW - datetime.timedelta(days=60),
                             submitted_by=decided.submitted_by_id, decided_at=NOW)
    page = text(client.get("/review/claims/"))
    assert "共 <strong>2</strong> 份" in page
    assert page.index(f'/review/claims/{claimed["claim"]}"') < page.index(f'/review/claims/{older.id}"')
    assert "2,820.00" in page and "2026年第2季度（04月—06月）" in page
    waiting = text(client.get("/review/claims/?status=submitted"))
    assert f'/review/claims/{claimed["claim"]}"' in waiting and f'/review/claims/{older.id}"' not in waiting
    done = text(client.get("/review/claims/?status=decided"))
    assert f'/review/claims/{older.id}"' in done and f'/review/claims/{claimed["claim"]}"' not in done
    assert "审核状态无效，已显示全部申请。" in text(client.get("/review/claims/?status=nonsense"))
    fragment = client.get("/review/claims/", headers={"HX-Request": "true", "HX-Target": "claims"})
    assert "<html" not in text(fragment) and 'id="claims"' in text(fragment)


def test_a_returned_line_needs_its_reason_and_what_was_typed_is_kept(app, client, claimed):
    august, september = claimed["lines"][D(2026, 8, 1)], claimed["lines"][D(2026, 9, 1)]
    before = _state(app, claimed["claim"])
    r = client.post(claimed["url"], data={"return": [str(august), str(september)], f"reason-{august}": "  ",
                                          f"reason-{september}": "出勤表缺少单位盖章"})
    page = text(r)
    assert r.status_code == 422
    assert page.startswith("<!doctype html>") and "<title>错误：" in page
    assert f'<a href="#reason-{august}">请填写退回原因</a>' in page  # the summary links to the line's input
    assert f'id="reason-{august}-error"' in page
    assert 'value="出勤表缺少单位盖章"' in page
    assert f'value="{september}" id="return-{september}" checked' in page
    assert _state(app, claimed["claim"]) == before


def test_a_reason_typed_without_ticking_its_line_is_not_lost(app, client, claimed):
    august = claimed["lines"][D(2026, 8, 1)]
    r = client.post(claimed["url"], data={f"reason-{august}": "工资表与出勤表不一致"})
    assert r.status_code == 422 and "填写了退回原因，但没有勾选“退回”" in text(r)
    assert 'value="工资表与出勤表不一致"' in text(r)
    assert _state(app, claimed["claim"])[0] == "submitted"


def test_approving_with_one_line_returned_then_a_second_click_is_told(app, client, claimed):
    august = claimed["lines"][D(2026, 8, 1)]
    r = client.post(claimed["url"], data={"return": str(august), f"reason-{august}": "工资表与出勤表不一致"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f'/review/claims/{claimed["claim"]}?done=decided')
    page = text(client.get(r.headers["Location"]))
    assert "审核完成。" in page and "已退回：工资表与出勤表不一致" in page
    assert "审核通过 <strong>1,920.00 元</strong>，退回 900.00 元" in page
    assert 'name="return"' not in page
    after = _state(app, claimed["claim"])
    assert after == ("decided", [(D(1, 1, 1), "approved", ""), (D(2026, 7, 1), "approved", ""),
                                 (D(2026, 8, 1), "returned", "工资表与出勤表不一致"), (D(2026, 9, 1), "approved", "")])
    again = client.post(claimed["url"], data={"return": str(august), f"reason-{august}": ""})
    assert again.status_code == 409 and "这份申请已经审核过了，未做更改。" in text(again)
    assert _state(app, claimed["claim"]) == after


def test_a_city_office_views_its_countys_claim_without_deciding(app, client, claimed):
    _sign_in(client, "taiyuan")
    page = text(client.get(claimed["url"]))
    assert WORKING in page and 'name="return"' not in page and "由太原市 小店区审核，您可以查看，不能审核" in page
    assert f'/review/claims/{claimed["claim"]}"' in text(client.get("/review/claims/"))
    assert client.post(claimed["url"], data={}).status_code == 403
    assert _state(app, claimed["claim"])[0] == "submitted"


def test_deciding_without_the_pages_token_changes_nothing(app, client, claimed):
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the fixture's sign-in sent no token
    try:
        r = client.post(claimed["url"], data={})
        assert r.status_code == 422 and "页面已过期" in text(r)
        assert _state(app, claimed["claim"])[0] == "submitted"
        token = text(client.get(claimed["url"])).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post(claimed["url"], data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _state(app, claimed["claim"])[0] == "decided"
