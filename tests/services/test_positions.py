"""The offices' 见习岗位 (services/positions.py): jurisdiction, conditional state changes, audit,
意向人员, the office's list, 岗位编号 and 结束招募 for 其他."""
import datetime

import pytest

from jianxi.models import AuditLog, Employer, Favorite, Position
from jianxi.search import filters as search_filters
from jianxi.search import results as positions
from jianxi.services import favorites, rules
from jianxi.services import positions as office_positions
from jianxi.services.errors import Conflict, NotFound, ServiceError
from tests import clock
from tests.factories import GOOD_POSITION, make_employer, make_position, trainee

NOW = clock.now()
TODAY = NOW.date()


def test_position_create_edit_close_reopen_each_audited(offices):
    county = offices["county"]
    employer = make_employer(region="140105")
    data, _ = rules.parse_position(GOOD_POSITION, TODAY)
    made = office_positions.create(county, employer.id, data, NOW)
    assert (made.region_id, made.city_id, made.status) == ("140105", "140100", "open")
    edited, _ = rules.parse_position({**GOOD_POSITION, "openings": "5"}, TODAY)
    office_positions.update(county, made.id, employer.id, edited, NOW)
    office_positions.close(county, made.id, "filled", NOW)
    with pytest.raises(Conflict, match="已经结束招募"):
        office_positions.close(county, made.id, "filled", NOW)
    office_positions.reopen(county, made.id, NOW)
    with pytest.raises(Conflict, match="正在招募"):
        office_positions.reopen(county, made.id, NOW)
    history = [(r.action, r.detail) for r in AuditLog.select().where(AuditLog.object_type == "position")
               .order_by(AuditLog.id)]
    assert history == [("create", f"出纳见习（{employer.name}）"), ("update", "招收人数：2 → 5"),
                       ("close", "结束招募：已招满"), ("reopen", "重新开放")]


