"""Who reaches 单位网厅 (jianxi/unit/blueprint.py): every /unit/ URL and POST, by everyone who is
not the unit's own confirmed account; and CSRF required on every POST."""
import datetime
import re

import pytest

from jianxi.db import db
from jianxi.models import (
    AuditLog,
    CandidateStep,
    Claim,
    ClaimLine,
    Insurance,
    MonthRecord,
    Placement,
    Position,
    PositionProposal,
    Recognition,
    User,
)
from jianxi.services import agreement_terms, notices, placements, policies, unit_positions, units
from tests import clock
from tests.factories import PDF, make_attachment, minimum_wage, placed, trainee, unit_code, valid_id_number
from tests.support import text
from tests.unit.helpers import POSITION, RECOGNITION, REGISTRATION

START = (clock.today() + datetime.timedelta(days=30)).isoformat()
# A placement 在岗 for months (serving_with_a_claim): its first three months, and the quarter of its second.
FIRST = (clock.today().replace(day=1) - datetime.timedelta(days=100)).replace(day=1)
MONTHS = [FIRST, (FIRST + datetime.timedelta(days=32)).replace(day=1), (FIRST + datetime.timedelta(days=63)).replace(day=1)]
QUARTER = f"{MONTHS[1].year}Q{(MONTHS[1].month + 2) // 3}"
# Every unit endpoint but the two open to visitors, with what a request to it sends.
REQUESTS = [
    ("unit.index", "GET", "/unit/", {}),
    ("unit.recognition", "GET", "/unit/recognition", {}),
    ("unit.recognition", "POST", "/unit/recognition", {**RECOGNITION, "action": "save"}),
    ("unit.positions", "GET", "/unit/positions/", {}),
    ("unit.new_position", "GET", "/unit/positions/new", {}),
    ("unit.new_position", "POST", "/unit/positions/new", POSITION),
    ("unit.edit_position", "GET", "/unit/positions/{position}/edit", {}),
    ("unit.edit_position", "POST", "/unit/positions/{position}/edit", {**POSITION, "title": "改名"}),
    ("unit.edit_proposal", "GET", "/unit/proposals/{proposal}/edit", {}),
    ("unit.edit_proposal", "POST", "/unit/proposals/{proposal}/edit", {**POSITION, "title": "改名"}),
    ("unit.close_position", "GET", "/unit/positions/{position}/close", {}),
    ("unit.close_position", "POST", "/unit/positions/{position}/close", {"reason": "filled"}),
    ("unit.reopen_position", "POST", "/unit/positions/{position}/reopen", {}),
    ("unit.candidates_of", "GET", "/unit/positions/{position}/candidates/", {}),
    ("unit.candidate", "GET", "/unit/positions/{position}/candidates/{person}", {}),
    ("unit.candidate", "POST", "/unit/positions/{position}/candidates/{person}",
     {"step": "unsuitable", "unsuitable-reason": "other", "unsuitable-details": "不合适"}),
    ("unit.placements_list", "GET", "/unit/placements/", {}),
    ("unit.placement", "GET", "/unit/placements/{placement}", {}),
    ("unit.edit_terms", "GET", "/unit/placements/{placement}/agreement/edit", {}),
    ("unit.edit_terms", "POST", "/unit/placements/{placement}/agreement/edit", {
        "start_date": START, "months": "12", "allowance": "2100", "mentor": "1", "working_hours": "9-17",
        "duties": "测试", "version": "2"}),
    ("unit.confirm", "POST", "/unit/placements/{placement}/confirm", {"version": "2"}),
    ("unit.insurance", "GET", "/unit/placements/{placement}/insurance", {}),
    ("unit.insurance", "POST", "/unit/placements/{placement}/insurance", {  # the scan kept from before
        "insurer": "平安", "policy_number": "P-2", "premium": "100", "starts_on": "2020-01-01", "ends_on": "2040-01-01"}),
    ("unit.submit", "POST", "/unit/placements/{placement}/submit", {}),
    ("unit.agreement", "GET", "/unit/placements/{placement}/agreement", {}),
    ("unit.agreement_download", "GET", "/unit/placements/{placement}/agreement.pdf", {}),
    ("unit.end", "GET", "/unit/placements/{placement}/end/leave", {}),
    ("unit.months", "GET", "/unit/placements/{serving}/months/", {}),
    ("unit.month", "GET", "/unit/placements/{serving}/months/{third}", {}),
    ("unit.month", "POST", "/unit/placements/{serving}/months/{third}", {
        "days_attended": "5", "paid": "2000", "paid_on": clock.today().isoformat()}),
    ("unit.claims_list", "GET", "/unit/claims/", {}),
    ("unit.claim_new", "GET", "/unit/claims/new", {}),
    ("unit.claim_new", "POST", "/unit/claims/new", {"quarter": QUARTER}),
    ("unit.claim", "GET", "/unit/claims/{claim}", {}),
    ("unit.messages", "GET", "/unit/messages", {}),
    ("unit.read_message", "POST", "/unit/messages/{message}/read", {}),
    ("unit.read_all_messages", "POST", "/unit/messages/read-all", {}),
]
PUBLIC = {"unit.register", "unit.jurisdictions"}
# An account's 消息 are its own, not the unit's: one waiting for the office reads its own (another's is 404).
OWN_MESSAGES = {"unit.messages", "unit.read_message", "unit.read_all_messages"}


