"""The subsidy calculator (services.subsidy_calc) against cases worked out by hand.

The unit is in 小店区 (月最低工资标准 1,500 元 from 2020, factories.filed_placement); the rule is the
province's 60 %, insurance refund up to 240 元. Working days are counted here from the calendar of
2026 by hand: 2026-07-01 is a Wednesday (the State Council's notice gives 2026-06-19 as a Friday),
so July has 23 working days (Jul 1–3, then four full weeks) and Jul 15–31 13 of them; August
begins on a Saturday: 21; September begins on a Tuesday: 22, Sep 1–10: 8, Sep 1–14: 10,
Sep 15–30: 12; October 2026 with its 国庆 (Oct 1, 2, 5, 6, 7 off, Oct 10 worked): 22 − 5 + 1 = 18.
"""
import datetime

from jianxi.services import endings, month_records, subsidy_calc
from tests.factories import calendar_days, filed_placement, minimum_wage, month_record, subsidy_rule

D = datetime.date
TODAY = D(2026, 12, 20)  # every month below has ended
NOW = datetime.datetime(2026, 12, 20, 10)


def _lines(unit, first=D(2026, 7, 1), last=D(2026, 12, 31), today=TODAY):
    computed = subsidy_calc.compute(unit, first, last, today)
    return {(line.kind, line.month): line for line in computed.lines}, computed


def _record(unit_user, placement, *months, days=20, paid="2200"):
    for month in months:
        month_record(unit_user, placement, month, days, paid)


def test_whole_months_are_sixty_percent_of_the_minimum_wage_and_insurance_refunds_the_premium(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    _record(unit_user, placement, D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1))
    lines, computed = _lines(unit)
    assert {key: line.amount_fen for key, line in lines.items()} == {
        ("month", D(2026, 7, 1)): 90000, ("month", D(2026, 8, 1)): 90000, ("month", D(2026, 9, 1)): 90000,
        ("insurance", None): 12000,  # premium 120 元, under the 240 元 cap
    }
    assert computed.total_fen == 282000
    assert lines[("month", D(2026, 7, 1))].basis == "月最低工资标准 1,500.00 元 × 60% × 整月 = 900.00 元"
    assert lines[("insurance", None)].basis == "保费 120.00 元，未超过上限 240.00 元，按保费计 = 120.00 元"
    assert computed.refused == []


def test_a_start_on_the_15th_is_pro_rated_by_working_days(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 15), months=3)
    # The floor for a part month: 1,500 × 13/23 = 847.83 元; 850 is above it.
    _record(unit_user, placement, D(2026, 7, 1), days=13, paid="850")
    line = _lines(unit, last=D(2026, 7, 31))[0][("month", D(2026, 7, 1))]
    # 1,500 × 60 % × 13/23 = 508.6956… → 508.70 元
    assert (line.amount_fen, line.served_days, line.working_days) == (50870, 13, 23)
    assert "07月15日至07月31日 13/23 个工作日（13÷23） = 508.70 元" in line.basis


def test_leaving_on_the_10th_pays_the_days_served_and_nothing_after(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    placement = endings.leave(unit_user, placement, {"last_day": "2026-09-10", "leave_reason": "personal"},
                              D(2026, 9, 11), datetime.datetime(2026, 9, 11, 9))
    _record(unit_user, placement, D(2026, 7, 1), D(2026, 8, 1))
    month_record(unit_user, placement, D(2026, 9, 1), 8, "1100")  # floor 1,500 × 8/22 = 545.45 元
    lines, computed = _lines(unit)
    # 1,500 × 60 % × 8/22 = 327.2727… → 327.27 元; no October, no remaining months for a leaver
    assert lines[("month", D(2026, 9, 1))].amount_fen == 32727
    assert sorted(key for key in lines if key[0] == "month") == [
        ("month", D(2026, 7, 1)), ("month", D(2026, 8, 1)), ("month", D(2026, 9, 1))]
    assert not [key for key in lines if key[0] == "remaining"]
    assert [month.key for month in month_records.of_placement(placement, TODAY)] == ["2026-09", "2026-08", "2026-07"]


def test_holidays_of_the_calendar_count_as_days_off_in_a_part_month(dbc):
    subsidy_rule()
    calendar_days(holidays=[D(2026, 10, d) for d in range(1, 8)], workdays=[D(2026, 10, 10)])
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    placement = endings.leave(unit_user, placement, {"last_day": "2026-10-09", "leave_reason": "new_job"},
                              D(2026, 10, 12), datetime.datetime(2026, 10, 12, 9))
    # Oct 1–9 served: only the 8th and 9th are working days, of 18 in the month.
    month_record(unit_user, placement, D(2026, 10, 1), 2, "200")  # floor 1,500 × 2/18 = 166.67 元
    line = _lines(unit, first=D(2026, 10, 1))[0][("month", D(2026, 10, 1))]
    # 1,500 × 60 % × 2/18 = 100.00 元
    assert (line.amount_fen, line.served_days, line.working_days) == (10000, 2, 18)


def test_an_early_hire_is_paid_the_remaining_months_when_the_rule_says_so(dbc):
    subsidy_rule(pays_remaining=True)
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)  # to 2026-12-31
    placement = endings.hire(unit_user, placement, {"contract_on": "2026-09-15", "insured_from": "2026-09-15"},
                             D(2026, 9, 20), datetime.datetime(2026, 9, 20, 9))
    _record(unit_user, placement, D(2026, 7, 1), D(2026, 8, 1))
    month_record(unit_user, placement, D(2026, 9, 1), 10, "2200")
    lines, computed = _lines(unit)
    # September: served Sep 1–14, 10 of 22 working days: 900 × 10/22 = 409.09 元; remaining Sep 15–30,
    # 12 of 22: 900 × 12/22 = 490.91 元; then October, November and December whole: 900 元 each.
    assert lines[("month", D(2026, 9, 1))].amount_fen == 40909
    assert {key[1]: line.amount_fen for key, line in lines.items() if key[0] == "remaining"} == {
        D(2026, 9, 1): 49091, D(2026, 10, 1): 90000, D(2026, 11, 1): 90000, D(2026, 12, 1): 90000}


