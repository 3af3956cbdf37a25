"""Who may see and change what on the way from 收藏 to 上岗, as a matrix of roles × every new URL
and POST: the trainee placed, another trainee, the unit's account, another unit's account, the
office of the unit's county, its city office (view only), another county's office, an admin,
and a visitor. Allowed reads answer 200; a disallowed write changes nothing."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import AuditLog, CandidateStep, Placement
from jianxi.services import placements, policies
from tests import clock
from tests.factories import (
    PASSWORD,
    PDF,
    hiring_unit,
    make_attachment,
    make_user,
    minimum_wage,
    offer_to,
    placed,
    trainee,
)

OK, GONE, FORBIDDEN, LOGIN = 200, 404, 403, "login"
ROLES = ("trainee", "other_trainee", "unit", "other_unit", "office", "city_office", "other_office", "admin",
         "anonymous")


@pytest.fixture
def world(app):
    """A placement of 小店区's unit (insured, its policy scanned), an open offer to the same person
    from nowhere else, and an account for every role."""
    with app.app_context(), db.connection_context():
        minimum_wage("140105", 2000)
        unit_user, unit, position = hiring_unit()
        other_unit_user = hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")[0]
        person, other = trainee(1), trainee(2)
        placement = placed(unit_user, position, person)
        waiting = offer_to(unit_user, position, other)
        scan = make_attachment(unit_user, "policy", PDF, "保单.pdf")
        found = placements.unit_placement(unit, placement.id)
        policy = policies.parse({"insurer": "人保", "policy_number": "P1", "premium": "100",
                                          "starts_on": found.start_date.isoformat(), "ends_on": found.end_date.isoformat()})
        policies.record(unit_user, found, policy, scan, clock.now())
        make_user("xiaodian", role="reviewer", jurisdiction="140105")
        make_user("taiyuan", role="reviewer", jurisdiction="140100")
        make_user("jinyuan", role="reviewer", jurisdiction="140121")
        make_user("admin9", role="admin")
        return {"position": position.id, "person": person.id, "placement": placement.id, "offer": placement.offer_id,
                "scan": scan.id, "other_offer": waiting.id, "other_person": other.id,
                "users": {"trainee": "trainee1", "other_trainee": "trainee2", "unit": "danwei1", "other_unit": "danwei2",
                          "office": "xiaodian", "city_office": "taiyuan", "other_office": "jinyuan", "admin": "admin9"},
                "other_unit_user": other_unit_user.id}


def _client(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        response = client.post("/login", data={"username": world["users"][role], "password": PASSWORD})
        assert response.status_code == 303
    return client


UNIT_ONLY = {"unit": OK, "other_unit": GONE, "trainee": FORBIDDEN, "other_trainee": FORBIDDEN, "office": FORBIDDEN,
             "city_office": FORBIDDEN, "other_office": FORBIDDEN, "admin": FORBIDDEN, "anonymous": LOGIN}
TRAINEE_ONLY = {"trainee": OK, "other_trainee": GONE, "unit": FORBIDDEN, "other_unit": FORBIDDEN, "office": FORBIDDEN,
                "city_office": FORBIDDEN, "other_office": FORBIDDEN, "admin": FORBIDDEN, "anonymous": LOGIN}
OFFICE_VIEW = {"office": OK, "city_office": OK, "admin": OK, "other_office": GONE, "trainee": FORBIDDEN,
               "other_trainee": FORBIDDEN, "unit": FORBIDDEN, "other_unit": FORBIDDEN, "anonymous": LOGIN}
# The unit's own list answers every unit with its own (empty for the other unit), so 200 for both.
UNIT_LIST = UNIT_ONLY | {"other_unit": OK}
POLICY_FILE = {"trainee": OK, "unit": OK, "office": OK, "city_office": OK, "admin": OK, "other_trainee": GONE,
               "other_unit": GONE, "other_office": GONE, "anonymous": LOGIN}

READS = [
    ("/unit/positions/{position}/candidates/", UNIT_ONLY),
    ("/unit/positions/{position}/candidates/{person}", UNIT_ONLY),
    ("/unit/placements/", UNIT_LIST),
    ("/unit/placements/{placement}", UNIT_ONLY),
    ("/unit/placements/{placement}/agreement/edit", UNIT_ONLY),
    ("/unit/placements/{placement}/insurance", UNIT_ONLY),
    ("/unit/placements/{placement}/agreement", UNIT_ONLY),
    ("/unit/placements/{placement}/agreement.pdf", UNIT_ONLY),
    ("/me/offers/{offer}", TRAINEE_ONLY),
    ("/me/placements/{placement}", TRAINEE_ONLY),
    ("/me/placements/{placement}/agreement", TRAINEE_ONLY),
    ("/me/placements/{placement}/agreement.pdf", TRAINEE_ONLY),
    ("/review/placements/{placement}", OFFICE_VIEW),
    ("/review/placements/{placement}/agreement", OFFICE_VIEW),
    ("/review/placements/{placement}/agreement.pdf", OFFICE_VIEW),
    ("/files/{scan}", POLICY_FILE),
]


def _outcome(response):
    if response.status_code in (302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_each_page(app, world, role):
    client = _client(app, world, role)
    seen = {path: _outcome(client.get(path.format(**world))) for path, _ in READS}
    expected = {path: rule[role] for path, rule in READS}
    assert seen == expected


def _fingerprint(app) -> tuple:
    """Everything a write could have changed: the placement, the steps, the audit log's length."""
    with app.app_context(), db.connection_context():
        return (tuple(sorted(Placement.select().first().__data__.items(), key=lambda kv: kv[0])),
                tuple(tuple(sorted(s.__data__.items(), key=lambda kv: kv[0])) for s in CandidateStep.select()),
                AuditLog.select().count())