def test_every_unit_endpoint_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("unit.")}
    assert endpoints - PUBLIC == {endpoint for endpoint, *_ in REQUESTS}


@pytest.fixture
def world(app, client, auth, unit_accounts, dbc):
    """Unit A with a published position (open) and a proposal; unit B; nobody signed in."""
    unit_accounts.sign_in("danwei1", "MA0K2B3C4")
    unit_accounts.recognise("danwei1")
    assert client.post("/unit/positions/new", data=POSITION).status_code == 303
    position = unit_positions.approve(unit_accounts.office(), PositionProposal.get().id, clock.now())
    assert client.post("/unit/positions/new", data={**POSITION, "title": "第二个岗位"}).status_code == 303
    unit_accounts.sign_in("danwei2", "MA0K2B3C5", name="另一家公司")
    unit_accounts.recognise("danwei2")
    unit_accounts.register("claimer", "MA0K2B3C4")  # asks to act for unit A: waits
    placement = signed_and_insured(User.get(User.username == "danwei1"), position, trainee(50))
    serving, claim, months = serving_with_a_claim(User.get(User.username == "danwei1"), position, trainee(51))
    message, = notices.send([User.get(User.username == "danwei1")],
                            notices.Notice("test", "tasks", "消息", "内容", "/unit/", "短信"), clock.now())
    client.post("/logout")
    return {"position": position.id, "proposal": PositionProposal.get(PositionProposal.status != "approved").id,
            "person": placement.user_id, "placement": placement.id, "serving": serving.id, "claim": claim.id,
            "third": f"{months[2]:%Y-%m}", "message": message.id}


def serving_with_a_claim(unit_user, position, person):
    """A placement 在岗 since the first of the month four months back (备案 set directly: the way
    there is tested elsewhere), its first month in a claim (made directly), its second recorded and
    not yet claimed, its third not recorded."""
    from jianxi.services import month_records
    from tests.factories import subsidy_rule

    today, first, months = clock.today(), FIRST, MONTHS
    subsidy_rule()
    Position.update(openings=3).where(Position.id == position.id).execute()
    made = datetime.datetime.combine(first - datetime.timedelta(days=20), datetime.time(9))
    found = placed(unit_user, position, person, start=first, now=made)
    Placement.update(status="filed").where(Placement.id == found.id).execute()
    found = Placement.get_by_id(found.id)
    claim = Claim.create(employer=found.employer_id, region=found.region_id, period_from=first,
                         period_to=month_records.month_end(first), submitted_at=clock.now(), submitted_by=unit_user)
    ClaimLine.create(claim=claim, placement=found, kind="month", month=first, amount_fen=90000, basis="测试")
    shown = month_records.month_of(found, f"{months[1]:%Y-%m}", today)
    month_records.save(unit_user, found, shown, {"days_attended": 20, "paid_fen": 200000,
                                                 "paid_on": month_records.month_end(months[1])}, None, clock.now())
    return found, claim, months


