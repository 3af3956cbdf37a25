"""Units by their own door, as services: 单位注册 and claims, the 认定 state machine, and the
positions units propose, with the races that must leave exactly one outcome on either engine."""
import datetime

import pytest

from jianxi.models import (
    ACCOUNT_CONFIRMED,
    ACCOUNT_PENDING,
    EMPLOYER_RECOGNISED,
    EMPLOYER_REVOKED,
    EMPLOYER_UNRECOGNISED,
    LICENCE,
    POSITION_CLOSED,
    Employer,
    Position,
    PositionProposal,
    Recognition,
    UnitAccount,
)
from jianxi.search import filters as search_filters
from jianxi.search import results
from jianxi.services import access, attachments, recognition, unit_positions, units
from jianxi.services.errors import Conflict, NotAllowed, NotFound, ServiceError
from tests import clock
from tests.concurrency import run_together
from tests.factories import PDF, REGISTERED_AT, make_employer, make_position, make_user, unit_code
from tests.factories import register_unit as register
from tests.factories import unit_position_form as position_form

NOW = REGISTERED_AT  # units register at this time (tests/factories.py), and everything here happens then
TODAY = clock.today()


@pytest.fixture
def offices(dbc):
    return {
        "county": make_user("xiaodian", role="reviewer", jurisdiction="140105", real_name="王建国"),
        "county2": make_user("xiaodian2", role="reviewer", jurisdiction="140105", real_name="赵敏"),
        "other_county": make_user("yingze", role="reviewer", jurisdiction="140106"),
        "city": make_user("taiyuan", role="reviewer", jurisdiction="140100"),
    }


def complete(user, unit):
    """A whole 认定 application saved for `unit`, licence included."""
    with open_pdf() as stream:
        licence = attachments.store(user, LICENCE, stream, "营业执照.pdf", files_of_app())
    data, errors = recognition.parse(
        {"unit_type": "enterprise", "industry": "I", "insured_staff": "35", "address": "太原市小店区长治路1号",
         "region": "140105", "contact_person": "李经办", "phone": "0351-7654321", "statement": "软件开发，可提供3个见习岗位。"},
        [{"name": "张老师", "title": "技术总监", "phone": "13812345678"}],
    )
    assert errors == {}
    return recognition.save(user, unit, data, licence.id, NOW)


def open_pdf():
    import io

    return io.BytesIO(PDF)


def files_of_app():
    from jianxi.ops import storage

    return storage.current()


def test_a_new_credit_code_makes_an_unrecognised_unit_and_a_confirmed_account(dbc):
    user, account = register("danwei1", unit_code("MA0K2B3C4"))
    assert account.status == ACCOUNT_CONFIRMED and user.role == "unit"
    unit = access.acting_for(user)
    assert unit.status == EMPLOYER_UNRECOGNISED and unit.region_id == "140105" and unit.name == "山西晋阳软件有限公司"


def test_a_known_credit_code_is_a_request_that_sees_nothing_until_confirmed(dbc, offices):
    kept = make_employer(credit_code=unit_code("MA0K2B3C5"), name="小店区人民医院")
    stranger, account = register("stranger", kept.credit_code, name="随便写的名字")
    assert account.status == ACCOUNT_PENDING and access.acting_for(stranger) is None
    with pytest.raises(Conflict, match="等待经办机构确认"):
        units.own_unit(stranger)
    assert Employer.get_by_id(kept.id).name == "小店区人民医院", "the request changes nothing of the unit"
    with pytest.raises(NotAllowed):  # a city office views its county's requests but does not decide them
        units.decide(offices["city"], account.id, True, NOW)
    with pytest.raises(NotFound):
        units.decide(offices["other_county"], account.id, True, NOW)
    assert [a.id for a in units.requests(offices["city"], units.lists.Filters()).items] == [account.id]
    units.decide(offices["county"], account.id, True, NOW)
    assert access.acting_for(stranger).id == kept.id
    with pytest.raises(Conflict):
        units.decide(offices["county"], account.id, False, NOW, reason="不认识")


def test_a_refused_request_stays_without_a_unit(dbc, offices):
    first, _ = register("first", unit_code("MA0K2B3C6"))
    second, account = register("second", unit_code("MA0K2B3C6"))
    with pytest.raises(ServiceError, match="原因"):
        units.decide(offices["county"], account.id, False, NOW)
    units.decide(offices["county"], account.id, False, NOW, reason="单位表示不认识此人")
    assert access.acting_for(second) is None and access.acting_for(first) is not None
    with pytest.raises(Conflict, match="未获确认"):
        units.own_unit(second)


def test_two_registrations_of_one_new_code_make_one_unit(app, dbc):
    code = unit_code("MA0K2B3C7")
    outcomes = run_together(app, lambda: register("racer1", code)[1].status, lambda: register("racer2", code)[1].status)
    assert sorted(outcomes) == [ACCOUNT_CONFIRMED, ACCOUNT_PENDING]
    assert Employer.select().where(Employer.credit_code == code).count() == 1


