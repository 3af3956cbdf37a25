"""见习单位认定 on the office side over HTTP: the queue, one application with its licence, the decision
(confirmed first), 取消认定, accounts asking to act for a known unit, and who may do what."""
import re

import pytest

from jianxi.db import db
from jianxi.models import Employer, Position, Recognition, UnitAccount
from tests.factories import JPEG, make_employer, make_position, unit_code
from tests.factories import position_proposal as proposal_of
from tests.factories import register_unit as register
from tests.factories import submitted_recognition as submitted
from tests.review.unit_pages import ACTORS
from tests.support import text

RECOGNISE = {"outcome": "recognise", "confirmed": "1"}


@pytest.fixture
def world(app):
    """A 待审核 认定 application in 小店区 (county) and one in 太原市市本级 (city)."""
    with app.app_context(), db.connection_context():
        made = {"county": submitted("county_unit", "MA0K40001", "140105", name="小店晋阳软件有限公司"),
                "city": submitted("city_unit", "MA0K40002", "140100", licence=JPEG, name="太原龙城物流有限公司")}
    return {name: found for name, (_, found) in made.items()}


def status_of(recognition_id: int) -> str:
    return Recognition.get_by_id(recognition_id).status


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


# The queue

def test_queue_lists_the_offices_pending_applications_and_swaps_the_list_with_htmx(client, hx, auth, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    page = text(client.get("/review/units/"))
    assert "小店晋阳软件有限公司" in page and "太原龙城物流有限公司" not in page and "共 <strong>1</strong> 份待审核" in page
    fragment = hx.get("/review/units/?q=晋阳", target="recognitions")
    assert "<html" not in text(fragment) and "小店晋阳软件有限公司" in text(fragment)
    assert "小店晋阳软件有限公司" not in text(client.get("/review/units/?status=recognised"))
    assert "认定状态无效" in text(client.get("/review/units/?status=nonsense"))
    auth.logout()
    auth.login(username="taiyuan", **ACTORS["city"])
    page = text(client.get("/review/units/"))
    assert "小店晋阳软件有限公司" in page and "太原龙城物流有限公司" in page, "a city views its counties' too"
    auth.logout()
    auth.login(username="yingze", **ACTORS["other_county"])
    assert "共 <strong>0</strong> 份" in text(client.get("/review/units/"))


@pytest.mark.parametrize("actor", list(ACTORS))
def test_who_views_and_who_decides_each_application(client, auth, world, actor):
    auth.login(username=f"u_{actor}", **ACTORS[actor])
    view = {"county": {"county"}, "city": {"county", "city"}, "other_county": set()}[actor]
    decide = {"county": {"county"}, "city": {"city"}, "other_county": set()}[actor]
    for name, found in world.items():
        viewed = client.get(f"/review/units/{found.id}")
        assert viewed.status_code == (200 if name in view else 404), (name, "view")
        answer = client.post(f"/review/units/{found.id}/decide", data=RECOGNISE)
        assert answer.status_code == (303 if name in decide else 403 if name in view else 404), (name, "decide")
        assert (status_of(found.id) == "recognised") == (name in decide)


def test_a_city_office_views_a_county_application_without_the_decision(client, auth, world):
    auth.login(username="taiyuan", **ACTORS["city"])
    page = text(client.get(f"/review/units/{world['county'].id}"))
    assert "您可以查看，不能审核" in page and "下一步" not in page
    assert client.get(f"/review/units/{world['county'].id}/revoke").status_code == 403


# One application

def test_the_page_shows_every_field_the_mentors_the_accounts_the_licence_and_the_timeline(client, auth, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    found = world["county"]
    page = text(client.get(f"/review/units/{found.id}"))
    for shown in ("小店晋阳软件有限公司", unit_code("MA0K40001"), "企业", "信息传输、软件和信息技术服务业", "35人",
                  "太原市小店区长治路1号", "李经办", "0351-7654321", "软件开发，可提供3个见习岗位。", "张老师", "技术总监",
                  "13812345678", "county_unit", "已确认", "提交认定申请"):
        assert shown in page, shown
    licence = Recognition.get_by_id(found.id).licence_id
    assert f'href="/files/{licence}"' in page and "PDF，在浏览器中查看" in page and "<img" not in page
    opened = client.get(f"/files/{licence}")
    assert opened.status_code == 200 and opened.mimetype == "application/pdf"
    auth.logout()
    auth.login(username="taiyuan", **ACTORS["city"])
    city_licence = Recognition.get_by_id(world["city"].id).licence_id
    page = text(client.get(f"/review/units/{world['city'].id}"))
    assert f'<img src="/files/{city_licence}"' in page, "a JPEG is shown inline"
    auth.logout()
    auth.login(username="yingze", **ACTORS["other_county"])
    assert client.get(f"/files/{licence}").status_code == 404


def test_recognise_is_confirmed_on_a_page_without_js_then_decided_and_listed_publicly(client, auth, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    found = world["county"]
    confirm = client.post(f"/review/units/{found.id}/decide", data={"outcome": "recognise", "q": "晋阳"})
    assert confirm.status_code == 200 and "确认已认定" in text(confirm) and 'name="confirmed" value="1"' in text(confirm)
    assert status_of(found.id) == "pending", "nothing is decided before the confirmation"
    back = client.post(f"/review/units/{found.id}/decide", data={"outcome": "recognise", "confirmed": "1", "edit": "1"})
    assert back.status_code == 200 and status_of(found.id) == "pending", "返回修改 goes back to the form"
    done = client.post(f"/review/units/{found.id}/decide", data={**RECOGNISE, "q": "晋阳"})
    assert done.status_code == 303 and "q=" in done.headers["Location"]
    assert "小店晋阳软件有限公司：已认定。" in text(client.get(done.headers["Location"]))
    assert Employer.get_by_id(found.employer_id).status == "recognised"
    auth.logout()
    assert "小店晋阳软件有限公司" in text(client.get("/units/"))


def test_refuse_needs_a_ground_and_return_says_what_to_add_each_by_its_field(client, hx, auth, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    url = f"/review/units/{world['county'].id}/decide"
    nothing = client.post(url, data={})
    assert nothing.status_code == 422 and "请选择审核结果" in text(nothing)
    refused = client.post(url, data={"outcome": "refuse", "details": "说明"})
    assert refused.status_code == 422 and "请至少选择一项不予认定的原因" in text(refused)
    assert "错误：" in text(refused) and "说明</textarea>" in text(refused), "what was typed is kept"
    returned = hx.post(url, target="dialog-slot", data={"outcome": "return"})
    assert returned.headers["HX-Retarget"] == "#decision" and "请写明需要单位补充或修改的内容" in text(returned)
    assert "<html" not in text(returned)
    dialog = hx.post(url, target="dialog-slot", data={"outcome": "refuse", "grounds": ["no_mentor", "too_small"],
                                                      "details": "带教老师仅一人"})
    assert dialog.headers["HX-Retarget"] == "#dialog-slot" and "<dialog" in text(dialog)
    assert "带教安排不足" in text(dialog) and "参保职工人数过少" in text(dialog)
    client.post(url, data={"outcome": "refuse", "grounds": ["no_mentor"], "details": "带教老师仅一人", "confirmed": "1"})
    refused = Recognition.get_by_id(world["county"].id)
    assert refused.status == "refused" and refused.ground_codes == ["no_mentor"] and refused.reason == "带教老师仅一人"
    assert Employer.get_by_id(refused.employer_id).status == "unrecognised"


def test_return_with_what_to_add_then_the_timeline_says_so(client, auth, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    found = world["county"]
    answer = client.post(f"/review/units/{found.id}/decide",
                         data={"outcome": "return", "details": "请补充营业执照副本", "confirmed": "1"})
    assert answer.status_code == 303 and status_of(found.id) == "returned"
    page = text(client.get(f"/review/units/{found.id}"))
    assert "退回补充" in page and "请补充营业执照副本" in page and "下一步" not in page


def test_a_second_decision_or_a_double_click_is_a_conflict_said_on_the_page(client, auth, world):
    auth.login(username="xiaodian", real_name="王建国", **ACTORS["county"])
    url = f"/review/units/{world['county'].id}/decide"
    assert client.post(url, data=RECOGNISE).status_code == 303
    again = client.post(url, data={"outcome": "refuse", "grounds": ["no_mentor"], "confirmed": "1"})
    assert again.status_code == 409 and "已由王建国" in text(again) and "已认定" in text(again)
    assert status_of(world["county"].id) == "recognised"


def test_revoke_asks_for_a_reason_then_closes_the_positions_and_leaves_the_directory(client, hx, auth, app, world):
    auth.login(username="xiaodian", **ACTORS["county"])
    found = world["county"]
    client.post(f"/review/units/{found.id}/decide", data=RECOGNISE)
    with app.app_context(), db.connection_context():
        position = make_position(Employer.get_by_id(found.employer_id), title="软件测试见习生")
    page = text(client.get(f"/review/units/{found.id}"))
    assert f"/review/units/{found.id}/revoke" in page
    dialog = hx.get(f"/review/units/{found.id}/revoke", target="dialog-slot")
    assert "<dialog" in text(dialog) and "<html" not in text(dialog)
    assert client.get(f"/review/units/{found.id}/revoke").status_code == 200
    missing = client.post(f"/review/units/{found.id}/revoke", data={"reason": " "})
    assert missing.status_code == 422 and "请填写取消认定的原因" in text(missing)
    done = client.post(f"/review/units/{found.id}/revoke", data={"reason": "一年未接收见习人员"})
    assert done.status_code == 303 and status_of(found.id) == "revoked"
    assert Position.get_by_id(position.id).status == "closed"
    assert "一年未接收见习人员" in text(client.get(done.headers["Location"]))
    twice = client.post(f"/review/units/{found.id}/revoke", data={"reason": "再来一次"})
    assert twice.status_code == 409
    auth.logout()
    assert "小店晋阳软件有限公司" not in text(client.get("/units/"))
    assert client.get(f"/units/{found.employer_id}").status_code == 404


# Accounts asking to act for a known unit

@pytest.fixture
def claims(app):
    """Two people asking to act for a unit 小店区 keeps, and one for a unit of 太原市市本级."""
    with app.app_context(), db.connection_context():
        kept = make_employer(credit_code=unit_code("MA0K40010"), name="小店区人民医院", region="140105")
        city = make_employer(credit_code=unit_code("MA0K40011"), name="太原市图书馆", region="140100")
        return {
            "first": register("claimer1", kept.credit_code)[1],
            "second": register("claimer2", kept.credit_code)[1],
            "city": register("claimer3", city.credit_code)[1],
        }


def account_status(account) -> str:
    return UnitAccount.get_by_id(account.id).status


def test_requests_are_listed_for_the_office_and_confirmed_on_a_page_or_in_a_dialog(client, hx, auth, claims):
    auth.login(username="xiaodian", **ACTORS["county"])
    listing = text(client.get("/review/units/accounts/"))
    assert listing.count("小店区人民医院") == 2 and "太原市图书馆" not in listing
    assert "单位账号确认（2个待确认）" in listing
    assert "单位账号确认（2个待确认）" in text(client.get("/review/units/"))
    fragment = hx.get("/review/units/accounts/", target="accounts")
    assert "<html" not in text(fragment) and "claimer1" in text(fragment)
    url = f"/review/units/accounts/{claims['first'].id}/confirm"
    dialog = hx.get(url, target="dialog-slot")
    assert "<dialog" in text(dialog) and "还没有已确认的经办人账号" in text(dialog)
    page = client.get(url)
    assert page.status_code == 200 and "确认后，此人可以代“小店区人民医院”办理" in text(page)
    done = client.post(url)
    assert done.status_code == 303 and account_status(claims["first"]) == "confirmed"
    assert "已确认李经办（claimer1）为“小店区人民医院”的经办人。" in text(client.get(done.headers["Location"]))
    assert client.post(url).status_code == 409, "a double click is said, not done twice"
    assert "这家单位现有经办人：李经办" in text(client.get(f"/review/units/accounts/{claims['second'].id}/confirm"))


def test_refusing_a_request_needs_the_reason(client, auth, claims):
    auth.login(username="xiaodian", **ACTORS["county"])
    url = f"/review/units/accounts/{claims['second'].id}/refuse"
    assert client.get(url).status_code == 200
    missing = client.post(url, data={"reason": ""})
    assert missing.status_code == 422 and "请填写不予确认的原因" in text(missing)
    done = client.post(url, data={"reason": "经与单位核实，此人不是单位经办人"})
    assert done.status_code == 303 and account_status(claims["second"]) == "refused"
    assert UnitAccount.get_by_id(claims["second"].id).reason == "经与单位核实，此人不是单位经办人"
    assert "已拒绝李经办（claimer2）代“小店区人民医院”办理业务的申请。" in text(client.get(done.headers["Location"]))


@pytest.mark.parametrize("actor", list(ACTORS))
def test_who_confirms_which_request(client, auth, claims, actor):
    auth.login(username=f"u_{actor}", **ACTORS[actor])
    view = {"county": {"first"}, "city": {"first", "city"}, "other_county": set()}[actor]
    change = {"county": {"first"}, "city": {"city"}, "other_county": set()}[actor]
    listing = text(client.get("/review/units/accounts/"))
    for name in ("first", "city"):
        account = claims[name]
        assert (f"/review/units/accounts/{account.id}/confirm" in listing) == (name in change), name
        expected = 200 if name in change else 403 if name in view else 404
        assert client.get(f"/review/units/accounts/{account.id}/refuse").status_code == expected, name
        assert client.post(f"/review/units/accounts/{account.id}/confirm").status_code == (
            303 if name in change else expected), name
        assert (account_status(account) == "confirmed") == (name in change)


# CSRF on every POST of the office's unit pages

def test_every_post_needs_its_token(client, auth, app, world, claims):
    auth.login(username="xiaodian", **ACTORS["county"])
    client.post(f"/review/units/{world['county'].id}/decide", data=RECOGNISE)
    with app.app_context(), db.connection_context():
        proposal = proposal_of(Employer.get_by_id(world["county"].employer_id), "csrf_unit")
    page = text(client.get(f"/review/units/{world['county'].id}"))
    token = token_of(page)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        posts = {
            f"/review/units/{world['county'].id}/revoke": {"reason": "原因"},
            f"/review/units/accounts/{claims['first'].id}/confirm": {},
            f"/review/units/accounts/{claims['first'].id}/refuse": {"reason": "原因"},
            f"/review/proposals/{proposal.id}/approve": {"seen": proposal.submitted_at.isoformat()},
            f"/review/proposals/{proposal.id}/send-back": {"reason": "原因"},
        }
        for url, form in posts.items():
            refused = client.post(url, data=form)
            assert refused.status_code in (400, 422), url
        assert status_of(world["county"].id) == "recognised" and account_status(claims["first"]) == "pending"
        assert client.post(f"/review/units/{world['county'].id}/revoke",
                           data={"reason": "原因", "csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context(), db.connection_context():
        another = submitted("csrf_unit2", "MA0K40003", "140105")[1]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        stale = client.post(f"/review/units/{another.id}/decide", data={**RECOGNISE, "csrf_token": "stale"})
        assert stale.status_code == 422 and "页面已过期" in text(stale) and status_of(another.id) == "pending"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
