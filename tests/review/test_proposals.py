"""Positions units proposed, on the office side over HTTP: the 待审核 filter of /review/positions/,
each proposal beside the published version, 审核通过 (confirmed first) and 退回修改, and the public
search showing a position only once approved."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import Position, PositionProposal
from jianxi.services import unit_positions
from tests import clock
from tests.factories import make_user
from tests.factories import position_proposal as proposal_of
from tests.factories import recognised_unit as recognised
from tests.review.unit_pages import ACTORS
from tests.support import text


@pytest.fixture
def waiting(app):
    """小店区's recognised unit with a new position and an edit of a published one waiting, and a 市本级
    unit with a new one waiting."""
    with app.app_context(), db.connection_context():
        unit = recognised("xd_unit", "MA0K41001", "140105", "小店晋阳软件有限公司")
        city_unit = recognised("ty_unit", "MA0K41002", "140100", "太原龙城物流有限公司")
        office = make_user("xd_office", role="reviewer", jurisdiction="140105")
        published = unit_positions.approve(office, proposal_of(unit, "xd_a", title="行政助理").id, clock.now())
        return {
            "new": proposal_of(unit, "xd_b", title="软件测试见习生"),
            "edit": proposal_of(unit, "xd_c", position_id=published.id, title="行政专员", openings="3"),
            "published": published,
            "city": proposal_of(city_unit, "ty_a", title="仓储管理见习生"),
        }


def public_search(client, q: str) -> str:
    return text(client.get(f"/positions/?q={q}"))


def test_the_pending_filter_lists_new_positions_and_edits_with_their_unit(client, hx, auth, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    positions = text(client.get("/review/positions/"))
    assert "见习单位提交的岗位有 <strong>2</strong> 个待审核" in positions and "status=pending" in positions
    listing = text(client.get("/review/positions/?status=pending"))
    assert "软件测试见习生" in listing and "行政专员" in listing and "仓储管理见习生" not in listing
    assert "新增" in listing and f'修改：<a href="/review/positions/{waiting["published"].id}">行政助理</a>' in listing
    assert "小店晋阳软件有限公司" in listing and 'selected>待审核' in listing
    narrowed = hx.get("/review/positions/?status=pending&q=测试", target="positions")
    assert "<html" not in text(narrowed) and "软件测试见习生" in text(narrowed) and "行政专员" not in text(narrowed)
    auth.logout()
    auth.login(username="taiyuan", **ACTORS["city"])
    listing = text(client.get("/review/positions/?status=pending"))
    assert "软件测试见习生" in listing and "仓储管理见习生" in listing, "a city views its counties' proposals too"


def test_an_edit_is_shown_beside_the_published_version_with_the_changes_marked(client, auth, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    page = text(client.get(f"/review/proposals/{waiting['edit'].id}"))
    assert "修改岗位：行政助理" in page and "行政助理" in page and "行政专员" in page
    assert page.count("有变化</span>") == 2 and "2人" in page and "3人" in page
    new = text(client.get(f"/review/proposals/{waiting['new'].id}"))
    assert "新增岗位：软件测试见习生" in new and "有变化" not in new


def test_approve_is_confirmed_then_the_position_is_public_and_no_longer_waits(client, hx, auth, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    proposal = waiting["new"]
    assert "软件测试见习生" not in public_search(client, "软件测试")
    dialog = hx.get(f"/review/proposals/{proposal.id}/approve", target="dialog-slot")
    assert "<dialog" in text(dialog) and "<html" not in text(dialog)
    page = client.get(f"/review/proposals/{proposal.id}/approve")
    assert page.status_code == 200 and "立即在见习岗位查询中公开" in text(page)
    done = client.post(f"/review/proposals/{proposal.id}/approve", data={"seen": proposal.submitted_at.isoformat()})
    assert done.status_code == 303 and "/review/positions/" in done.headers["Location"]
    assert "软件测试见习生" in public_search(client, "软件测试")
    assert PositionProposal.get_by_id(proposal.id).status == "approved", "kept as the record of what was approved"
    assert "软件测试见习生" not in text(client.get("/review/positions/?status=pending"))
    again = client.post(f"/review/proposals/{proposal.id}/approve", data={"seen": proposal.submitted_at.isoformat()})
    assert again.status_code == 303 and again.headers["Location"] == done.headers["Location"], "a double click"
    assert public_search(client, "软件测试").count("软件测试见习生") == 1, "published once"


def test_an_approved_edit_replaces_what_is_public(client, auth, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    edit = waiting["edit"]
    assert "行政助理" in public_search(client, "行政")
    client.post(f"/review/proposals/{edit.id}/approve", data={"seen": edit.submitted_at.isoformat()})
    position = Position.get_by_id(waiting["published"].id)
    assert position.title == "行政专员" and position.openings == 3
    assert "行政专员" in public_search(client, "行政") and "行政助理" not in public_search(client, "行政")


def test_approving_what_the_unit_changed_since_the_page_was_shown_is_refused(client, auth, app, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    proposal = waiting["new"]
    seen = proposal.submitted_at.isoformat()
    with app.app_context(), db.connection_context():
        later = clock.now() + datetime.timedelta(minutes=5)
        PositionProposal.update(title="改过的岗位", submitted_at=later).where(PositionProposal.id == proposal.id).execute()
    answer = client.post(f"/review/proposals/{proposal.id}/approve", data={"seen": seen})
    assert answer.status_code == 409 and "单位刚刚修改过这个岗位" in text(answer) and "改过的岗位" in text(answer)
    assert PositionProposal.get_by_id(proposal.id).status == "pending"
    assert "改过的岗位" not in public_search(client, "改过")


def test_send_back_needs_what_to_change_then_the_unit_sees_it_and_nothing_is_public(client, auth, waiting):
    auth.login(username="xiaodian", **ACTORS["county"])
    proposal = waiting["new"]
    url = f"/review/proposals/{proposal.id}/send-back"
    missing = client.post(url, data={"reason": " "})
    assert missing.status_code == 422 and "请写明需要修改的内容" in text(missing) and "错误：" in text(missing)
    done = client.post(url, data={"reason": "岗位职责请写具体"})
    assert done.status_code == 303
    page = text(client.get(done.headers["Location"]))
    assert "已退回修改" in page and "岗位职责请写具体" in page and "确认审核通过" not in page
    assert PositionProposal.get_by_id(proposal.id).status == "returned"
    assert "软件测试见习生" not in text(client.get("/review/positions/?status=pending"))
    assert "软件测试见习生" not in public_search(client, "软件测试")
    assert client.post(url, data={"reason": "再退一次"}).status_code == 409


@pytest.mark.parametrize("actor", list(ACTORS))
def test_who_views_and_who_decides_each_proposal(client, auth, waiting, actor):
    auth.login(username=f"u_{actor}", **ACTORS[actor])
    view = {"county": {"new"}, "city": {"new", "city"}, "other_county": set()}[actor]
    decide = {"county": {"new"}, "city": {"city"}, "other_county": set()}[actor]
    for name in ("new", "city"):
        proposal = waiting[name]
        expected = 200 if name in decide else 403 if name in view else 404
        assert client.get(f"/review/proposals/{proposal.id}").status_code == (200 if name in view else 404), name
        assert client.get(f"/review/proposals/{proposal.id}/approve").status_code == expected, name
        sent_back = client.post(f"/review/proposals/{proposal.id}/send-back", data={"reason": "请修改"})
        assert sent_back.status_code == (303 if name in decide else expected), name
        assert (PositionProposal.get_by_id(proposal.id).status == "returned") == (name in decide)
    if actor == "city":
        page = text(client.get(f"/review/proposals/{waiting['new'].id}"))
        assert "您可以查看，不能审核" in page and "退回修改</button>" not in page
