"""From 收藏 to 上岗 by the services: candidates, offers and their expiry, the placement's
invariants (also under bursts of simultaneous acceptances), the 见习协议's rules, insurance,
提交备案 and 备案, and 在岗 from the start date."""
import datetime

import pytest

from jianxi.models import (
    OFFER_DAYS,
    Favorite,
    Placement,
    Position,
)
from jianxi.services import agreement_terms, candidates, placements, policies
from jianxi.services.errors import Conflict, FieldProblems, NotAllowed, NotFound
from tests import clock
from tests.concurrency import run_together
from tests.factories import (
    PDF,
    hiring_unit,
    make_attachment,
    make_user,
    minimum_wage,
    offer_to,
    placed,
    trainee,
)

NOW = clock.now()
TODAY = NOW.date()
START = TODAY + datetime.timedelta(days=30)


def terms(**changes) -> dict:
    """The unit's agreement form, every field right (2,200 元 against a 2,000 元 minimum wage)."""
    return {"start_date": START.isoformat(), "months": "6", "allowance": "2200", "mentor": "1",
            "working_hours": "周一至周五 9:00-17:00", "duties": "参与软件测试。", "terms": ""} | changes


def policy(placement, **changes) -> dict:
    return {"insurer": "中国人寿太原分公司", "policy_number": "PICC2027-0001", "starts_on": placement.start_date.isoformat(),
            "ends_on": placement.end_date.isoformat(), "premium": "120"} | changes


@pytest.fixture
def hiring(dbc):
    minimum_wage("140105", 2000)
    return hiring_unit()


# Candidates

def test_the_unit_sees_who_shortlisted_newest_first_and_never_the_id_number(hiring):
    unit_user, unit, position = hiring
    first, second = trainee(1), trainee(2)
    from jianxi.services import favorites

    favorites.add(first, position.id, NOW - datetime.timedelta(hours=2))
    favorites.add(second, position.id, NOW - datetime.timedelta(hours=1))
    people = candidates.of_position(position, TODAY)
    assert [c.user_id for c in people] == [second.id, first.id]
    shown = vars(people[0])
    assert shown["name"] and shown["mobile"] == "13912345678" and shown["age"] == 23
    assert not any(str(value) == second.id_number for value in shown.values())


def test_someone_who_did_not_shortlist_is_nobody_to_the_unit(hiring):
    unit_user, unit, position = hiring
    stranger = trainee(3)
    with pytest.raises(NotFound):
        candidates.one(position, stranger.id, TODAY)
    with pytest.raises(NotFound):
        candidates.offer(unit_user, position, stranger.id, {"start_date": START.isoformat()}, NOW)