def signed_and_insured(unit_user, position, person):
    """A placement whose agreement (version 2) both parties confirmed, insured (policy P-1)."""
    minimum_wage("140105", 1500)
    found = placed(unit_user, position, person, start=datetime.date.fromisoformat(START))
    unit = found.employer
    terms = agreement_terms.parse_terms(found, {"start_date": START, "months": "6", "allowance": "1800", "mentor": "1",
                                          "working_hours": "9-17", "duties": "测试"}, clock.today())
    found = agreement_terms.change_terms(unit_user, placements.unit_placement(unit, found.id), terms, 1, clock.now())
    agreement_terms.confirm(person, placements.trainee_placement(person, found.id), 2, False, clock.now())
    agreement_terms.confirm(unit_user, placements.unit_placement(unit, found.id), 2, True, clock.now())
    policy = policies.parse({"insurer": "人保", "policy_number": "P-1", "premium": "100",
                                      "starts_on": "2020-01-01", "ends_on": "2040-01-01"})
    policies.record(unit_user, placements.unit_placement(unit, found.id), policy,
                                make_attachment(unit_user, "policy", PDF, "保单.pdf"), clock.now())
    return found


def sign_in_as(who, client, auth, unit_accounts):
    if who == "applicant":
        auth.login(id_number=valid_id_number(birth="20030512"))
    elif who == "reviewer":
        auth.login(role="reviewer", jurisdiction="140105")
    elif who == "waiting":
        unit_accounts.sign_in("claimer")
    elif who == "other_unit":
        unit_accounts.sign_in("danwei2")


def send(client, method, url, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data=data, content_type="multipart/form-data")


def unchanged(ids):
    position = Position.get_by_id(ids["position"])
    assert position.title == "软件测试见习生" and position.status == "open"
    assert PositionProposal.get_by_id(ids["proposal"]).title == "第二个岗位"
    assert Recognition.select().where(Recognition.status == "recognised").count() == 2
    placement = Placement.get_by_id(ids["placement"])
    assert (placement.version, placement.unit_version, placement.status) == (2, 2, "accepted")
    assert AuditLog.select().where((AuditLog.object_type == "placement") & (AuditLog.action == "confirm_unit")).count() == 1
    assert Insurance.get().policy_number == "P-1"
    assert not CandidateStep.select().where(CandidateStep.kind == "unsuitable").exists()
    assert [(r.month.day, r.days_attended) for r in MonthRecord.select()] == [(1, 20)]
    assert Claim.select().count() == 1 and ClaimLine.select().count() == 1


@pytest.mark.parametrize("who", ["anonymous", "applicant", "reviewer", "waiting", "other_unit"])
def test_unit_urls_refuse_everyone_but_the_units_own_account(client, auth, unit_accounts, world, who):
    sign_in_as(who, client, auth, unit_accounts)
    for endpoint, method, url, data in REQUESTS:
        own_ids = "{" in url
        r = send(client, method, url.format(**world), data)
        said = f"{who}: {method} {url}"
        if who == "anonymous":
            assert r.status_code == 302 and r.headers["Location"].startswith("/login?next="), said
        elif who in ("applicant", "reviewer"):
            assert r.status_code == 403 and "没有权限" in text(r), said
        elif who == "waiting" and endpoint in OWN_MESSAGES:
            assert r.status_code == (404 if own_ids else 200 if method == "GET" else 303), said
        elif who == "waiting" and endpoint == "unit.index":
            assert r.status_code == 200 and "账号待确认" in text(r) and "软件测试见习生" not in text(r), said
        elif who == "waiting":
            assert r.status_code == 403 and "正在等待经办机构确认" in text(r), said
            assert "软件测试见习生" not in text(r) and "山西晋阳软件有限公司" not in text(r), said
        elif own_ids:  # another unit, with unit A's ids
            assert r.status_code == 404, said
    unchanged(world)