START = (clock.today() + datetime.timedelta(days=40)).isoformat()
# Each write, with a body that would succeed for its rightful author, and the roles allowed to make it.
WRITES = [
    ("/unit/positions/{position}/candidates/{other_person}", {"step": "invite", "invite-meet_at": f"{START}T09:00",
                                                               "invite-place": "三层"}, {"unit"}),
    ("/unit/positions/{position}/candidates/{other_person}", {"step": "offer", "offer-start_date": START}, {"unit"}),
    ("/unit/placements/{placement}/confirm", {"version": "1"}, {"unit"}),
    ("/unit/placements/{placement}/agreement/edit", {"start_date": START, "months": "6", "allowance": "2500",
                                                     "mentor": "1", "working_hours": "9-17", "duties": "测试",
                                                     "version": "1"}, {"unit"}),
    ("/unit/placements/{placement}/insurance", {"insurer": "平安", "policy_number": "P2", "premium": "90",
                                                "starts_on": "2020-01-01", "ends_on": "2040-01-01"}, {"unit"}),
    ("/unit/placements/{placement}/submit", {}, {"unit"}),
    ("/me/offers/{other_offer}/accept", {}, {"other_trainee"}),
    ("/me/offers/{other_offer}/decline", {"reason": "不去"}, {"other_trainee"}),
    ("/me/placements/{placement}/confirm", {"version": "1"}, {"trainee"}),
    ("/review/placements/{placement}", {"outcome": "return", "reason": "材料不全"}, {"office"}),
]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_writes_what_is_not_theirs(app, world, role):
    client = _client(app, world, role)
    before = _fingerprint(app)
    for path, body, allowed in WRITES:
        if role in allowed:
            continue
        response = client.post(path.format(**world), data=body)
        assert _outcome(response) in (FORBIDDEN, GONE, LOGIN), (path, role, response.status_code)
    assert _fingerprint(app) == before


def test_the_rightful_authors_writes_do_change_things(app, world):
    """The other side of the matrix: the same bodies, from their authors, are not refused."""
    before = _fingerprint(app)
    unit = _client(app, world, "unit")
    assert unit.post(WRITES[0][0].format(**world), data=WRITES[0][1]).status_code == 303
    other = _client(app, world, "other_trainee")
    assert other.post(WRITES[7][0].format(**world), data=WRITES[7][1]).status_code == 303
    assert _fingerprint(app) != before