def test_each_step_checks_what_was_typed(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    from jianxi.services import favorites

    favorites.add(person, position.id, NOW)
    with pytest.raises(FieldProblems) as problems:
        candidates.invite(unit_user, position, person.id, {"meet_at": "", "place": ""}, NOW)
    assert set(problems.value.errors) == {"meet_at", "place"}
    with pytest.raises(FieldProblems) as problems:
        candidates.offer(unit_user, position, person.id, {"start_date": TODAY.isoformat()}, NOW)
    assert "不能早于" in problems.value.errors["start_date"]
    with pytest.raises(FieldProblems) as problems:
        candidates.unsuitable(unit_user, position, person.id, {"reason": "other", "details": ""}, NOW)
    assert problems.value.errors == {"details": "请填写具体说明"}
    step = candidates.invite(unit_user, position, person.id,
                             {"meet_at": f"{START:%Y-%m-%d}T09:30", "place": "长治路1号三层", "note": "带简历"}, NOW)
    assert (step.meet_at, step.place) == (datetime.datetime.combine(START, datetime.time(9, 30)), "长治路1号三层")
    assert [s.kind for s in candidates.of_trainee(person)] == ["interview"]


def test_a_second_offer_while_one_is_open_is_the_same_offer(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    first = offer_to(unit_user, position, person)
    again = candidates.offer(unit_user, position, person.id, {"start_date": START.isoformat()}, NOW)
    assert again.id == first.id


# Accepting, and what it settles

def test_accepting_places_the_person_and_settles_their_other_offers_and_favorites(dbc):
    minimum_wage("140105", 2000)
    unit_user, unit, position = hiring_unit()
    other_user, other_unit, other_position = hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")
    person = trainee(1)
    mine = offer_to(unit_user, position, person)
    elsewhere = offer_to(other_user, other_position, person)
    placement = placements.accept(person, mine.id, NOW)
    assert (placement.user_id, placement.position_id, placement.start_date) == (person.id, position.id, mine.start_date)
    assert (placement.months, placement.end_date) == (6, agreement_terms.end_of(mine.start_date, 6))
    assert Position.get_by_id(position.id).placed == 1
    refreshed = candidates.offer_of(person, elsewhere.id)
    assert refreshed.status == "withdrawn"
    assert not Favorite.select().where(Favorite.user == person.id).exists()
    with pytest.raises(Conflict, match="撤回"):
        placements.accept(person, elsewhere.id, NOW)


def test_the_end_date_is_the_day_before_the_same_day_months_later():
    assert agreement_terms.end_of(datetime.date(2027, 1, 15), 6) == datetime.date(2027, 7, 14)
    assert agreement_terms.end_of(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert agreement_terms.end_of(datetime.date(2027, 3, 31), 11) == datetime.date(2028, 2, 29)
    assert agreement_terms.end_of(datetime.date(2027, 3, 1), 12) == datetime.date(2028, 2, 29)
    assert agreement_terms.end_of(datetime.date(2027, 11, 1), 3) == datetime.date(2028, 1, 31)


def test_a_position_whose_placements_reach_its_openings_closes_as_filled(dbc):
    minimum_wage("140105", 2000)
    unit_user, unit, position = hiring_unit(openings=1)
    person, late = trainee(1), trainee(2)
    step = offer_to(unit_user, position, person)
    late_step = offer_to(unit_user, position, late)
    placements.accept(person, step.id, NOW)
    closed = Position.get_by_id(position.id)
    assert (closed.status, closed.close_reason, closed.placed) == ("closed", "filled", 1)
    with pytest.raises(Conflict, match="已招满"):
        placements.accept(late, late_step.id, NOW)
    assert Placement.select().where(Placement.user == late.id).count() == 0
    assert candidates.offer_of(late, late_step.id).status == "open"  # rolled back with the refusal


def test_an_offer_unanswered_for_seven_days_expires(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    step = offer_to(unit_user, position, person, now=NOW)
    just_before = NOW + datetime.timedelta(days=OFFER_DAYS) - datetime.timedelta(seconds=1)
    after = NOW + datetime.timedelta(days=OFFER_DAYS)
    assert candidates.offer_of(person, step.id).offer_status(just_before) == "open"
    assert candidates.offer_of(person, step.id).offer_status(after) == "expired"
    with pytest.raises(Conflict, match="过期"):
        placements.accept(person, step.id, after)
    with pytest.raises(Conflict, match="过期"):
        candidates.decline(person, step.id, "", after)
    again = candidates.offer(unit_user, position, person.id, {"start_date": START.isoformat()}, after)
    assert again.id != step.id and candidates.offer_of(person, step.id).status == "expired"


def test_a_declined_offer_cannot_be_accepted(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    step = offer_to(unit_user, position, person)
    declined = candidates.decline(person, step.id, "已有其他安排", NOW)
    assert (declined.status, declined.answer_note) == ("declined", "已有其他安排")
    with pytest.raises(Conflict, match="婉拒"):
        placements.accept(person, step.id, NOW)


def test_nobody_answers_another_persons_offer(hiring):
    unit_user, unit, position = hiring
    person, other = trainee(1), trainee(2)
    step = offer_to(unit_user, position, person)
    with pytest.raises(NotFound):
        placements.accept(other, step.id, NOW)
    with pytest.raises(NotFound):
        candidates.decline(other, step.id, "", NOW)


def test_thirty_acceptances_at_once_fill_two_openings_exactly(app, dbc):
    minimum_wage("140105", 2000)
    unit_user, unit, position = hiring_unit(openings=2)
    people = [trainee(n) for n in range(1, 31)]
    offers = [offer_to(unit_user, position, p) for p in people]
    outcomes = run_together(app, *[lambda p=p, s=s: placements.accept(p, s.id, clock.now())
                                   for p, s in zip(people, offers, strict=True)], pool=34)
    accepted = [o for o in outcomes if isinstance(o, Placement)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(accepted) == 2 and len(refused) == 28, outcomes
    assert all("已招满" in o.message for o in refused)
    after = Position.get_by_id(position.id)
    assert (after.placed, after.status, after.close_reason) == (2, "closed", "filled")
    assert Placement.select().where(Placement.position == position.id).count() == 2


def test_two_acceptances_by_one_person_at_once_make_one_placement(app, dbc):
    minimum_wage("140105", 2000)
    unit_user, unit, position = hiring_unit()
    other_user, other_unit, other_position = hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")
    person = trainee(1)
    steps = [offer_to(unit_user, position, person), offer_to(other_user, other_position, person)]
    outcomes = run_together(app, *[lambda s=s: placements.accept(person, s.id, clock.now()) for s in steps])
    assert sum(isinstance(o, Placement) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
    assert Placement.select().where(Placement.user == person.id).count() == 1
    assert sum(Position.get_by_id(p.id).placed for p in (position, other_position)) == 1


def test_the_database_refuses_a_second_unended_placement_and_an_overfilled_position(hiring):
    from peewee import IntegrityError

    from jianxi.db import db

    unit_user, unit, position = hiring
    person = trainee(1)
    placement = placed(unit_user, position, person)
    with pytest.raises(IntegrityError), db.atomic():
        Placement.insert(**{**placement.__data__, "id": None, "offer": offer_to(unit_user, position, trainee(2)).id}
                         ).execute()
    with pytest.raises(IntegrityError), db.atomic():
        Position.update(placed=Position.openings + 1).where(Position.id == position.id).execute()


# The 见习协议

def test_the_allowance_may_not_be_below_the_minimum_wage_in_force(hiring):
    unit_user, unit, position = hiring
    placement = placements.unit_placement(unit, placed(unit_user, position, trainee(1), now=NOW).id)
    with pytest.raises(FieldProblems) as problems:
        agreement_terms.parse_terms(placement, terms(allowance="1999.99"), TODAY)
    assert problems.value.errors["allowance"] == "基本生活补助不能低于太原市 小店区的月最低工资标准 2,000.00 元（自2020-01-01起执行）"
    minimum_wage("140105", 2300, START)  # a higher figure from the start date on
    with pytest.raises(FieldProblems, match="2,300.00"):
        agreement_terms.parse_terms(placement, terms(allowance="2200"), TODAY)
    with pytest.raises(FieldProblems) as problems:
        agreement_terms.parse_terms(placement, terms(allowance="2300.001", months="13", mentor="9"), TODAY)
    assert set(problems.value.errors) == {"allowance", "months", "mentor"}


def test_without_a_minimum_wage_for_the_county_the_agreement_says_so(dbc):
    unit_user, unit, position = hiring_unit()
    placement = placements.unit_placement(unit, placed(unit_user, position, trainee(1), now=NOW).id)
    with pytest.raises(FieldProblems, match="没有找到太原市 小店区"):
        agreement_terms.parse_terms(placement, terms(), TODAY)


def test_a_change_after_the_trainee_confirmed_needs_the_trainee_again(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    placement = placements.unit_placement(unit, placed(unit_user, position, person, now=NOW).id)
    placement = agreement_terms.change_terms(unit_user, placement, agreement_terms.parse_terms(placement, terms(), TODAY),
                                        placement.version, NOW)
    version = placement.version
    agreement_terms.confirm(person, placements.trainee_placement(person, placement.id), version, False, NOW)
    agreement_terms.confirm(unit_user, placements.unit_placement(unit, placement.id), version, True, NOW)
    assert placements.unit_placement(unit, placement.id).signed
    changed = agreement_terms.change_terms(unit_user, placements.unit_placement(unit, placement.id),
                                      agreement_terms.parse_terms(placement, terms(allowance="2500"), TODAY), version, NOW)
    assert changed.version == version + 1 and not changed.signed
    assert changed.trainee_version is None and changed.unit_version is None
    with pytest.raises(Conflict, match="已被修改"):  # the trainee confirms what they saw before the change
        agreement_terms.confirm(person, placements.trainee_placement(person, placement.id), version, False, NOW)


# Insurance, 提交备案, 备案

def signed_and_insured(unit_user, unit, position, person):
    placement = placements.unit_placement(unit, placed(unit_user, position, person, now=NOW).id)
    placement = agreement_terms.change_terms(unit_user, placement, agreement_terms.parse_terms(placement, terms(), TODAY),
                                        placement.version, NOW)
    agreement_terms.confirm(person, placements.trainee_placement(person, placement.id), placement.version, False, NOW)
    placement = agreement_terms.confirm(unit_user, placements.unit_placement(unit, placement.id), placement.version, True, NOW)
    placement = placements.unit_placement(unit, placement.id)
    scan = make_attachment(unit_user, "policy", PDF, "保单.pdf")
    policies.record(unit_user, placement, policies.parse(policy(placement)), scan, NOW)
    return placements.unit_placement(unit, placement.id)


def test_the_policy_must_cover_the_whole_placement_from_its_first_day(hiring):
    unit_user, unit, position = hiring
    placement = placements.unit_placement(unit, placed(unit_user, position, trainee(1), now=NOW).id)
    late = policies.parse(policy(placement, starts_on=(placement.start_date + datetime.timedelta(days=1)).isoformat()))
    with pytest.raises(FieldProblems, match="覆盖整个见习期"):
        policies.record(unit_user, placement, late, make_attachment(unit_user, "policy", PDF, "保单.pdf"), NOW)
    with pytest.raises(FieldProblems) as problems:
        policies.parse(policy(placement, premium="-1", insurer=""))
    assert set(problems.value.errors) == {"premium", "insurer"}


def test_submitting_needs_both_confirmations_and_the_insurance(hiring):
    unit_user, unit, position = hiring
    placement = placements.unit_placement(unit, placed(unit_user, position, trainee(1), now=NOW).id)
    assert placements.submit_problems(placement) == ["见习协议须由单位和见习人员双方确认当前版本。", "请先登记意外伤害保险。"]
    with pytest.raises(Conflict, match="双方确认"):
        placements.submit(unit_user, placement, NOW)


def test_the_office_of_the_units_county_files_it_and_it_is_on_the_job_from_its_start_date(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    placement = placements.submit(unit_user, signed_and_insured(unit_user, unit, position, person), NOW)
    assert placement.status == "submitted"
    elsewhere = make_user("jinyuan", role="reviewer", jurisdiction="140121")
    city = make_user("taiyuan", role="reviewer", jurisdiction="140100")
    with pytest.raises(NotFound):
        placements.decide(elsewhere, placement.id, "file", "", NOW)
    with pytest.raises(NotAllowed):
        placements.decide(city, placement.id, "file", "", NOW)
    office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    with pytest.raises(Exception, match="退回的原因"):
        placements.decide(office, placement.id, "return", "", NOW)
    filed = placements.decide(office, placement.id, "file", "", NOW)
    assert filed.state(START - datetime.timedelta(days=1)) == "已备案"
    assert filed.state(START) == "在岗"
    with pytest.raises(Conflict, match="已备案"):
        placements.decide(office, placement.id, "return", "再看看", NOW)
    labels = [e.label for e in placements.timeline(placements.trainee_placement(person, placement.id), START)]
    assert labels == ["单位发出录用通知", "见习人员接受录用", "单位修改协议", "见习人员确认协议", "单位确认协议",
                      "单位登记保险", "单位提交备案", "经办机构备案", "在岗"]


def test_a_returned_placement_is_edited_and_submitted_again(hiring):
    unit_user, unit, position = hiring
    person = trainee(1)
    placement = placements.submit(unit_user, signed_and_insured(unit_user, unit, position, person), NOW)
    office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    returned = placements.decide(office, placement.id, "return", "保单扫描件不清晰", NOW)
    assert (returned.status, returned.reason) == ("returned", "保单扫描件不清晰")
    again = placements.submit(unit_user, placements.unit_placement(unit, placement.id), NOW)
    assert again.status == "submitted"


def test_a_placed_person_cannot_shortlist_more(hiring):
    from jianxi.services import favorites

    unit_user, unit, position = hiring
    person = trainee(1)
    placed(unit_user, position, person)
    other = hiring_unit("danwei2", "MA0000002", name="山西汾河物流有限公司")[2]
    with pytest.raises(Conflict, match="已有见习岗位"):
        favorites.add(person, other.id, NOW)
