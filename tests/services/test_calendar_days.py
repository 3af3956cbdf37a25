"""The working-day calendar: the operators' side (services/calendar_days.py), the shipped 节假日安排
of 2025 and 2026, and what services/workdays.py counts with them.

Every expected count is worked out by hand from a printed calendar and the State Council's notices
(the arithmetic is in the comments), never by calling the code under test."""
import datetime

import pytest

from jianxi.models import AuditLog, CalendarDay
from jianxi.services import calendar_days, workdays
from jianxi.services.errors import NotFound, ServiceError, UnreadableFile
from tests.factories import make_user

D = datetime.date
NOW = datetime.datetime(2026, 11, 2, 10, 0)
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


def entry(**changes):
    raw = {"day": "2027-02-06", "kind": "workday", "name": "春节", "source": NOTICE} | changes
    return calendar_days.parse(raw)


@pytest.fixture
def shipped(dbc):
    assert calendar_days.load() == 72  # 2025: 28 holidays + 5 调休上班; 2026: 33 holidays + 6 调休上班


# (year, month, working days). Weekdays of the month, minus the holidays that fall on a weekday,
# plus the weekend days made working days (调休上班).
MONTHS = [
    (2025, 1, 19),   # 23 weekdays − 5 (1/1; 春节 1/28, 1/29, 1/30, 1/31) + 1 (Sun 1/26)
    (2025, 2, 19),   # 20 weekdays − 2 (春节 Mon 2/3, Tue 2/4) + 1 (Sat 2/8)
    (2025, 9, 23),   # 22 weekdays + 1 (Sun 9/28)
    (2025, 10, 18),  # 23 weekdays − 6 (10/1, 10/2, 10/3, 10/6, 10/7, 10/8) + 1 (Sat 10/11)
    (2026, 1, 21),   # 22 weekdays − 2 (元旦 Thu 1/1, Fri 1/2; Sat 1/3 is a weekend anyway) + 1 (Sun 1/4)
    (2026, 2, 16),   # 20 weekdays − 6 (春节 2/16–2/20 and Mon 2/23) + 2 (Sat 2/14, Sat 2/28)
    (2026, 3, 22),   # 22 weekdays, no holiday
    (2026, 5, 19),   # 21 weekdays − 3 (Fri 5/1, Mon 5/4, Tue 5/5) + 1 (Sat 5/9)
    (2026, 9, 22),   # 22 weekdays − 1 (中秋 Fri 9/25) + 1 (Sun 9/20)
    (2026, 10, 18),  # 22 weekdays − 5 (Thu 10/1, Fri 10/2, Mon 10/5, Tue 10/6, Wed 10/7) + 1 (Sat 10/10)
    (2027, 3, 23),   # a year not shipped: Monday to Friday only, 23 weekdays
]


