"""The offices' 见习单位 and 见习岗位: rules, jurisdiction, conditional state changes, audit, 意向人员."""
import datetime

import pytest

from jianxi.models import AuditLog, Employer, Favorite, Position
from jianxi.search import filters as search_filters
from jianxi.search import results as positions
from jianxi.services import (
    credit_code,
    employers,
    favorites,
    review,
    rules,
    stats,
)
from jianxi.services import (
    positions as office_positions,
)
from jianxi.services.errors import Conflict, NotFound, ServiceError
from tests import clock
from tests.factories import make_application, make_employer, make_position, make_user, valid_id_number
from tests.services.test_favorites import trainee

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


# 岗位编号 in the office form, 结束招募 for 其他, and 统计 over a period (issue 19)

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


# 统计

def test_the_default_period_is_the_last_twelve_months_up_to_today():
    period = stats.default_period(datetime.date(2026, 12, 2))
    assert (period.start, period.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 2))
    assert stats.default_period(datetime.date(2027, 1, 31)).months == [f"2026-{m:02d}" for m in range(2, 13)] + ["2027-01"]


@pytest.mark.parametrize("raw, errors", [
    ({}, {}),
    ({"start": "2026-03-01", "end": "2026/5/31"}, {}),
    ({"start": "2026-02-30"}, {"start": "“从”应为日期，如 2026-01-01"}),
    ({"end": "明天"}, {"end": "“到”应为日期，如 2026-12-02"}),
    ({"start": "2026-06-01", "end": "2026-05-31"}, {"end": "“到”的日期不能早于“从”的日期"}),
    ({"start": "2023-11-01", "end": "2026-11-30"}, {"start": "统计时间最长36个月，请缩短时间范围"}),
    ({"start": "1999-01-01"}, {"start": "“从”应为日期，如 2026-01-01"}),
])
def test_period_dates_are_checked_with_chinese_messages(raw, errors):
    today = datetime.date(2026, 12, 2)
    period, found = stats.parse_period(raw, today)
    assert found == errors
    if errors:
        assert period == stats.default_period(today)


def applicant(n, **fields):
    return make_user(f"stat{n}", id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"), **fields)


def test_figures_count_the_period_by_category_and_office_within_the_jurisdiction(offices):
    day = datetime.datetime(2026, 6, 15, 10, 0)
    made = [
        make_application(applicant(1), now=day, jurisdiction="140105"),
        make_application(applicant(2), now=day, jurisdiction="140105", category="youth", graduation_month="2019-06"),
        make_application(applicant(3), now=day + datetime.timedelta(days=20), jurisdiction="140100"),
        make_application(applicant(4), now=datetime.datetime(2026, 5, 31, 23, 59), jurisdiction="140105"),
        make_application(applicant(5), now=day, jurisdiction="140213"),  # 大同市: no Taiyuan office sees it
    ]
    review.decide(offices["county"], made[0].id, review.Decision(True), day)
    june = stats.Period(datetime.date(2026, 6, 1), datetime.date(2026, 7, 5))
    city = stats.figures(offices["city"], TODAY, june)
    assert dict(city.by_status) == {"未审核": 2, "审核通过": 1, "审核不通过": 0, "已撤回": 0}
    assert city.by_month == [("2026-06", 2), ("2026-07", 1)] and city.approval_rate == 1.0
    assert [(s.label, s.total, s.counts.get("approved", 0)) for s in city.by_category] == [
        ("离校2年内未就业高校毕业生", 2, 1), ("16–24岁失业青年", 1, 0)]
    rows = {s.label: s.total for s in city.by_office}
    assert len(rows) == 11 and rows["太原市市本级"] == 1 and rows["太原市 小店区"] == 2 and rows["太原市 迎泽区"] == 0
    assert city.office_bars[:2] == [("市本级", 1), ("小店区", 2)]
    county = stats.figures(offices["county"], TODAY, june)
    assert county.by_office == [] and county.office_bars == [] and sum(n for _, n in county.by_status) == 2
    everyone = stats.figures(offices["admin"], TODAY, june)
    assert {s.label: s.total for s in everyone.by_office} == {
        "太原市市本级": 1, "太原市 小店区": 2, "大同市 平城区": 1} and everyone.office_bars == []