def test_without_the_remaining_months_rule_an_early_hire_is_paid_what_was_served(dbc):
    subsidy_rule(pays_remaining=False)
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    endings.hire(unit_user, placement, {"contract_on": "2026-09-15", "insured_from": "2026-09-15"},
                 D(2026, 9, 20), datetime.datetime(2026, 9, 20, 9))
    lines, computed = _lines(unit)
    assert not [key for key in lines if key[0] == "remaining"]


def test_insurance_above_the_cap_is_refunded_up_to_the_cap(dbc):
    from jianxi.models import Insurance

    subsidy_rule(cap_yuan=240)
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    Insurance.update(premium_fen=30000).where(Insurance.placement == placement.id).execute()
    line = _lines(unit)[0][("insurance", None)]
    assert line.amount_fen == 24000
    assert line.basis == "保费 300.00 元，超过上限 240.00 元，按上限计 = 240.00 元"


def test_a_month_paid_below_the_minimum_wage_cannot_be_claimed(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    month_record(unit_user, placement, D(2026, 7, 1), 23, "1400")
    lines, computed = _lines(unit, last=D(2026, 7, 31))
    assert ("month", D(2026, 7, 1)) not in lines
    [refused] = computed.refused
    assert refused.reason == ("实发生活补助 1,400.00 元低于最低工资标准 1,500.00 元（1,500.00 元 × 23/23），不能申请补贴")


def test_a_month_not_recorded_is_listed_with_its_reason(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    lines, computed = _lines(unit, last=D(2026, 8, 31))
    assert [(r.month, r.reason) for r in computed.refused] == [
        (D(2026, 7, 1), "还没有登记本月的出勤和生活补助发放"), (D(2026, 8, 1), "还没有登记本月的出勤和生活补助发放")]


def test_a_minimum_wage_that_changes_mid_placement_applies_from_its_month(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    minimum_wage("140105", 1800, D(2026, 9, 1))
    _record(unit_user, placement, D(2026, 7, 1), D(2026, 8, 1))
    month_record(unit_user, placement, D(2026, 9, 1), 22, "1800")
    lines, computed = _lines(unit)
    assert lines[("month", D(2026, 8, 1))].amount_fen == 90000  # 1,500 × 60 %
    assert lines[("month", D(2026, 9, 1))].amount_fen == 108000  # 1,800 × 60 %
    assert lines[("month", D(2026, 9, 1))].wage_fen == 180000


def test_a_unit_keeping_enough_trainees_is_paid_the_higher_share(dbc):
    subsidy_rule(retention=(50, 70))
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    assert _lines(unit, last=D(2026, 7, 31))[0] == {("insurance", None): _lines(unit)[0][("insurance", None)]}
    _record(unit_user, placement, D(2026, 7, 1))
    assert _lines(unit, last=D(2026, 7, 31))[0][("month", D(2026, 7, 1))].amount_fen == 90000  # no one ended yet
    endings.hire(unit_user, placement, {"contract_on": "2026-08-01", "insured_from": "2026-08-01"},
                 D(2026, 8, 3), datetime.datetime(2026, 8, 3, 9))
    line = _lines(unit, last=D(2026, 7, 31))[0][("month", D(2026, 7, 1))]
    # kept 1 of 1 ended: 100 % ≥ 50 %, so 1,500 × 70 % = 1,050.00 元
    assert line.amount_fen == 105000
    assert "留用率 1/1=100.0%" in line.basis

