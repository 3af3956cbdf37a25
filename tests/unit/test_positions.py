"""本单位的见习岗位 through the pages: propose, 退回修改 and edit, an edit published at once or
waiting for the office, 结束招募 and 重新开放; and an unrecognised unit refused with the reason."""
import pytest

from jianxi.db import db
from jianxi.models import Position, PositionProposal
from jianxi.services import unit_positions
from tests import clock
from tests.support import text
from tests.unit.helpers import POSITION


@pytest.fixture
def recognised(unit_accounts, dbc):
    unit_accounts.sign_in("danwei1")
    return unit_accounts.recognise("danwei1")


def propose(client, **changes):
    return client.post("/unit/positions/new", data={**POSITION, **changes})


def published(app, client, unit_accounts, **changes) -> Position:
    """A position proposed through the page and approved by the office."""
    assert propose(client, **changes).status_code == 303
    with app.app_context(), db.connection_context():
        return unit_positions.approve(unit_accounts.office(), PositionProposal.get().id, clock.now())


def test_positions_an_unrecognised_unit_is_told_to_apply_for_recognition(client, unit_accounts, dbc):
    unit_accounts.sign_in("danwei1")
    page = text(client.get("/unit/positions/new"))
    assert "只有已认定的见习单位可以发布和修改岗位" in page and 'name="title"' not in page
    r = propose(client)
    assert r.status_code == 422 and "只有已认定的见习单位可以发布岗位；请先申请认定。" in text(r)
    assert not PositionProposal.select().exists()
    assert "申请认定" in text(client.get("/unit/positions/"))


def test_positions_propose_waits_for_the_office_and_is_listed(client, recognised):
    r = propose(client)
    assert r.status_code == 303 and r.headers["Location"] == "/unit/positions/?done=proposed"
    page = text(client.get(r.headers["Location"]))
    assert "已提交，等待经办机构审核" in page and "软件测试见习生" in page and "待审核" in page and "新岗位" in page
    assert not Position.select().exists()
    home = text(client.get("/unit/"))
    assert "待审核 1 个" in home and "已发布 0 个" in home


def test_positions_form_mistakes_by_field_with_everything_typed_kept(client, recognised):
    r = propose(client, openings="0", deadline="2020-01-01", title="")
    body = text(r)
    assert r.status_code == 422 and "错误：发布见习岗位" in body
    assert "招收人数应为1到9999之间的整数" in body and "有效期至不能早于今天" in body and "请填写岗位名称" in body
    assert 'value="参与软件测试。"' in body or "参与软件测试。</textarea>" in body
    assert 'value="2020-01-01"' in body and 'value="0"' in body


def test_positions_returned_proposal_shows_the_reason_and_is_sent_again(client, recognised, unit_accounts, app):
    propose(client)
    with app.app_context(), db.connection_context():
        proposal = PositionProposal.get(PositionProposal.status != "approved")
        unit_positions.send_back(unit_accounts.office(), proposal.id, "岗位职责请写具体", clock.now())
    listing = text(client.get("/unit/positions/"))
    assert "退回修改" in listing and "岗位职责请写具体" in listing
    assert f'href="/unit/proposals/{proposal.id}/edit"' in listing
    assert "退回修改 1 个" in text(client.get("/unit/"))
    form = text(client.get(f"/unit/proposals/{proposal.id}/edit"))
    assert "岗位职责请写具体" in form and 'value="软件测试见习生"' in form
    r = client.post(f"/unit/proposals/{proposal.id}/edit", data={**POSITION, "duties": "编写测试用例并执行。"})
    assert r.status_code == 303
    again = PositionProposal.get_by_id(proposal.id)
    assert again.status == "pending" and again.duties == "编写测试用例并执行。" and again.reason == ""


def test_positions_an_edit_of_what_the_office_reviews_waits_the_rest_at_once(client, recognised, unit_accounts, app):
    position = published(app, client, unit_accounts)
    listing = text(client.get("/unit/positions/"))
    assert f'href="/positions/{position.id}"' in listing and "招募中" in listing
    r = client.post(f"/unit/positions/{position.id}/edit", data={**POSITION, "contact": "王经办 13900001111"})
    assert r.status_code == 303 and r.headers["Location"].endswith("done=updated")
    assert Position.get_by_id(position.id).contact == "王经办 13900001111"
    r = client.post(f"/unit/positions/{position.id}/edit", data={**POSITION, "title": "软件开发见习生"})
    assert r.status_code == 303 and r.headers["Location"].endswith("done=edit-proposed")
    assert Position.get_by_id(position.id).title == "软件测试见习生", "public as it was until approved"
    form = text(client.get(f"/unit/positions/{position.id}/edit"))
    assert 'value="软件开发见习生"' in form and "正在等待经办机构审核" in form
    assert "修改已发布岗位" in text(client.get("/unit/positions/"))


def test_positions_close_asks_a_reason_then_reopen(client, recognised, unit_accounts, app):
    position = published(app, client, unit_accounts)
    page = text(client.get(f"/unit/positions/{position.id}/close"))
    assert "结束招募" in page and 'name="reason"' in page
    r = client.post(f"/unit/positions/{position.id}/close", data={})
    assert r.status_code == 422 and "请选择结束招募的原因" in text(r)
    r = client.post(f"/unit/positions/{position.id}/close", data={"reason": "other", "other_reason": ""})
    assert r.status_code == 422 and "选择“其他”时，请填写结束招募的原因" in text(r)
    r = client.post(f"/unit/positions/{position.id}/close", data={"reason": "other", "other_reason": "单位改制"})
    assert r.status_code == 303 and Position.get_by_id(position.id).status == "closed"
    listing = text(client.get(r.headers["Location"]))
    assert "已结束招募" in listing and "单位改制" in listing and "重新开放" in listing
    again = client.post(f"/unit/positions/{position.id}/close", data={"reason": "filled"})
    assert again.status_code == 409 and "已经结束招募" in text(again)
    r = client.post(f"/unit/positions/{position.id}/reopen")
    assert r.status_code == 303 and Position.get_by_id(position.id).status == "open"
    r = client.post(f"/unit/positions/{position.id}/reopen")
    assert r.status_code == 409 and "这个岗位正在招募" in text(r)