def test_recognition_submitted_returned_resubmitted_and_recognised(dbc, offices):
    user, _ = register("danwei1", unit_code("MA0K2B3C8"))
    unit = access.acting_for(user)
    with pytest.raises(ServiceError, match="还不完整"):
        recognition.submit(user, unit, NOW)
    complete(user, unit)
    submitted = recognition.submit(user, unit, NOW)
    assert submitted.status == "pending"
    with pytest.raises(Conflict, match="正在审核"):
        complete(user, unit)
    with pytest.raises(ServiceError, match="补充"):
        recognition.decide(offices["county"], submitted.id, recognition.Decision("return"), NOW)
    recognition.decide(offices["county"], submitted.id, recognition.Decision("return", details="请补充带教老师"), NOW)
    assert Recognition.get_by_id(submitted.id).status == "returned"
    complete(user, unit)  # edited: still 退回补充 until submitted again
    assert Recognition.get_by_id(submitted.id).status == "returned"
    recognition.submit(user, unit, NOW)
    with pytest.raises(NotAllowed):
        recognition.decide(offices["city"], submitted.id, recognition.Decision("recognise"), NOW)
    recognition.decide(offices["county"], submitted.id, recognition.Decision("recognise"), NOW)
    assert Employer.get_by_id(unit.id).status == EMPLOYER_RECOGNISED and Employer.get_by_id(unit.id).industry == "I"
    steps = [step.label for step in recognition.progress(Recognition.get_by_id(submitted.id))]
    assert steps == ["提交认定申请", "退回补充", "提交认定申请", "已认定"]


def test_two_reviewers_deciding_at_once_leave_one_decision(app, dbc, offices):
    user, _ = register("danwei1", unit_code("MA0K2B3C9"))
    unit = access.acting_for(user)
    complete(user, unit)
    submitted = recognition.submit(user, unit, NOW)
    outcomes = run_together(
        app,
        lambda: recognition.decide(offices["county"], submitted.id, recognition.Decision("recognise"), NOW).status,
        lambda: recognition.decide(offices["county2"], submitted.id,
                                   recognition.Decision("refuse", ("no_mentor",)), NOW).status,
    )
    assert sorted(type(o).__name__ if isinstance(o, Exception) else "ok" for o in outcomes) == ["Conflict", "ok"]
    final = Recognition.get_by_id(submitted.id).status
    assert final in ("recognised", "refused")
    assert (Employer.get_by_id(unit.id).status == EMPLOYER_RECOGNISED) == (final == "recognised")


def test_a_unit_resubmitting_while_the_office_returns_it_leaves_one_state(app, dbc, offices):
    user, _ = register("danwei1", unit_code("MA0K2B3CA"))
    unit = access.acting_for(user)
    complete(user, unit)
    submitted = recognition.submit(user, unit, NOW)
    outcomes = run_together(
        app,
        lambda: recognition.decide(offices["county"], submitted.id, recognition.Decision("return", details="补充"), NOW),
        lambda: recognition.submit(user, unit, NOW),
    )
    assert not isinstance(outcomes[0], Exception), "the office's 退回补充 of a pending application stands"
    final = Recognition.get_by_id(submitted.id).status
    if isinstance(outcomes[1], Conflict):  # sent before the office returned it: still pending then
        assert final == "returned"
    else:  # the return came first, and a returned application may be sent again
        assert final == "pending"
        assert [s.label for s in recognition.progress(Recognition.get_by_id(submitted.id))][-2:] == ["退回补充", "提交认定申请"]


def recognised_unit(offices, username="danwei1", body="MA0K2B3CB"):
    user, _ = register(username, unit_code(body))
    unit = access.acting_for(user)
    complete(user, unit)
    submitted = recognition.submit(user, unit, NOW)
    recognition.decide(offices["county"], submitted.id, recognition.Decision("recognise"), NOW)
    return user, Employer.get_by_id(unit.id), submitted


def public_titles(**filters):
    return {p.title for p in results.search(search_filters.parse_filters(filters), TODAY).positions}


def test_a_proposed_position_is_public_only_once_approved(dbc, offices):
    user, unit, _ = recognised_unit(offices)
    data, reference, errors = unit_positions.check(unit, position_form(), TODAY)
    assert errors == {}
    proposal = unit_positions.propose(user, unit, data, reference, NOW)
    assert "软件测试见习生" not in public_titles()
    with pytest.raises(ServiceError, match="修改的内容"):
        unit_positions.send_back(offices["county"], proposal.id, " ", NOW)
    unit_positions.send_back(offices["county"], proposal.id, "岗位职责请写具体", NOW)
    assert PositionProposal.get_by_id(proposal.id).status == "returned"
    data, reference, _ = unit_positions.check(unit, position_form(duties="编写测试用例并执行。"), TODAY)
    unit_positions.propose(user, unit, data, reference, NOW, proposal_id=proposal.id)
    published = unit_positions.approve(offices["county"], proposal.id, NOW)
    assert "软件测试见习生" in public_titles(q="软件测试") and published.duties == "编写测试用例并执行。"
    assert PositionProposal.get_by_id(proposal.id).status == "approved" and unit_positions.waiting(
        offices["county"], unit_positions.lists.Filters()).total == 0


