"""One placement on the office's desk: the trainee's eligibility facts as on the application page,
the agreement and the policy, 备案 or 退回修改 (with a reason) by the office of its jurisdiction,
once; a city office sees it without the form; 在岗 from the start date."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import Placement
from jianxi.services import agreement_terms, placements, policies
from tests import clock
from tests.factories import PASSWORD, PDF, hiring_unit, make_attachment, make_user, minimum_wage, placed, trainee
from tests.support import text


def submitted(now: datetime.datetime, start: datetime.date) -> Placement:
    """A placement of 小店区's unit, agreement confirmed by both, insured, submitted at `now`."""
    minimum_wage("140105", 2000)
    unit_user, unit, position = hiring_unit()
    person = trainee(1)
    found = placements.unit_placement(unit, placed(unit_user, position, person, start=start, now=now).id)
    terms = agreement_terms.parse_terms(found, {"start_date": start.isoformat(), "months": "6", "allowance": "2200",
                                          "mentor": "1", "working_hours": "9-17", "duties": "测试"}, now.date())
    found = agreement_terms.change_terms(unit_user, found, terms, 1, now)
    agreement_terms.confirm(person, placements.trainee_placement(person, found.id), 2, False, now)
    agreement_terms.confirm(unit_user, placements.unit_placement(unit, found.id), 2, True, now)
    found = placements.unit_placement(unit, found.id)
    policy = policies.parse({"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                                      "starts_on": start.isoformat(), "ends_on": "2040-01-01"})
    policies.record(unit_user, found, policy, make_attachment(unit_user, "policy", PDF, "保单.pdf"), now)
    return placements.submit(unit_user, placements.unit_placement(unit, found.id), now)


def sign_in(client, username, jurisdiction):
    make_user(username, role="reviewer", jurisdiction=jurisdiction)
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 303


@pytest.fixture
def waiting(app, client):
    with app.app_context(), db.connection_context():
        placement = submitted(clock.now(), clock.today() + datetime.timedelta(days=20))
        sign_in(client, "xiaodian", "140105")
    return placement


def test_the_office_sees_the_facts_agreement_and_policy(client, waiting):
    page = text(client.get(f"/review/placements/{waiting.id}"))
    for words in ("核查要点", "今天的年龄", "离校时间", "2,200.00 元/月", "中国人寿", "查看保单", "备案", "单位提交备案"):
        assert words in page, words
    assert "待备案" in text(client.get("/review/roster/"))


def test_returning_needs_a_reason_and_filing_happens_once(app, client, waiting):
    url = f"/review/placements/{waiting.id}"
    r = client.post(url, data={"outcome": "return", "reason": ""})
    assert r.status_code == 422 and "请写明退回的原因" in text(r)
    assert client.post(url, data={"outcome": "file"}).status_code == 303
    again = client.post(url, data={"outcome": "file"})
    assert again.status_code == 422 and "已备案" in text(again)
    with app.app_context(), db.connection_context():
        assert Placement.get_by_id(waiting.id).status == "filed"
    assert "经办机构备案" in text(client.get(url))


def test_a_city_office_views_without_deciding(app, client, waiting):
    client.post("/logout")
    with app.app_context(), db.connection_context():
        sign_in(client, "taiyuan", "140100")
    page = text(client.get(f"/review/placements/{waiting.id}"))
    assert "中国人寿" in page and 'name="outcome"' not in page
    assert client.post(f"/review/placements/{waiting.id}", data={"outcome": "file"}).status_code == 403


def test_a_filed_placement_is_on_the_job_from_its_start_date(app, client):
    """Made forty days ago to start ten days later, so its start date has come."""
    past = clock.now() - datetime.timedelta(days=40)
    with app.app_context(), db.connection_context():
        placement = submitted(past, past.date() + datetime.timedelta(days=10))
        sign_in(client, "xiaodian", "140105")
    assert client.post(f"/review/placements/{placement.id}", data={"outcome": "file"}).status_code == 303
    page = text(client.get(f"/review/placements/{placement.id}"))
    assert "在岗" in page
    on_job = text(client.get("/review/roster/?state=working"))
    assert f"/review/placements/{placement.id}" in on_job
    assert f"/review/placements/{placement.id}" not in text(client.get("/review/roster/?state=filed"))
