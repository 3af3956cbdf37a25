"""花名册 (services/roster.py): whose placements each office sees, the states on a given day, the
month and unit filters, what is refused, and the spreadsheet's rows."""
import datetime

import pytest

from jianxi.models import Application, AuditLog, Placement
from jianxi.services import roster
from tests.factories import make_employer, make_user
from tests.review.roster_rows import INSURER, START, placement, roster_world, trainee, unit

DAY_BEFORE = START - datetime.timedelta(days=1)


@pytest.fixture
def world(dbc):
    return roster_world()


def names(user, today=START, **args):
    filters = roster.parse_filters(user, args)
    assert filters.notices == ()
    return [p.user.real_name for p in roster.page(user, filters, today).items]


def test_each_office_sees_its_jurisdiction_only(world, offices):
    county = ["李华", "周杰", "陈晓雨", "王小明"]  # earliest start first, then as made
    assert names(offices["county"]) == county
    assert sorted(names(offices["city"])) == sorted([*county, "吴芳", "郑伟"])
    assert names(offices["other_county"]) == ["郑伟"]
    assert len(names(offices["admin"])) == 7


def test_an_office_without_placements_and_non_staff_see_none(world, dbc):
    for user in (make_user("xinghualing", role="reviewer", jurisdiction="140107"),
                 make_user("unit1", role="unit"), make_user("someone")):
        assert names(user) == []
        assert roster.units(user) == [] and roster.months(user) == []


def test_returned_and_unsigned_placements_are_not_on_the_roster(world, offices):
    assert {"赵敏", "孙强"}.isdisjoint(names(offices["admin"]))


@pytest.mark.parametrize("today, waiting, filed, working", [
    (DAY_BEFORE, ["陈晓雨"], ["王小明"], ["李华", "周杰"]),
    (START, ["陈晓雨"], [], ["李华", "周杰", "王小明"]),
])
def test_states_turn_on_the_start_date(world, offices, today, waiting, filed, working):
    county = offices["county"]
    assert names(county, today, state="submitted") == waiting
    assert names(county, today, state="filed") == filed
    assert names(county, today, state="working") == working
    assert roster.counts(county, roster.parse_filters(county, {}), today) == {
        "submitted": len(waiting), "filed": len(filed), "working": len(working)}


def test_a_filed_placement_past_its_end_stays_on_the_job_until_endings_exist(world, offices):
    assert "周杰" in names(offices["county"], datetime.date(2027, 6, 1), state="working")


def test_a_later_start_is_filed_until_its_day(world, offices):
    """周杰 started 2027-02-01: 已备案 on 2027-01-31, 在岗 from 2027-02-01."""
    county = offices["county"]
    assert "周杰" in names(county, datetime.date(2027, 1, 31), state="filed")
    assert "周杰" in names(county, datetime.date(2027, 2, 1), state="working")


def test_month_takes_the_periods_that_meet_it(world, offices):
    county = offices["county"]  # 李华 from 2027-01-04, 周杰 2027-02-01..04-30, the others 2027-03-01..08-31
    assert names(county, month="2026-12") == []
    assert names(county, month="2027-01") == ["李华"]
    assert names(county, month="2027-02") == ["李华", "周杰"]  # the others start the day after it ends
    assert names(county, month="2027-03") == ["李华", "周杰", "陈晓雨", "王小明"]  # they start on its first day
    assert names(county, month="2027-05") == ["李华", "陈晓雨", "王小明"]  # 周杰 ended on the day before it
    assert names(county, month="2027-08") == ["陈晓雨", "王小明"]  # they end on its last day (李华 on 07-03)
    assert names(county, month="2027-09") == []


