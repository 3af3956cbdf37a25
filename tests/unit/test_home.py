"""单位网厅's home (/unit/): the unit, where its 认定 stands and what to do next, its positions."""
from jianxi.db import db
from jianxi.models import PositionProposal, Recognition
from jianxi.services import recognition, unit_positions, units
from tests import clock
from tests.support import text
from tests.unit.helpers import POSITION, RECOGNITION, licence_file


def test_home_of_a_new_unit_names_it_and_asks_for_recognition(client, unit_accounts, dbc):
    unit_accounts.sign_in("danwei1")
    page = text(client.get("/unit/"))
    assert "山西晋阳软件有限公司" in page and "91140105MA0K2B3C4" in page and "太原市 小店区" in page
    assert "单位状态</dt><dd>未认定" in page and "认定状态：<strong>未提交</strong>" in page
    assert 'href="/unit/recognition">申请认定' in page and "李经办 · 已确认 · 当前账号" in page
    assert "已发布 0 个" in page


def test_home_says_a_sent_recognition_waits_for_its_office(client, unit_accounts, dbc):
    unit_accounts.sign_in("danwei1")
    client.post("/unit/recognition", content_type="multipart/form-data",
                data={**RECOGNITION, "action": "submit", "licence_file": licence_file()})
    page = text(client.get("/unit/"))
    assert "认定状态：<strong>待审核</strong>" in page and "提交给太原市 小店区" in page


def test_home_of_a_revoked_unit_says_why_and_its_positions_cannot_reopen(client, unit_accounts, app, dbc):
    unit_accounts.sign_in("danwei1")
    unit_accounts.recognise("danwei1")
    client.post("/unit/positions/new", data=POSITION)
    office = unit_accounts.office()
    with app.app_context(), db.connection_context():
        position = unit_positions.approve(office, PositionProposal.get().id, clock.now())
        recognition.revoke(office, Recognition.get().id, "一年未接收见习人员", clock.now())
    page = text(client.get("/unit/"))
    assert "已取消认定" in page and "一年未接收见习人员" in page and 'href="/unit/recognition">重新申请认定' in page
    listing = text(client.get("/unit/positions/"))
    assert "只有已认定的见习单位可以发布岗位" in listing and f"/unit/positions/{position.id}/edit" not in listing
    r = client.post(f"/unit/positions/{position.id}/reopen")
    assert r.status_code == 409 and "不能重新开放" in text(r)
    assert "取消认定" in text(client.get("/unit/recognition")) and "一年未接收见习人员" in text(client.get("/unit/recognition"))


def test_home_lists_a_colleague_once_the_office_confirms_them(client, unit_accounts, app, dbc):
    unit_accounts.register("danwei1", "MA0K2B3C4")
    _, account = unit_accounts.register("colleague", "MA0K2B3C4")
    with app.app_context(), db.connection_context():
        units.decide(unit_accounts.office(), account.id, True, clock.now())
    unit_accounts.sign_in("colleague")
    page = text(client.get("/unit/"))
    assert "山西晋阳软件有限公司" in page and page.count("李经办 · 已确认") == 2