def test_an_edit_waits_while_the_published_version_stays_public(dbc, offices):
    user, unit, _ = recognised_unit(offices)
    data, reference, _ = unit_positions.check(unit, position_form(), TODAY)
    position = unit_positions.approve(offices["county"], unit_positions.propose(user, unit, data, reference, NOW).id, NOW)
    quiet, _, _ = unit_positions.check(unit, position_form(contact="王经办 13900001111"), TODAY, position.id)
    assert isinstance(unit_positions.edit(user, unit, position.id, quiet, None, NOW), Position), "not reviewed: at once"
    renamed, _, _ = unit_positions.check(unit, position_form(title="软件开发见习生"), TODAY, position.id)
    waiting = unit_positions.edit(user, unit, position.id, renamed, None, NOW)
    assert isinstance(waiting, PositionProposal)
    assert "软件测试见习生" in public_titles() and "软件开发见习生" not in public_titles()
    unit_positions.approve(offices["county"], waiting.id, NOW)
    assert "软件开发见习生" in public_titles(q="开发") and "软件测试见习生" not in public_titles()


def test_a_unit_editing_while_the_office_approves_never_publishes_what_was_not_seen(app, dbc, offices):
    user, unit, _ = recognised_unit(offices)
    data, reference, _ = unit_positions.check(unit, position_form(), TODAY)
    proposal = unit_positions.propose(user, unit, data, reference, NOW)
    later = NOW + datetime.timedelta(minutes=1)
    changed, _, _ = unit_positions.check(unit, position_form(title="改过的岗位"), TODAY)
    seen = proposal.submitted_at  # the version on the office's page
    outcomes = run_together(
        app,
        lambda: unit_positions.approve(offices["county"], proposal.id, NOW, seen=seen),
        lambda: unit_positions.propose(user, unit, changed, None, later, proposal_id=proposal.id),
    )
    published = [p.title for p in Position.select().where(Position.employer == unit.id)]
    waiting = [p.title for p in PositionProposal.select().where(PositionProposal.status != "approved")]
    if isinstance(outcomes[0], Exception):  # the edit came first: nothing published, the edit waits
        assert published == [] and waiting == ["改过的岗位"]
    else:  # the approval came first: what the office saw is public, and the unit's edit failed
        assert published == ["软件测试见习生"] and waiting == []
        assert isinstance(outcomes[1], Exception)


def test_an_unrecognised_unit_posts_nothing_and_a_revoked_ones_positions_leave_the_search(dbc, offices):
    newcomer, _ = register("xindanwei", unit_code("MA0K2B3CC"))
    data, reference, _ = unit_positions.check(access.acting_for(newcomer), position_form(), TODAY)
    with pytest.raises(Conflict, match="已认定"):
        unit_positions.propose(newcomer, access.acting_for(newcomer), data, reference, NOW)
    user, unit, submitted = recognised_unit(offices)
    position = unit_positions.approve(offices["county"], unit_positions.propose(user, unit, data, reference, NOW).id, NOW)
    assert "软件测试见习生" in public_titles()
    with pytest.raises(ServiceError, match="原因"):
        recognition.revoke(offices["county"], submitted.id, "", NOW)
    recognition.revoke(offices["county"], submitted.id, "一年未接收见习人员", NOW)
    assert Employer.get_by_id(unit.id).status == EMPLOYER_REVOKED
    assert Position.get_by_id(position.id).status == POSITION_CLOSED and "软件测试见习生" not in public_titles()
    revoked = Employer.get_by_id(unit.id)
    with pytest.raises(Conflict):
        unit_positions.reopen(user, revoked, position.id, NOW)
    with pytest.raises(Conflict, match="已认定"):
        unit_positions.propose(user, revoked, data, reference, NOW)


def test_a_unit_closes_and_reopens_its_own_position_at_once_and_no_other(dbc, offices):
    user, unit, _ = recognised_unit(offices)
    other = make_position(region="140105")
    data, reference, _ = unit_positions.check(unit, position_form(), TODAY)
    position = unit_positions.approve(offices["county"], unit_positions.propose(user, unit, data, reference, NOW).id, NOW)
    unit_positions.close(user, unit, position.id, "filled", "", NOW)
    assert "软件测试见习生" not in public_titles()
    unit_positions.reopen(user, unit, position.id, NOW)
    assert "软件测试见习生" in public_titles()
    with pytest.raises(NotFound):
        unit_positions.close(user, unit, other.id, "filled", "", NOW)


def test_the_office_keeps_no_position_for_a_unit_it_has_not_recognised(dbc, offices):
    newcomer, _ = register("xindanwei", unit_code("MA0K2B3CD"))
    unit = access.acting_for(newcomer)
    from jianxi.services import employers, positions

    assert unit.id not in {e.id for e in employers.choices(offices["county"])}
    assert "employer" in positions.employer_problem(offices["county"], str(unit.id))
    assert UnitAccount.select().count() == 1