def test_reopen_only_before_the_deadline_and_close_needs_a_reason(offices):
    county = offices["county"]
    expired = make_position(region="140105", status="closed", deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(Conflict, match="有效期已过"):
        office_positions.reopen(county, expired.id, NOW)
    with pytest.raises(ServiceError, match="原因"):
        office_positions.close(county, make_position(region="140105").id, "bored", NOW)


def test_only_the_office_of_the_jurisdiction_changes_a_position(offices):
    county_position = make_position(region="140105")
    for who in ("other_county", "admin"):
        with pytest.raises((NotFound, ServiceError)):
            office_positions.close(offices[who], county_position.id, "filled", NOW)
    with pytest.raises(ServiceError, match="您可以查看，不能修改"):
        office_positions.close(offices["city"], county_position.id, "filled", NOW)
    with pytest.raises(ServiceError, match="本单位登记的见习单位"):
        data, _ = rules.parse_position(GOOD_POSITION, TODAY)
        office_positions.create(offices["county"], make_employer(region="140106").id, data, NOW)
    assert Position.get_by_id(county_position.id).status == "open"


def test_interested_trainees_and_favorite_counts_for_the_office_only(offices):
    position = make_position(region="140105", openings=1)
    people = [trainee(n) for n in (1, 2)]
    for person in people:
        favorites.add(person, position.id, NOW)
    found = office_positions.interested(offices["county"], position)
    assert [p.name for p in found] == ["张三", "张三"] and found[0].school == "山西大学"
    for who in ("city", "admin"):
        with pytest.raises(ServiceError, match="意向人员只对岗位所属的经办机构显示"):
            office_positions.interested(offices[who], position)
    listed = office_positions.search(offices["county"], office_positions.parse_filters(offices["county"], {}), TODAY)
    assert [(p.id, p.favorite_count) for p in listed.items] == [(position.id, 2)]


def test_office_list_filters_and_closing_soon(offices):
    county = offices["county"]
    soon = make_position(region="140105", title="快截止", deadline=TODAY + datetime.timedelta(days=3))
    later = make_position(region="140105", title="还早", deadline=TODAY + datetime.timedelta(days=30))
    gone = make_position(region="140105", title="过期", deadline=TODAY - datetime.timedelta(days=1))
    shut = make_position(region="140105", title="结束", status="closed")

    def titles(**args):
        found = office_positions.search(county, office_positions.parse_filters(county, args), TODAY)
        return {p.title for p in found.items}

    assert titles(status="closing") == {"快截止"} and titles(status="expired") == {"过期"}
    assert titles(status="closed") == {"结束"} and titles(status="open") == {"快截止", "还早"}
    assert titles(employer=str(soon.employer_id)) == {"快截止"}
    assert office_positions.closing_soon(soon, TODAY) and not office_positions.closing_soon(later, TODAY)
    assert not office_positions.closing_soon(gone, TODAY) and not office_positions.closing_soon(shut, TODAY)


def test_an_edit_and_a_close_show_in_the_public_search_at_once(offices):
    county = offices["county"]
    position = make_position(region="140105", title="旧名称")
    data, _ = rules.parse_position({**GOOD_POSITION, "title": "新名称"}, TODAY)
    office_positions.update(county, position.id, position.employer_id, data, NOW)

    def public(q):
        return [p.id for p in positions.search(search_filters.parse_filters({"q": q}), TODAY).positions]

    assert public("新名称") == [position.id] and public("旧名称") == []
    office_positions.close(county, position.id, "withdrawn", NOW)
    assert public("新名称") == []


def test_a_favorite_of_a_closed_position_stays_for_the_trainee_as_ended(offices):
    position = make_position(region="140105")
    person = trainee(1)
    favorites.add(person, position.id, NOW)
    office_positions.close(offices["county"], position.id, "filled", NOW)
    kept = favorites.of(person)
    assert [f.position_id for f in kept] == [position.id] and not kept[0].position.is_open(TODAY)
    assert Favorite.select().count() == 1 and Employer.select().count() >= 1


# 岗位编号 in the office form and 结束招募 for 其他 (issue 19)

def form_raw(employer, **changes):
    return {**GOOD_POSITION, "employer": str(employer.id), **changes}


def test_reference_is_optional_unique_per_employer_and_audited(offices):
    county = offices["county"]
    employer, other = make_employer(region="140105"), make_employer(region="140105")
    data, reference, errors = office_positions.check_form(county, form_raw(employer, external_ref=" XD-01 "), TODAY)
    assert errors == {} and reference == "XD-01"
    made = office_positions.create(county, employer.id, data, NOW, external_ref=reference)
    assert Position.get_by_id(made.id).external_ref == "XD-01"
    _, _, errors = office_positions.check_form(county, form_raw(employer, external_ref="XD-01"), TODAY)
    assert errors == {"external_ref": "这个见习单位已有岗位编号为“XD-01”的岗位（出纳见习），请换一个编号，或不填"}
    assert office_positions.check_form(county, form_raw(employer, external_ref="XD-01"), TODAY, position_id=made.id)[2] == {}
    assert office_positions.check_form(county, form_raw(other, external_ref="XD-01"), TODAY)[2] == {}
    assert "不能超过40个字符" in office_positions.check_form(county, form_raw(employer, external_ref="X" * 41), TODAY)[2]["external_ref"]
    blank, reference, errors = office_positions.check_form(county, form_raw(employer, external_ref="  "), TODAY)
    assert errors == {} and reference is None
    office_positions.create(county, employer.id, blank, NOW)
    office_positions.create(county, employer.id, blank, NOW)  # any number without one
    office_positions.update(county, made.id, employer.id, data, NOW, external_ref="XD-02")
    assert "岗位编号：XD-01 → XD-02" in AuditLog.get(AuditLog.action == "update").detail
    office_positions.update(county, made.id, employer.id, data, NOW)  # not given: kept
    assert Position.get_by_id(made.id).external_ref == "XD-02"


def test_two_saves_racing_for_one_reference_the_database_refuses_the_second_by_its_field(offices):
    county = offices["county"]
    employer = make_employer(region="140105")
    data, _ = rules.parse_position(GOOD_POSITION, TODAY)
    office_positions.create(county, employer.id, data, NOW, external_ref="R-1")
    with pytest.raises(ServiceError) as refused:  # past the form's check, as the loser of a race is
        office_positions.create(county, employer.id, data, NOW, external_ref="R-1")
    assert refused.value.field == "external_ref" and "R-1" in refused.value.message
    second = office_positions.create(county, employer.id, data, NOW, external_ref="R-2")
    with pytest.raises(ServiceError, match="R-1"):
        office_positions.update(county, second.id, employer.id, data, NOW, external_ref="R-1")
    assert Position.select().where(Position.external_ref == "R-1").count() == 1
    assert AuditLog.select().where(AuditLog.object_type == "position").count() == 2


def test_office_list_finds_a_reference_by_its_beginning_besides_titles(offices):
    county = offices["county"]
    make_position(region="140105", title="会计助理", external_ref="XD-2027-001")
    make_position(region="140105", title="出纳", external_ref="XD-2027-002")
    make_position(region="140105", title="前台XD", external_ref="TY-9")
    make_position(region="140105", title="文员", external_ref="A_B%")

    def titles(q):
        return {p.title for p in office_positions.search(county, office_positions.parse_filters(county, {"q": q}), TODAY).items}

    assert titles("XD-2027-001") == {"会计助理"} and titles("xd-2027") == {"会计助理", "出纳"}
    assert titles("XD") == {"会计助理", "出纳", "前台XD"} and titles("2027") == set(), "a code matches from its start"
    assert titles("A_") == {"文员"} and titles("A%") == set() and titles("_") == set()


def test_close_for_another_reason_needs_its_words_kept_and_audited(offices):
    county = offices["county"]
    position = make_position(region="140105")
    with pytest.raises(ServiceError, match="请填写结束招募的原因") as missing:
        office_positions.close(county, position.id, "other", NOW, note="  ")
    assert missing.value.field == "other_reason"
    with pytest.raises(ServiceError, match="不能超过100个字"):
        office_positions.close(county, position.id, "other", NOW, note="长" * 101)
    assert Position.get_by_id(position.id).status == "open"
    closed = office_positions.close(county, position.id, "other", NOW, note="单位 改制，暂停招聘")
    assert (closed.close_reason, closed.close_note) == ("other", "单位 改制，暂停招聘")
    assert AuditLog.get(AuditLog.action == "close").detail == "结束招募：其他：单位 改制，暂停招聘"
    office_positions.reopen(county, position.id, NOW)
    again = office_positions.close(county, position.id, "filled", NOW, note="不会保存")
    assert (again.close_reason, again.close_note) == ("filled", "")
