"""Who may see and change the subsidy's office pages and its public 公示, as a matrix of roles × every
new URL and POST: a visitor, an applicant, the unit's account, the office of the claim's county, another
county's office, the city office (views, changes nothing: 403), and an admin (views, 403). Allowed
reads answer 200; a refused write changes nothing; every POST needs its CSRF token.

The world: a 小店区 unit's claim for April–June 2026, approved and published (its window open), and its
claim for July–September, waiting for the office."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import AuditLog, Batch, Claim, ClaimLine, User
from jianxi.services import batches, claims
from tests import clock
from tests.factories import PASSWORD, filed_placement, make_user, month_record, subsidy_rule
from tests.support import text

D = datetime.date
OK, GONE, FORBIDDEN, LOGIN, CONFLICT = 200, 404, 403, "login", 409
ROLES = ("anonymous", "applicant", "unit", "office", "other_office", "city_office", "admin")
USERS = {"applicant": "person1", "unit": "danwei1", "office": "office_of_danwei1", "other_office": "qingxu",
         "city_office": "taiyuan", "admin": "admin9"}


@pytest.fixture
def world(app):
    with app.app_context(), db.connection_context():
        subsidy_rule()
        unit_user, unit, placement = filed_placement(D(2026, 4, 1), months=6)
        for month in range(4, 10):
            month_record(unit_user, placement, D(2026, month, 1), 20)
        office = User.get(User.username == "office_of_danwei1")
        [published] = claims.submit(unit_user, unit, claims.quarter("2026Q2"), D(2026, 7, 20),
                                    datetime.datetime(2026, 7, 20, 10))
        claims.decide(office, published, {}, datetime.datetime(2026, 7, 21, 10))
        batch = batches.publish(office, "小店区人社局就业科 0351-1234567", clock.today(), clock.now())
        [waiting] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), D(2026, 10, 20),
                                  datetime.datetime(2026, 10, 20, 10))
        make_user("person1")
        make_user("qingxu", role="reviewer", jurisdiction="140121")
        make_user("taiyuan", role="reviewer", jurisdiction="140100")
        make_user("admin9", role="admin")
        return {"claim": waiting.id, "batch": batch.id, "slug": batch.slug,
                "claim_line": ClaimLine.get((ClaimLine.claim == waiting.id) & (ClaimLine.month == D(2026, 8, 1))).id,
                "batch_line": ClaimLine.get((ClaimLine.claim == published.id) & (ClaimLine.month == D(2026, 5, 1))).id}


def _client(app, role):
    client = app.test_client()
    if role != "anonymous":
        assert client.post("/login", data={"username": USERS[role], "password": PASSWORD}).status_code == 303
    return client


def _outcome(response):
    if response.status_code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


STAFF_LIST = {"office": OK, "other_office": OK, "city_office": OK, "admin": OK, "unit": FORBIDDEN,
              "applicant": FORBIDDEN, "anonymous": LOGIN}
OFFICE_VIEW = STAFF_LIST | {"other_office": GONE}
EVERYONE = dict.fromkeys(ROLES, OK)

READS = [
    ("/review/claims/", STAFF_LIST),
    ("/review/claims/?status=submitted", STAFF_LIST),
    ("/review/claims/{claim}", OFFICE_VIEW),
    ("/review/batches/", STAFF_LIST),
    ("/review/batches/{batch}", OFFICE_VIEW),
    ("/review/batches/{batch}.xlsx", OFFICE_VIEW),
    ("/review/batches/{batch}.csv", OFFICE_VIEW),
    ("/publicity/", EVERYONE),
    ("/publicity/{slug}", EVERYONE),
    ("/publicity/{slug}/subsidies.xlsx", EVERYONE),
    ("/publicity/{slug}/subsidies.csv", EVERYONE),
    ("/publicity/{slug}/roster.xlsx", EVERYONE),
    ("/publicity/{slug}/roster.csv", EVERYONE),
]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_each_page(app, world, role):
    client = _client(app, role)
    seen = {path: _outcome(client.get(path.format(**world))) for path, _ in READS}
    assert seen == {path: rule[role] for path, rule in READS}


def test_a_list_never_shows_what_its_page_would_refuse(app, world):
    other = _client(app, "other_office")
    for path in ("/review/claims/", "/review/batches/"):
        page = text(other.get(path))
        assert "山西晋阳软件有限公司" not in page and f"/review/claims/{world['claim']}" not in page
        assert f"/review/batches/{world['batch']}" not in page
    city = text(_client(app, "city_office").get("/review/claims/"))
    assert f"/review/claims/{world['claim']}" in city


def _fingerprint(app) -> tuple:
    """Everything a write could have changed: claims, lines, batches, and the audit log's length."""
    def rows(model):
        return tuple(tuple(sorted(row.__data__.items())) for row in model.select().order_by(model.id))

    with app.app_context(), db.connection_context():
        return rows(Claim), rows(ClaimLine), rows(Batch), AuditLog.select().where(AuditLog.action != "export").count()


