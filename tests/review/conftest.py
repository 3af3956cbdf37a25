"""Fixtures of the office side's tests: applications waiting on the desk, a signed-in reviewer of
小店区, and employers and positions of a county and a city office."""
import datetime

import pytest

from jianxi.db import db
from jianxi.services import favorites
from tests import clock
from tests.factories import code, make_application, make_employer, make_position, person, trainee


@pytest.fixture
def desk(app):
    """Three 未审核 applications in 小店区 (oldest first), one in 太原市市本级, one in 大同市 平城区."""
    with app.app_context(), db.connection_context():
        now = clock.now()
        xiaodian = [make_application(person(n), now=now - datetime.timedelta(days=5 - n)) for n in range(3)]
        city = make_application(person(10), jurisdiction="140100")
        datong = make_application(person(20), jurisdiction="140213")
    return {"xiaodian": xiaodian, "city": city, "datong": datong}


@pytest.fixture
def reviewer(auth, desk):
    """王建国 of 小店区's office, signed in at the desk."""
    return auth.login(role="reviewer", jurisdiction="140105", real_name="王建国")


@pytest.fixture
def world(app):
    """An employer and a position in 小店区 (county) and in 太原市市本级 (city); one trainee's favorite."""
    with app.app_context(), db.connection_context():
        made = {}
        for name, region in (("county", "140105"), ("city", "140100")):
            employer = make_employer(region=region, credit_code=code(f"MA0K0000{len(made)}", region))
            made[name] = (employer, make_position(employer, region=region, title=f"{name}岗位"))
        person = trainee(7)
        favorites.add(person, made["county"][1].id, clock.now())
    return made
