"""The offices' 见习单位 and 见习岗位: rules, jurisdiction, conditional state changes, audit, 意向人员."""
import datetime

import pytest

from jianxi.models import AuditLog, Employer, Favorite, Position
from jianxi.services import credit_code, employers, favorites, office_positions, positions, rules
from jianxi.services.errors import Conflict, NotFound, ServiceError
from tests.factories import make_employer, make_position, make_user
from tests.services.test_favorites import trainee
from tests import clock

NOW = clock.now()
TODAY = NOW.date()


def code(area="140105", body="MA0K2B3C4"):
    return f"91{area}{body}" + credit_code.check_character(f"91{area}{body}")


@pytest.mark.parametrize("raw, expected", [
    ("9144030071526726XG", "9144030071526726XG"),  # real codes
    ("914403001922038216", "914403001922038216"),
    ("91330100716105852f", "91330100716105852F"),  # lower case is accepted, stored upper
    (" 9133 0100 7161 0585 2F ", "91330100716105852F"),
    ("91350100M000100Y43", "91350100M000100Y43"),
])
def test_credit_code_valid(raw, expected):
    assert credit_code.parse(raw) == expected


@pytest.mark.parametrize("raw, message", [
    ("9144030071526726XA", "校验位不正确"),
    ("9144030071526726X", "应为18位"),
    ("9144030071526726XGG", "应为18位"),
    ("91440300715267260I", "格式不正确"),  # I is never used
    ("0144030071526726XG", "格式不正确"),
    ("", "应为18位"),
])
def test_credit_code_invalid(raw, message):
    with pytest.raises(ServiceError, match=message):
        credit_code.parse(raw)


GOOD_POSITION = {
    "title": "出纳见习", "address": "小店区长风街1号", "openings": "2", "education": "bachelor", "major": "",
    "duration_months": "6", "monthly_subsidy": "2000", "duties": "协助出纳工作", "contact": "王老师 0351-1234567",
    "deadline": (TODAY + datetime.timedelta(days=60)).isoformat(),
}


@pytest.mark.parametrize("changes, field, message", [
    ({"openings": "0"}, "openings", "招收人数应为1到9999之间的整数"),
    ({"openings": "两个"}, "openings", "招收人数"),
    ({"duration_months": "2"}, "duration_months", "见习期限应为3到12个月"),
    ({"duration_months": "13"}, "duration_months", "见习期限应为3到12个月"),
    ({"monthly_subsidy": "-1"}, "monthly_subsidy", "月补贴应为0或正整数"),
    ({"deadline": "2020-01-01"}, "deadline", "不能早于今天"),
    ({"deadline": "2027-02-30"}, "deadline", "应为日期"),
    ({"education": "phd"}, "education", "请选择学历要求"),
    ({"title": ""}, "title", "请填写岗位名称"),
    ({"title": "长" * 61}, "title", "不能超过60个字"),
])
def test_position_rules_say_what_is_wrong_by_field(changes, field, message):
    data, errors = rules.parse_position({**GOOD_POSITION, **changes}, TODAY)
    assert data is None and message in errors[field]


def test_position_rules_accept_labels_and_default_the_major():
    data, errors = rules.parse_position({**GOOD_POSITION, "education": "本科", "monthly_subsidy": "0"}, TODAY)
    assert errors == {} and data.education == "bachelor" and data.major == "专业不限" and data.monthly_subsidy == 0


@pytest.fixture
def offices(dbc):
    return {
        "county": make_user("xiaodian", role="reviewer", jurisdiction="140105", real_name="王建国"),
        "other_county": make_user("yingze", role="reviewer", jurisdiction="140106"),
        "city": make_user("taiyuan", role="reviewer", jurisdiction="140100"),
        "admin": make_user("admin1", role="admin"),
    }


def employer_data(**changes):
    values = {"name": "山西测试商贸有限公司", "credit_code": code(), "address": "长风街1号", "contact_person": "王女士",
              "phone": "0351-1234567"}
    data, errors = rules.parse_employer({**values, **changes})
    assert not errors, errors
    return data


def test_employer_created_in_own_jurisdiction_with_a_unique_code_and_audited(offices):
    county = offices["county"]
    made = employers.create(county, employer_data(), "140105", NOW)
    assert made.region_id == "140105" and made.credit_code == code()
    with pytest.raises(Conflict, match="已登记"):
        employers.create(county, employer_data(name="另一家"), "140105", NOW)
    with pytest.raises(ServiceError, match="属地"):
        employers.create(county, employer_data(credit_code=code(body="MA0K2B3C5")), "140106", NOW)
    assert AuditLog.get(AuditLog.object_type == "employer").detail.startswith("山西测试商贸有限公司")


def test_city_office_hands_a_new_employer_to_one_of_its_counties_which_keeps_it(offices):
    handed = employers.create(offices["city"], employer_data(), "140105", NOW)
    assert handed.region_id == "140105"
    with pytest.raises(ServiceError, match="您可以查看，不能修改"):
        employers.changeable(offices["city"], handed.id)
    assert employers.changeable(offices["county"], handed.id).id == handed.id
    with pytest.raises(NotFound):
        employers.viewable(offices["other_county"], handed.id)
    with pytest.raises(ServiceError):
        employers.create(offices["city"], employer_data(credit_code=code(body="MA0K2B3C6")), "140213", NOW)
    with pytest.raises(ServiceError, match="属地"):  # an admin registers nothing
        employers.create(offices["admin"], employer_data(credit_code=code(body="MA0K2B3C7")), "140105", NOW)


def test_employer_update_records_before_and_after(offices):
    made = employers.create(offices["county"], employer_data(), "140105", NOW)
    employers.update(offices["county"], made.id, employer_data(phone="13912345678"), NOW)
    row = AuditLog.get((AuditLog.object_type == "employer") & (AuditLog.action == "update"))
    assert row.detail == "联系电话：0351-1234567 → 13912345678" and row.actor_id == offices["county"].id


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
        return [p.id for p in positions.search(positions.parse_filters({"q": q}), TODAY).positions]

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