def test_month_edges_a_start_on_its_last_day_and_an_end_on_its_first(dbc, offices):
    _, position = unit("MA0KR0010")
    placement(trainee(30, "钱多"), position, start=datetime.date(2027, 1, 31), end=datetime.date(2027, 4, 30))
    placement(trainee(31, "孔亮"), position, start=datetime.date(2027, 5, 2), end=datetime.date(2027, 8, 1))
    county = offices["county"]
    assert names(county, month="2026-12") == []
    assert names(county, month="2027-01") == ["钱多"]
    assert names(county, month="2027-05") == ["孔亮"]
    assert names(county, month="2027-08") == ["孔亮"]
    assert names(county, month="2027-09") == []


def test_unit_narrows_to_its_placements_among_the_units_of_the_roster(world, offices):
    county, units = offices["county"], world["units"]
    assert names(county, unit=str(units["xiaodian2"].id)) == ["周杰"]
    assert [u.name for u in roster.units(county)] == sorted([units["xiaodian"].name, units["xiaodian2"].name])
    assert names(county, unit=str(units["xiaodian"].id), state="working") == ["李华", "王小明"]


@pytest.mark.parametrize("args, notice", [
    ({"month": "2027-13"}, "月份无效，请按“2026-12”这样的年月选择，已显示全部月份。"),
    ({"month": "0000-01"}, "月份无效，请按“2026-12”这样的年月选择，已显示全部月份。"),
    ({"month": "2027-3"}, "月份无效，请按“2026-12”这样的年月选择，已显示全部月份。"),
    ({"unit": "abc"}, "没有找到所选的见习单位（只能选择辖区内有见习人员的单位），已显示全部单位。"),
    ({"unit": "99999999999999999999999"}, "没有找到所选的见习单位（只能选择辖区内有见习人员的单位），已显示全部单位。"),
    ({"state": "ended"}, "状态无效，已显示全部状态。"),
])
def test_unusable_filters_are_dropped_with_a_notice_and_named_as_problems(world, offices, args, notice):
    filters = roster.parse_filters(offices["county"], args)
    assert filters.notices == (notice,) and len(filters.problems) == 1 and filters.query_args() == {}
    assert len(roster.page(offices["county"], filters, START).items) == 4


def test_a_unit_outside_the_jurisdiction_or_without_placements_is_refused(world, offices, dbc):
    county = offices["county"]
    for employer in (world["units"]["yingze"], make_employer(region="140105")):
        filters = roster.parse_filters(county, {"unit": str(employer.id)})
        assert filters.unit is None and filters.problems == (roster.BAD_UNIT,)


def test_filters_matching_nothing_give_an_empty_roster(world, offices):
    county = offices["county"]
    filters = roster.parse_filters(county, {"state": "filed", "month": "2030-01", "unit": str(world["units"]["xiaodian"].id)})
    result = roster.page(county, filters, START)
    assert result.items == [] and result.total == 0 and filters.problems == ()
    assert list(roster.rows(county, filters, START)) == []


def test_months_span_the_roster_newest_first(world, offices):
    assert roster.months(offices["county"]) == [f"2027-{m:02d}" for m in range(8, 0, -1)]
    assert roster.months(offices["county"], "2030-01")[0] == "2030-01"


def test_rows_hold_every_column_in_page_order(world, offices):
    rows = list(roster.rows(offices["county"], roster.parse_filters(offices["county"], {}), START))
    assert [row[0] for row in rows] == [1, 2, 3, 4] and [row[1] for row in rows] == ["李华", "周杰", "陈晓雨", "王小明"]
    row = dict(zip(roster.HEADER, rows[3]))
    person = world["placements"]["王小明"]
    assert row == {
        "序号": 4, "姓名": "王小明", "性别": "女", "身份证号": person.user.id_number, "学历": "大学本科",
        "毕业院校": "山西大学", "专业": "会计学", "联系电话": "13900000002", "见习单位": "山西晋阳数字科技有限公司",
        "统一社会信用代码": world["units"]["xiaodian"].credit_code, "见习岗位": "软件测试见习生",
        "见习开始日期": "2027-03-01", "见习结束日期": "2027-08-31", "见习期限（月）": 6, "基本生活补助（元/月）": "2150.00",
        "带教老师": "张老师", "保险公司": INSURER, "保单号": "PZAE2027140105000123", "状态": "在岗", "备案日期": "2027-02-22",
    }
    waiting = dict(zip(roster.HEADER, rows[2]))
    assert waiting["状态"] == "待备案" and waiting["备案日期"] == ""