@pytest.mark.parametrize("year, month, expected", MONTHS)
def test_count_of_whole_months_with_the_shipped_arrangements(shipped, year, month, expected):
    last = (D(year, month, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    assert workdays.count(D(year, month, 1), last) == expected


def test_count_without_the_calendar_counts_monday_to_friday(dbc):
    # October 2026 starts on a Thursday: 2 + 4 × 5 = 22 weekdays, holidays unknown.
    assert workdays.count(D(2026, 10, 1), D(2026, 10, 31)) == 22
    assert workdays.count(D(2026, 10, 31), D(2026, 10, 1)) == 0


def test_working_days_by_month_of_2026_add_up_to_the_year(shipped):
    # 2026 starts on a Thursday: 52 weeks and Thursday 12/31, 261 weekdays; 19 holidays fall on a
    # weekday (2 + 6 + 1 + 3 + 1 + 1 + 5) and 6 weekend days are worked: 261 − 19 + 6 = 248.
    expected = [21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23]
    assert calendar_days.working_days_by_month(2026) == list(zip(range(1, 13), expected))
    assert sum(expected) == 248


def test_is_working_day_follows_the_notice(shipped):
    assert workdays.is_working_day(D(2026, 10, 10)), "Saturday 10/10 is 调休上班"
    assert not workdays.is_working_day(D(2026, 10, 5)), "Monday 10/5 is 国庆"
    assert not workdays.is_working_day(D(2026, 10, 3)), "a Saturday inside the holiday"
    assert workdays.is_working_day(D(2026, 10, 9)), "a plain Friday"
    assert not workdays.is_working_day(D(2026, 10, 11)), "a plain Sunday"


@pytest.mark.parametrize("start, n, expected", [
    (D(2026, 3, 6), 1, D(2026, 3, 9)),     # Friday → Monday, across a plain weekend
    (D(2026, 3, 6), 5, D(2026, 3, 13)),    # Mon 9 … Fri 13
    (D(2026, 9, 30), 1, D(2026, 10, 8)),   # 国庆 10/1–10/7: the next working day is Thursday 10/8
    (D(2026, 9, 28), 5, D(2026, 10, 10)),  # Tue 9/29, Wed 9/30, Thu 10/8, Fri 10/9, Sat 10/10 (调休上班)
    (D(2026, 2, 13), 1, D(2026, 2, 14)),   # Friday → Saturday 2/14, a 调休上班 before 春节
    (D(2026, 2, 13), 2, D(2026, 2, 24)),   # then 春节 2/15–2/23: Tuesday 2/24
])
def test_after_counts_working_days_across_weekends_and_holidays(shipped, start, n, expected):
    assert workdays.after(start, n) == expected


def test_known_years_are_those_with_an_arrangement(dbc):
    assert workdays.known_years() == set()
    calendar_days.load()
    assert workdays.known_years() == {2025, 2026}


def test_the_shipped_file_lists_every_holiday_and_works_only_weekends(shipped):
    rows = list(CalendarDay.select().order_by(CalendarDay.day))
    workdays_shipped = [row.day for row in rows if row.kind == "workday"]
    assert workdays_shipped == [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
                                D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
                                D(2026, 10, 10)]
    assert all(day.weekday() >= 5 for day in workdays_shipped)
    spring_2026 = [row.day for row in rows if row.kind == "holiday" and row.name == "春节" and row.day.year == 2026]
    assert spring_2026 == [D(2026, 2, 15) + datetime.timedelta(days=n) for n in range(9)]
    assert {row.source for row in rows if row.day.year == 2026} == {
        "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）"}
    assert [row.day for row in calendar_days.of_year(2025)][:2] == [D(2025, 1, 1), D(2025, 1, 26)]
    assert calendar_days.of_year(2025).count() == 33 and calendar_days.of_year(2024).count() == 0


def test_parse_reads_a_day_and_either_word_for_its_kind(dbc):
    parsed, errors = entry(kind="调休上班", name=" 春节 ", source=f" {NOTICE} ")
    assert errors == {} and parsed == calendar_days.Entry(D(2027, 2, 6), "workday", "春节", NOTICE)
    parsed, errors = entry(day="2027-02-10", kind="放假")
    assert errors == {} and parsed.kind == "holiday"
    parsed, errors = entry(day="2027-02-07", kind="holiday")
    assert errors == {}, "a holiday on a Sunday is harmless: the notice's whole holiday may be listed"


@pytest.mark.parametrize("field, typed, message", [
    ("day", "2027/02/06", "日期应为日期"),
    ("day", "2027-02-30", "日期应为日期"),
    ("day", "", "日期应为日期"),
    ("day", "0227-02-06", "日期应在2000年到2099年之间"),
    ("kind", "rest", "请选择类型"),
    ("kind", "", "请选择类型"),
    ("name", "", "请填写节日名称"),
    ("name", "春" * 21, "节日名称不能超过20个字"),
    ("source", "  ", "请填写来源"),
    ("source", "通" * 301, "来源不能超过300个字"),
])
def test_parse_explains_each_bad_field_in_chinese(dbc, field, typed, message):
    parsed, errors = entry(**{field: typed})
    assert parsed is None and message in errors[field], errors


def test_a_workday_on_a_weekday_is_a_mistake(dbc):
    # 2027-02-08 is a Monday: it is a working day already.
    parsed, errors = entry(day="2027-02-08", kind="workday")
    assert parsed is None and errors["kind"] == "2027-02-08 是星期一，本来就是工作日；调休上班只用于星期六、星期日"


def test_record_adds_then_changes_with_an_audit_row_each(dbc):
    admin = make_user("admin1", role="admin")
    row, created = calendar_days.record(admin, D(2027, 2, 6), "workday", "春节", NOTICE, NOW)
    assert created and (row.kind, row.updated_by_id, row.updated_at) == ("workday", admin.id, NOW)
    assert workdays.is_working_day(D(2027, 2, 6)), "a Saturday made a working day"
    later = NOW + datetime.timedelta(hours=1)
    again, created = calendar_days.record(admin, D(2027, 2, 6), "holiday", "春节", NOTICE, later)
    assert not created and again.id == row.id and again.kind == "holiday" and again.updated_at == later
    assert CalendarDay.select().count() == 1 and not workdays.is_working_day(D(2027, 2, 6))
    logs = list(AuditLog.select().where(AuditLog.object_type == "calendar_day").order_by(AuditLog.id))
    assert [(log.action, log.actor_id, log.object_id) for log in logs] == [("create", admin.id, row.id),
                                                                           ("update", admin.id, row.id)]
    assert logs[0].detail == f"2027-02-06（星期六） 调休上班 春节 {NOTICE}"
    assert logs[1].detail == "2027-02-06（星期六）：类型：调休上班 → 放假"


@pytest.mark.parametrize("args, field", [
    ((D(2027, 2, 8), "workday", "春节", NOTICE), "kind"),   # a Monday
    ((D(2027, 2, 6), "rest", "春节", NOTICE), "kind"),
    ((D(2027, 2, 6), "workday", "", NOTICE), "name"),
    ((D(2027, 2, 6), "workday", "春节", ""), "source"),
])
def test_record_refuses_what_parse_would_refuse(dbc, args, field):
    with pytest.raises(ServiceError) as refused:
        calendar_days.record(None, *args, NOW)
    assert refused.value.field == field
    assert CalendarDay.select().count() == 0 and AuditLog.select().count() == 0


def test_remove_makes_the_day_what_its_weekday_says_with_an_audit_row(shipped):
    admin = make_user("admin1", role="admin")
    national_day = CalendarDay.get(CalendarDay.day == D(2026, 10, 5))
    removed = calendar_days.remove(admin, national_day.id, NOW)
    assert removed.day == D(2026, 10, 5) and workdays.is_working_day(D(2026, 10, 5))
    log = AuditLog.get(AuditLog.object_type == "calendar_day")
    assert (log.action, log.actor_id, log.object_id) == ("delete", admin.id, national_day.id)
    assert log.detail.startswith("2026-10-05（星期一） 放假 国庆节 国务院办公厅关于2026年")
    with pytest.raises(NotFound):
        calendar_days.remove(admin, national_day.id, NOW)
    assert CalendarDay.select().count() == 71 and AuditLog.select().count() == 1


def test_loading_again_keeps_what_an_operator_changed(shipped):
    calendar_days.record(None, D(2026, 10, 10), "workday", "国庆节（更正）", "国办发明电测试", NOW)
    assert calendar_days.load() == 0
    row = CalendarDay.get(CalendarDay.day == D(2026, 10, 10))
    assert (row.name, row.source) == ("国庆节（更正）", "国办发明电测试")


def test_loading_new_years_only_leaves_a_year_operators_keep(dbc):
    # An operator has entered one day of 2026 (and removed the rest, say): init-db must not refill it.
    calendar_days.record(None, D(2026, 10, 1), "holiday", "国庆节", "国办发明电测试", NOW)
    assert calendar_days.load(new_years_only=True) == 33, "2025's 33 rows, none of 2026's"
    assert calendar_days.of_year(2026).count() == 1
    assert calendar_days.load(new_years_only=True) == 0


def test_a_file_with_a_bad_row_loads_nothing_and_names_the_line(dbc, tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("day,kind,name,source\n"
                    "2027-02-10,holiday,春节,通知\n"
                    "2027-02-08,workday,春节,通知\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        calendar_days.load(path)
    assert "第3行" in refused.value.message and "本来就是工作日" in refused.value.message
    assert CalendarDay.select().count() == 0