# Each write with a body that would succeed for its rightful author (payment: once the window has
# passed), and how each role is refused. Publishing is an office's own act: the city office and
# another county's office publish their own claims, of which they have none (409, nothing made).
REFUSED = {"anonymous": LOGIN, "applicant": FORBIDDEN, "unit": FORBIDDEN, "other_office": GONE,
           "city_office": FORBIDDEN, "admin": FORBIDDEN}
WRITES = [
    ("/review/claims/{claim}", lambda w: {"return": str(w["claim_line"]), f"reason-{w['claim_line']}": "出勤表缺失"},
     REFUSED),
    ("/review/batches/", lambda w: {"contact": "电话 0351-7654321"},
     REFUSED | {"other_office": CONFLICT, "city_office": CONFLICT}),
    ("/review/batches/{batch}/objections",
     lambda w: {"line": str(w["batch_line"]), f"reason-{w['batch_line']}": "群众反映未到岗"}, REFUSED),
    ("/review/batches/{batch}/pay", lambda w: {"paid_on": clock.today().isoformat(), "voucher": "PZ-9"}, REFUSED),
]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "office"])
def test_nobody_else_writes(app, world, role):
    client = _client(app, role)
    before = _fingerprint(app)
    for path, body, refused in WRITES:
        response = client.post(path.format(**world), data=body(world))
        assert _outcome(response) == refused[role], (path, role, response.status_code)
    assert _fingerprint(app) == before


def test_the_offices_own_writes_do_change_things(app, world):
    """The other side of the matrix: the same bodies, from the office of the claim, are taken."""
    office = _client(app, "office")
    before = _fingerprint(app)
    claim, publish, objection, pay = ((path.format(**world), body(world)) for path, body, _ in WRITES)
    assert office.post(claim[0], data=claim[1]).status_code == 303
    assert office.post(objection[0], data=objection[1]).status_code == 303
    assert office.post(publish[0], data=publish[1]).status_code == 303  # the July–September claim, just decided
    with app.app_context(), db.connection_context():
        past = clock.today() - datetime.timedelta(days=10)
        Batch.update(published_on=past - datetime.timedelta(days=7), window_ends=past).where(
            Batch.id == world["batch"]).execute()
    assert office.post(pay[0], data=pay[1]).status_code == 303
    assert _fingerprint(app) != before
    with app.app_context(), db.connection_context():
        assert Batch.get_by_id(world["batch"]).status == "paid"
        assert ClaimLine.get_by_id(world["batch_line"]).state == "held"
        assert ClaimLine.get_by_id(world["claim_line"]).state == "returned"


def test_every_post_needs_its_pages_csrf_token(app, world):
    office = _client(app, "office")
    with app.app_context(), db.connection_context():
        past = clock.today() - datetime.timedelta(days=10)
        Batch.update(published_on=past - datetime.timedelta(days=7), window_ends=past).where(
            Batch.id == world["batch"]).execute()
    for page in (f"/review/claims/{world['claim']}", f"/review/batches/{world['batch']}"):
        assert 'name="csrf_token"' in text(office.get(page)), page
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the sign-in sent no token
    try:
        before = _fingerprint(app)
        for path, body, _ in WRITES:
            response = office.post(path.format(**world), data=body(world))
            assert response.status_code == 422 and "页面已过期" in text(response), path
        assert _fingerprint(app) == before
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
