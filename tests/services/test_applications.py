"""An application's states (services/applications.py): submitted once per key, one active at a time,
withdrawn while 未审核, decided, applied for again; and the same when requests race."""
import datetime

import pytest
from peewee import IntegrityError

from jianxi.db import db
from jianxi.models import Application, AuditLog
from jianxi.services import applications, review
from jianxi.services.errors import Conflict, ServiceError
from tests.concurrency import run_together
from tests.factories import (
    APPROVE,
    application_data,
    make_application,
    make_attachment,
    make_user,
    reject,
    valid_id_number,
)

NOW = datetime.datetime(2026, 11, 26, 10, 0)


@pytest.fixture
def user(dbc):
    return make_user(id_number=valid_id_number(birth="20030512"))


@pytest.fixture
def reviewer(dbc):
    return make_user("reviewer1", role="reviewer", jurisdiction="140105")


# State machine

def test_submit_stores_pending_with_reference_and_copies_identity(user):
    application = make_application(user, now=NOW)
    assert application.status == "pending" and application.status_label == "未审核"
    assert application.reference.startswith("JX20261126") and len(application.reference) == 16
    assert (application.name, application.gender, application.birth_date) == ("张三", "男", datetime.date(2003, 5, 12))
    assert application.submitted_month == "2026-11"
    assert {a.kind for a in applications.files_of(application)} == {"id_front", "id_back", "diploma", "employment_card"}
    assert AuditLog.get(AuditLog.object_id == application.id).action == "submit"


def test_submit_same_key_twice_gives_one_application(user):
    first = make_application(user, key="same-key")
    again = make_application(user, key="same-key")
    assert first.id == again.id and Application.select().count() == 1


def test_submit_needs_the_category_attachments(user):
    files = {"id_front": make_attachment(user, "id_front"), "id_back": make_attachment(user, "id_back")}
    with pytest.raises(ServiceError) as error:
        applications.submit(user, application_data(), files, "k1", NOW)
    assert error.value.field == "diploma"
    assert error.value.message == applications.missing_attachments("graduate", files)["diploma"] == "请上传学历证明"


def test_second_active_application_refused(user):
    make_application(user)
    with pytest.raises(Conflict, match="不能重复申报"):
        make_application(user)


def test_one_active_rule_is_held_by_the_database(user):
    make_application(user)
    with pytest.raises(IntegrityError):
        with db.atomic():
            row = Application.select().dicts().get()
            row.pop("id")
            row.update(reference="JX-DIRECT", submission_key="direct")
            Application.insert(row).execute()


def test_withdraw_then_apply_again(user):
    first = make_application(user)
    assert applications.withdraw(user, first.id, NOW).status == "withdrawn"
    second = make_application(user)
    assert second.status == "pending" and second.id != first.id
    assert applications.latest(user).id == second.id


def test_withdraw_only_while_pending_and_only_own(user, reviewer):
    application = make_application(user)
    other = make_user("lisi")
    with pytest.raises(ServiceError, match="没有找到"):
        applications.withdraw(other, application.id, NOW)
    review.decide(reviewer, application.id, APPROVE, NOW)
    with pytest.raises(Conflict, match="审核通过"):
        applications.withdraw(user, application.id, NOW)


def test_decide_reject_needs_reason_and_jurisdiction(user, reviewer):
    application = make_application(user)
    with pytest.raises(ServiceError, match="原因"):
        review.decide(reviewer, application.id, review.Decision(False, (), " "), NOW)
    elsewhere = make_user("reviewer2", role="reviewer", jurisdiction="140106")
    with pytest.raises(ServiceError, match="没有找到"):
        review.decide(elsewhere, application.id, APPROVE, NOW)
    rejected = review.decide(reviewer, application.id, reject("学历证明不清晰"), NOW)
    assert rejected.status == "rejected" and rejected.reason == "学历证明不清晰"
    assert rejected.ground_codes == ["unclear_files"]
    with pytest.raises(Conflict):
        review.decide(reviewer, application.id, APPROVE, NOW)


def test_rejected_person_may_apply_again(user, reviewer):
    application = make_application(user)
    review.decide(reviewer, application.id, reject("材料不全"), NOW)
    assert make_application(user).status == "pending"


def test_my_applications_by_status_and_month(user):
    old = make_application(user, now=datetime.datetime(2026, 9, 3, 9))
    applications.withdraw(user, old.id, NOW)
    new = make_application(user, now=NOW)
    assert applications.months_for(user) == ["2026-11", "2026-09"]
    assert [a.id for a in applications.for_user(user)] == [new.id, old.id]
    assert [a.id for a in applications.for_user(user, "withdrawn")] == [old.id]
    assert [a.id for a in applications.for_user(user, "", "2026-11")] == [new.id]
    assert list(applications.for_user(user, "pending", "2026-09")) == []


# Races, with threads and a real database (a file on SQLite, the server on PostgreSQL)

@pytest.mark.parametrize("repeat", range(5))
def test_withdraw_racing_a_decision_leaves_exactly_one_outcome(app, user, reviewer, repeat):
    application = make_application(user)
    results = run_together(
        app,
        lambda: applications.withdraw(user, application.id, NOW),
        lambda: review.decide(reviewer, application.id, APPROVE, NOW),
    )
    winners = [r for r in results if isinstance(r, Application)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    final = Application.get_by_id(application.id)
    assert final.status == winners[0].status
    assert AuditLog.select().where(AuditLog.action != "submit").count() == 1


def test_double_submit_racing_gives_one_application(app, user):
    files = {kind: make_attachment(user, kind) for kind in ("id_front", "id_back", "diploma")}
    results = run_together(
        app, *[lambda: applications.submit(user, application_data(), files, "double-click", NOW)] * 4
    )
    assert all(isinstance(r, Application) for r in results), results
    assert len({r.id for r in results}) == 1 and Application.select().count() == 1


def test_two_different_submissions_racing_leave_one_active(app, user):
    files = {kind: make_attachment(user, kind) for kind in ("id_front", "id_back", "diploma")}
    results = run_together(
        app,
        lambda: applications.submit(user, application_data(), files, "tab-one", NOW),
        lambda: applications.submit(user, application_data(), files, "tab-two", NOW),
    )
    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert Application.select().where(Application.status == "pending").count() == 1