def test_an_allowance_is_exact_and_a_missing_one_or_insurance_is_blank(dbc, offices):
    _, position = unit("MA0KR0011")
    placement(trainee(32, "甲"), position, allowance_fen=215001, insured=False)
    placement(trainee(33, "乙"), position, allowance_fen=None)
    rows = {row[1]: dict(zip(roster.HEADER, row)) for row in roster.rows(offices["county"], roster.RosterFilters(), START)}
    assert rows["甲"]["基本生活补助（元/月）"] == "2150.01" and rows["甲"]["保险公司"] == rows["甲"]["保单号"] == ""
    assert rows["乙"]["基本生活补助（元/月）"] == ""


def test_a_trainee_without_an_approved_application_shows_the_accounts_name_and_mobile(dbc, offices):
    _, position = unit("MA0KR0013")
    placement(trainee(35, "丁"), position)
    Application.update(status="rejected").execute()  # not a path the service offers: the roster still reads
    row = dict(zip(roster.HEADER, next(roster.rows(offices["county"], roster.RosterFilters(), START))))
    assert (row["姓名"], row["联系电话"], row["学历"], row["毕业院校"]) == ("丁", "13900000035", "", "")


def test_what_people_typed_never_starts_like_a_formula(dbc, offices):
    _, position = unit("MA0KR0012", name="=cmd|'/c calc'!A1")
    placement(trainee(34, "丙", school="+SUM(A1:A2)", major="@SUM(1)"), position, mentor="-2+3",
              policy_number='"&HYPERLINK("http://x")&"')
    row = dict(zip(roster.HEADER, next(roster.rows(offices["county"], roster.RosterFilters(), START))))
    assert row["见习单位"] == "'=cmd|'/c calc'!A1" and row["毕业院校"] == "'+SUM(A1:A2)"
    assert row["专业"] == "'@SUM(1)" and row["带教老师"] == "'-2+3"
    csv_row = dict(zip(roster.HEADER, next(roster.for_csv([tuple(row.values())]))))
    assert csv_row["保单号"] == '"&HYPERLINK("http://x")&"', "only plain codes are written as =\"…\""
    assert csv_row["身份证号"] == f'="{row["身份证号"]}"' and csv_row["联系电话"] == '="13900000034"'


def test_file_names_say_the_office_and_the_month(world, offices):
    county, admin = offices["county"], offices["admin"]
    filters = roster.parse_filters(county, {"month": "2026-12"})
    assert roster.file_name(county, filters, START, "xlsx") == ("花名册_太原市小店区_2026-12.xlsx",
                                                                "roster-140105-2026-12.xlsx")
    assert roster.file_name(admin, roster.RosterFilters(), START, "csv") == ("花名册_全省_2027-03-01.csv",
                                                                            "roster-all-2027-03-01.csv")


def test_an_export_is_written_down(world, offices):
    filters = roster.parse_filters(offices["county"], {"state": "working"})
    roster.record_export(offices["county"], filters, "xlsx", datetime.datetime(2027, 3, 1, 9))
    entry = AuditLog.get(AuditLog.action == "export")
    assert (entry.actor_id, entry.object_type, entry.detail) == (offices["county"].id, "roster", "xlsx {'state': 'working'}")


def test_the_roster_is_the_access_rule_not_a_rule_of_its_own(world, offices):
    """Every placement the admin's roster shows is one access.placements gives each office, and no other."""
    from jianxi.services import access

    for user in offices.values():
        allowed = {p.id for p in access.placements(user)}
        shown = {p.id for p in roster.page(user, roster.RosterFilters(), START).items}
        assert shown <= allowed and shown == {p.id for p in Placement.select().where(
            Placement.id.in_(allowed) & Placement.status.in_(("submitted", "filed")))}
