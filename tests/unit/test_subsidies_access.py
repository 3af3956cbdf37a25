"""Who may see and change a unit's months and claims, as a matrix of roles × URL: only the unit's
own accounts see and record its months and claims; another unit finds nothing (404) and changes
nothing; trainees, offices and visitors are not units (403, or sign in). A payment proof opens for
the unit and the offices of its jurisdiction only."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import Claim, ClaimLine, MonthRecord
from jianxi.services import claims, month_records
from tests import clock
from tests.factories import JPEG, PASSWORD, filed_placement, hiring_unit, make_attachment, make_user, subsidy_rule, trainee

OK, GONE, FORBIDDEN, LOGIN = 200, 404, 403, "login"
TODAY = clock.today()
START = (TODAY.replace(day=1) - datetime.timedelta(days=100)).replace(day=1)
SECOND = (START + datetime.timedelta(days=32)).replace(day=1)
USERS = {"unit": "danwei1", "other_unit": "danwei2", "trainee": "trainee90", "other_trainee": "trainee2",
         "office": "xiaodian", "city_office": "taiyuan", "other_office": "jinyuan", "admin": "admin9"}


@pytest.fixture
def world(app):
    """A placement 在岗 since START with its first month recorded (with a proof) and claimed."""
    with app.app_context(), db.connection_context():
        subsidy_rule()
        unit_user, unit, placement = filed_placement(START, months=6)
        hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")
        trainee(2)
        proof = make_attachment(unit_user, "pay_proof", JPEG, "工资表.jpg")
        shown = month_records.month_of(placement, f"{START:%Y-%m}", TODAY)
        month_records.save(unit_user, placement, shown, {"days_attended": 20, "paid_fen": 220000,
                                                         "paid_on": month_records.month_end(START)}, proof, clock.now())
        [claim] = claims.submit(unit_user, unit, claims.quarter(f"{START.year}Q{(START.month + 2) // 3}"), TODAY,
                                clock.now())
        make_user("xiaodian", role="reviewer", jurisdiction="140105")
        make_user("taiyuan", role="reviewer", jurisdiction="140100")
        make_user("jinyuan", role="reviewer", jurisdiction="140121")
        make_user("admin9", role="admin")
        return {"placement": placement.id, "claim": claim.id, "proof": proof.id, "first": f"{START:%Y-%m}",
                "second": f"{SECOND:%Y-%m}"}


def _client(app, role):
    client = app.test_client()
    if role != "anonymous":
        assert client.post("/login", data={"username": USERS[role], "password": PASSWORD}).status_code == 303
    return client


NOT_A_UNIT = {"trainee": FORBIDDEN, "other_trainee": FORBIDDEN, "office": FORBIDDEN, "city_office": FORBIDDEN,
              "other_office": FORBIDDEN, "admin": FORBIDDEN, "anonymous": LOGIN}
UNIT_ONLY = NOT_A_UNIT | {"unit": OK, "other_unit": GONE}
UNIT_LIST = NOT_A_UNIT | {"unit": OK, "other_unit": OK}  # each unit sees its own list (empty for the other)
PROOF = {"unit": OK, "office": OK, "city_office": OK, "admin": OK, "other_unit": GONE, "trainee": GONE,
         "other_trainee": GONE, "other_office": GONE, "anonymous": LOGIN}

READS = [
    ("/unit/placements/{placement}/months/", UNIT_ONLY),
    ("/unit/placements/{placement}/months/{second}", UNIT_ONLY),
    ("/unit/claims/", UNIT_LIST),
    ("/unit/claims/new", UNIT_LIST),
    ("/unit/claims/{claim}", UNIT_ONLY),
    ("/files/{proof}", PROOF),
]


@pytest.mark.parametrize("role", list(USERS) + ["anonymous"])
def test_reads(app, world, role):
    client = _client(app, role)
    for url, expected in READS:
        response = client.get(url.format(**world))
        if expected[role] == LOGIN:
            assert response.status_code in (302, 303) and "/login" in response.headers["Location"], url
        else:
            assert response.status_code == expected[role], (url, role, response.status_code)


def _fingerprint(app):
    with app.app_context(), db.connection_context():
        return ([(r.placement_id, r.month, r.days_attended, r.paid_fen) for r in MonthRecord.select()],
                [(c.id, c.employer_id) for c in Claim.select()], ClaimLine.select().count())


@pytest.mark.parametrize("role", [r for r in list(USERS) + ["anonymous"] if r != "unit"])
def test_no_one_but_the_unit_records_or_claims(app, world, role):
    before = _fingerprint(app)
    client = _client(app, role)
    record = {"days_attended": "1", "paid": "5000", "paid_on": TODAY.isoformat()}
    responses = [client.post(f"/unit/placements/{world['placement']}/months/{world['second']}", data=record),
                 client.post(f"/unit/placements/{world['placement']}/months/{world['first']}", data=record),
                 client.post("/unit/claims/new", data={"quarter": f"{SECOND.year}Q{(SECOND.month + 2) // 3}"})]
    for response in responses:
        assert response.status_code in (302, 303, 403, 404, 422), response.status_code
        if response.status_code in (302, 303):
            assert "/login" in response.headers["Location"]
    assert _fingerprint(app) == before