def test_unit_a_refused_account_is_told_why(client, unit_accounts, world, app):
    with app.app_context(), db.connection_context():
        account = units.account_of(User.get(User.username == "claimer"))
        units.decide(unit_accounts.office(), account.id, False, clock.now(), reason="单位表示不认识此人")
    unit_accounts.sign_in("claimer")
    r = client.get("/unit/positions/")
    assert r.status_code == 403 and "未获确认" in text(r) and "单位表示不认识此人" in text(r)
    home = text(client.get("/unit/"))
    assert "账号未获确认" in home and "单位表示不认识此人" in home and "山西晋阳软件有限公司" not in home


def test_unit_the_units_own_account_reaches_every_page(client, unit_accounts, world):
    unit_accounts.sign_in("danwei1")
    for endpoint, method, url, data in REQUESTS:
        if method == "GET":
            assert client.get(url.format(**world)).status_code == 200, url


def test_unit_htmx_requests_refused_get_a_notice_not_a_page(client, unit_accounts, world):
    unit_accounts.sign_in("claimer")
    r = client.get("/unit/positions/", headers={"HX-Request": "true", "HX-Target": "x"})
    assert r.status_code == 403 and "<html" not in text(r) and r.headers["HX-Retarget"] == "#alerts"
    client.post("/logout")
    r = client.get("/unit/positions/", headers={"HX-Request": "true", "HX-Target": "x"})
    assert r.status_code == 401 and r.headers["HX-Redirect"].startswith("/login")


def token(body: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', body)
    return found.group(1) or found.group(2)


# The candidate page's three forms are prefixed (invite-, offer-, unsuitable-), their tokens too.
TOKEN_FIELDS = {"unit.candidate": "unsuitable-csrf_token"}
POSTS = [(endpoint, url, data) for endpoint, method, url, data in REQUESTS if method == "POST"]


@pytest.mark.parametrize("endpoint, url, data", POSTS, ids=[endpoint for endpoint, *_ in POSTS])
def test_csrf_every_unit_post_renders_and_requires_the_token(client, unit_accounts, world, endpoint, url, data, app):
    # 认定 is read only once granted: its token is shown by a unit still applying
    unit_accounts.sign_in(*(("danwei3", "MA0K2B3C6") if endpoint == "unit.recognition" else ("danwei1",)))
    url, form_page = url.format(**world), url.format(**world)
    if endpoint == "unit.reopen_position":  # a closed position, reopened from the list's button
        with app.app_context(), db.connection_context():
            unit_positions.close(User.get(User.username == "danwei1"), unit_accounts.unit_of("danwei1"),
                                 world["position"], "filled", "", clock.now())
        form_page = "/unit/positions/"
    if endpoint in OWN_MESSAGES:
        form_page = "/unit/messages"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(url, data=data, content_type="multipart/form-data")
        assert refused.status_code in (400, 422) and "页面已过期" in text(refused), endpoint
        if endpoint != "unit.reopen_position":
            unchanged(world)
        accepted = client.post(url, data={**data, TOKEN_FIELDS.get(endpoint, "csrf_token"): token(text(client.get(form_page)))},
                               content_type="multipart/form-data")
        assert accepted.status_code == 303, endpoint
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_csrf_unit_register_renders_and_requires_the_token(client, dbc, csrf_on):
    refused = client.post("/unit/register", data=REGISTRATION)
    assert refused.status_code == 422 and "页面已过期" in text(refused)
    assert 'value="山西晋阳软件有限公司"' in text(refused) and not User.select().exists()
    r = client.post("/unit/register", data={**REGISTRATION, "credit_code": unit_code("MA0K2B3C9"),
                                            "csrf_token": token(text(client.get("/unit/register")))})
    assert r.status_code == 303
