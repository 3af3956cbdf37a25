"""The office-side policy as a table: who may view, decide and open the files of which application."""
import pytest
from flask_login import AnonymousUserMixin

from jianxi.models import Application
from jianxi.services import access, review
from tests.factories import make_application, make_user, valid_id_number

# The applications: one in 小店区 (a county of 太原市), one of 太原市市本级, one in 大同市 平城区.
OBJECTS = {"xiaodian": "140105", "taiyuan": "140100", "pingcheng": "140213"}
# The people, and what they may view / decide, by object.
ACTORS = {
    "county": ("reviewer", "140105", {"xiaodian"}, {"xiaodian"}),
    "other_county": ("reviewer", "140106", set(), set()),
    "city": ("reviewer", "140100", {"xiaodian", "taiyuan"}, {"taiyuan"}),
    "other_city": ("reviewer", "140200", {"pingcheng"}, set()),
    "admin": ("admin", None, set(OBJECTS), set()),
    "owner": ("applicant", None, set(), set()),
    "stranger": ("applicant", None, set(), set()),
    "anonymous": (None, None, set(), set()),
}


@pytest.fixture
def world(dbc):
    owners = {}
    applications = {}
    for i, (name, code) in enumerate(OBJECTS.items()):
        owners[name] = make_user(f"owner{i}", id_number=valid_id_number(birth="20030512", sequence=f"5{i}1"))
        applications[name] = make_application(owners[name], jurisdiction=code)
    people = {}
    for name, (role, jurisdiction, _, _) in ACTORS.items():
        if role is None:
            people[name] = AnonymousUserMixin()
        elif name == "owner":
            people[name] = owners["xiaodian"]
        else:
            extra = {"id_number": valid_id_number(birth="20010101", sequence="777")} if role == "applicant" else {}
            people[name] = make_user(f"u_{name}", role=role, jurisdiction=jurisdiction, **extra)
    return people, applications


@pytest.mark.parametrize("actor", ACTORS)
def test_view_and_decide_follow_the_jurisdiction_rule(world, actor):
    people, applications = world
    user = people[actor]
    _, _, may_view, may_decide = ACTORS[actor]
    listed = {name for name, a in applications.items() if a.id in {row.id for row in access.applications(user)}}
    assert listed == may_view, "the list"
    for name, application in applications.items():
        assert (review.viewable(user, application.id) is not None) == (name in may_view), f"the page of {name}"
        assert access.can_decide(user, application) == (name in may_decide), f"deciding {name}"


@pytest.mark.parametrize("actor", ACTORS)
def test_attachments_open_to_owner_and_viewers_only(world, actor):
    people, applications = world
    user = people[actor]
    _, _, may_view, _ = ACTORS[actor]
    for name, application in applications.items():
        expected = name in may_view or (actor == "owner" and name == "xiaodian")
        for attachment in review.attachments_of(application):
            assert access.can_open_attachment(user, attachment) == expected, f"{actor} opening a file of {name}"


@pytest.mark.parametrize("actor", ACTORS)
def test_queue_and_export_show_the_same_rows_as_the_rule(world, actor):
    people, applications = world
    user = people[actor]
    _, _, may_view, _ = ACTORS[actor]
    expected = {applications[name].reference for name in may_view}
    filters = review.parse_filters(user, {})
    assert {a.reference for a in review.queue(user, filters).items} == expected
    assert {row[0] for row in review.export_rows(user, filters)} == expected
    assert Application.select().count() == len(OBJECTS)
