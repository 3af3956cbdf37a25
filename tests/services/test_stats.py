"""统计 (services/stats.py): the period asked for (从 / 到) and its checks, and the figures each office
sees of its own jurisdiction."""
import datetime

import pytest

from jianxi.services import review, stats
from tests import clock
from tests.factories import make_application, make_user, valid_id_number

TODAY = clock.today()


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
