"""录用与面试通知 and 我的见习 through the trainee's pages: what units sent, in their words; an offer
accepted (the placement, the other offers withdrawn) or declined with a reason; an expired offer
shown as 已过期 with nothing to press; the agreement confirmed for the version read."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import CandidateStep, Favorite, Placement
from jianxi.services import agreement_terms, candidates, placements
from tests import clock
from tests.factories import PASSWORD, hiring_unit, minimum_wage, offer_to, trainee
from tests.support import text


@pytest.fixture
def offered(app, client):
    """trainee1 shortlisted two units' positions and has an offer from each, and an interview invitation."""
    with app.app_context(), db.connection_context():
        minimum_wage("140105", 2000)
        unit_user, unit, position = hiring_unit()
        other_user, _, other_position = hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")
        person = trainee(1)
        mine = offer_to(unit_user, position, person)
        elsewhere = offer_to(other_user, other_position, person)
        start = clock.now() + datetime.timedelta(days=3)
        candidates.invite(other_user, other_position, person.id,
                          {"meet_at": f"{start:%Y-%m-%dT09:30}", "place": "汾河物流三层会议室", "note": "请带身份证"}, clock.now())
    assert client.post("/login", data={"username": "trainee1", "password": PASSWORD}).status_code == 303
    return person, mine, elsewhere


def test_the_personal_centre_lists_what_units_sent(client, offered):
    page = text(client.get("/me/"))
    assert "录用与面试通知" in page and "山西晋阳软件有限公司" in page and "汾河物流三层会议室" in page
    assert page.count("待答复") == 2
    invitation = text(client.get(f"/me/offers/{offered[2].id + 1}"))
    assert "请带身份证" in invitation and "接受录用" not in invitation


def test_accepting_makes_my_placement_and_withdraws_the_other_offer(app, client, offered):
    person, mine, elsewhere = offered
    r = client.post(f"/me/offers/{mine.id}/accept")
    assert r.status_code == 303
    page = text(client.get(r.headers["Location"]))
    assert "已接受录用" in page and "待签协议" in page and "见习人员接受录用" in page
    other = text(client.get(f"/me/offers/{elsewhere.id}"))
    assert "已撤回" in other and "接受录用" not in other
    assert client.post(f"/me/offers/{elsewhere.id}/accept").status_code == 409
    with app.app_context(), db.connection_context():
        assert Placement.select().where(Placement.user == person.id).count() == 1
        assert not Favorite.select().where(Favorite.user == person.id).exists()
    home = text(client.get("/me/"))
    assert "我的见习：待签协议" in home


def test_a_double_click_on_accept_is_one_placement(app, client, offered):
    person, mine, _ = offered
    assert client.post(f"/me/offers/{mine.id}/accept").status_code == 303
    again = client.post(f"/me/offers/{mine.id}/accept")
    assert again.status_code == 409 and "您已接受这份录用通知" in text(again)
    with app.app_context(), db.connection_context():
        assert Placement.select().count() == 1


def test_declining_with_a_reason_and_a_reason_too_long(app, client, offered):
    _, mine, _ = offered
    r = client.post(f"/me/offers/{mine.id}/decline", data={"reason": "远" * 201})
    assert r.status_code == 422 and "婉拒原因不能超过200个字" in text(r)
    r = client.post(f"/me/offers/{mine.id}/decline", data={"reason": "已在其他城市找到工作"})
    assert r.status_code == 303
    page = text(client.get(r.headers["Location"]))
    assert "已婉拒" in page and "已在其他城市找到工作" in page
    with app.app_context(), db.connection_context():
        assert CandidateStep.get_by_id(mine.id).status == "declined"


def test_an_offer_unanswered_for_a_week_shows_as_expired(app, client, offered):
    person, mine, _ = offered
    with app.app_context(), db.connection_context():  # made eight days ago
        CandidateStep.update(created_at=clock.now() - datetime.timedelta(days=8),
                             expires_at=clock.now() - datetime.timedelta(days=1)).where(CandidateStep.id == mine.id).execute()
    page = text(client.get(f"/me/offers/{mine.id}"))
    assert "已过期" in page and "接受录用" not in page
    r = client.post(f"/me/offers/{mine.id}/accept")
    assert r.status_code == 409 and "过期" in text(r)
    assert "已过期" in text(client.get("/me/"))


def test_the_trainee_confirms_the_version_they_read(app, client, offered):
    person, mine, _ = offered
    client.post(f"/me/offers/{mine.id}/accept")
    with app.app_context(), db.connection_context():
        placement = Placement.get()
        unit = placement.employer
        unit_user = placement.offer.created_by
        found = placements.unit_placement(unit, placement.id)
        terms = agreement_terms.parse_terms(found, {"start_date": found.start_date.isoformat(), "months": "6",
                                              "allowance": "2100", "mentor": "1", "working_hours": "9-17",
                                              "duties": "测试"}, clock.today())
        agreement_terms.change_terms(unit_user, found, terms, 1, clock.now())
    page = text(client.get(f"/me/placements/{placement.id}"))
    assert "确认协议（第2版）" in page and "2,100.00 元/月" in page
    assert client.post(f"/me/placements/{placement.id}/confirm", data={"version": "1"}).status_code == 409
    r = client.post(f"/me/placements/{placement.id}/confirm", data={"version": "2"})
    assert r.status_code == 303 and "您已确认见习协议" in text(client.get(r.headers["Location"]))
    with app.app_context(), db.connection_context():
        assert Placement.get().trainee_version == 2


def test_shortlisting_tells_the_person_what_the_unit_will_see(app, client):
    with app.app_context(), db.connection_context():
        hiring_unit()
        trainee(1)
    client.post("/login", data={"username": "trainee1", "password": PASSWORD})
    with app.app_context(), db.connection_context():
        from jianxi.models import Position

        position = Position.get()
    page = text(client.get(f"/me/positions/{position.id}"))
    assert "岗位所属单位可以看到您的姓名、性别、年龄、学历、毕业院校、专业、毕业时间和手机号（不含身份证号和附件）" in page


def test_accepting_without_the_pages_token_changes_nothing(app, client, offered):
    _, mine, _ = offered
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the fixture's sign-in sent no token
    try:
        r = client.post(f"/me/offers/{mine.id}/accept")
        assert r.status_code == 422 and "页面已过期" in text(r)
        page = client.get(f"/me/offers/{mine.id}")
        token = text(page).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post(f"/me/offers/{mine.id}/accept", data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context(), db.connection_context():
        assert Placement.select().count() == 1
