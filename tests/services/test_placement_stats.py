"""见习人员与补贴 (services/placement_stats.py): trainees started, 在岗, ended by how, 留用 and 留用率,
and the subsidy's person-months and money by batch, each office of its own jurisdiction and a unit of
itself. Every expected figure is counted by hand from tests/review/placement_stats_rows.py's world."""
import datetime

import pytest

from jianxi.services import placement_stats
from jianxi.services.placement_stats import BatchRow, Money, Trainees
from tests.factories import make_user
from tests.review.placement_stats_rows import claims, world

TODAY = datetime.date(2026, 9, 15)


def counts(row: Trainees) -> tuple:
    """(已上岗, 在岗, 期满, 中途退出, 提前留用, 留用, 留用 not recorded, 留用率)."""
    return (row.started, row.on_the_job, row.completed, row.left, row.hired, row.retained, row.unrecorded,
            row.retention)


@pytest.fixture
def made(dbc):
    made = world(TODAY)
    made["batches"] = claims(made)
    return made


@pytest.mark.parametrize("part, whole, shown", [
    (2, 3, "66.7%"), (1, 16, "6.3%"), (1, 8, "12.5%"), (0, 1, "0.0%"), (4, 4, "100.0%"), (0, 0, "—"), (3, 0, "—"),
])
def test_percent_has_one_decimal_rounded_half_up_and_a_dash_for_nothing(part, whole, shown):
    assert placement_stats.percent(part, whole) == shown


def test_a_county_office_counts_its_county_and_splits_it_by_unit(made, offices):
    found = placement_stats.for_office(offices["county"], TODAY)
    # started: a1 a2 (a3 starts tomorrow) a4–a7, b1 b2; a8 and b3 are not 备案 yet
    assert counts(found.trainees) == (8, 2, 3, 2, 1, 2, 1, "50.0%")
    assert found.trainees.label == "太原市 小店区"
    assert found.by_office == [] and found.by_city == [] and found.office_bars == []
    assert [(row.label, *counts(row)) for row in found.by_unit] == [
        ("山西晋阳软件有限公司", 6, 2, 3, 1, 0, 1, 1, "33.3%"),
        ("太原汾河商贸有限公司", 2, 0, 0, 1, 1, 1, 0, "100.0%"),
    ]
    assert found.units == 2


def test_a_county_office_sees_its_claims_only_and_its_batches_newest_first(made, offices):
    found = placement_stats.for_office(offices["county"], TODAY)
    # months: a1 Jan, a1 Feb (part), b1, b2 (held), a2 (claimed); a4's returned and b1's remaining month are not
    assert found.money == Money(months_claimed=5, months_approved=3, months_paid=2,
                                claimed_fen=129000 + 64500 + 12000 + 3 * 129000 + 129000,
                                approved_fen=129000 + 64500 + 12000 + 2 * 129000,
                                paid_fen=129000 + 64500 + 12000)
    assert found.batches == [
        BatchRow("2026年第2批", "太原市 小店区", "公示中", units=1, months=1, approved_fen=258000, paid_fen=0),
        BatchRow("2026年第1批", "太原市 小店区", "已拨付", units=1, months=2, approved_fen=205500, paid_fen=205500),
    ]
    assert found.batch_count == 2


def test_another_county_sees_only_its_own(made, offices):
    found = placement_stats.for_office(offices["other_county"], TODAY)
    assert counts(found.trainees) == (3, 2, 1, 0, 0, 1, 0, "100.0%")
    assert [row.label for row in found.by_unit] == ["山西迎泽文化传媒有限公司"] and found.units == 1
    assert found.money == Money(1, 1, 0, 100000, 100000, 0)
    assert [(b.title, b.office, b.status) for b in found.batches] == [("2026年第1批", "太原市 迎泽区", "公示中")]


def test_a_city_office_counts_its_counties_each_and_together(made, offices):
    found = placement_stats.for_office(offices["city"], TODAY)
    assert counts(found.trainees) == (12, 4, 4, 2, 2, 4, 1, "66.7%")  # 小店区 8, 迎泽区 3, 市本级 1
    rows = {row.label: counts(row) for row in found.by_office}
    assert len(rows) == 11 and list(rows)[:3] == ["太原市市本级", "太原市 小店区", "太原市 迎泽区"]
    assert rows["太原市市本级"] == (1, 0, 0, 0, 1, 1, 0, "100.0%")
    assert rows["太原市 小店区"] == (8, 2, 3, 2, 1, 2, 1, "50.0%")
    assert rows["太原市 迎泽区"] == (3, 2, 1, 0, 0, 1, 0, "100.0%")
    assert rows["太原市 杏花岭区"] == (0, 0, 0, 0, 0, 0, 0, "—")
    assert found.office_bars[:4] == [("市本级", 1), ("小店区", 8), ("迎泽区", 3), ("杏花岭区", 0)]
    assert found.by_city == []
    assert [(row.label, row.started) for row in found.by_unit] == [
        ("山西晋阳软件有限公司", 6), ("山西迎泽文化传媒有限公司", 3), ("太原汾河商贸有限公司", 2), ("太原市龙城物流有限公司", 1)]
    assert found.money == Money(6, 4, 2, 721500 + 100000, 463500 + 100000, 205500)
    assert [(b.title, b.office) for b in found.batches] == [
        ("2026年第2批", "太原市 小店区"), ("2026年第1批", "太原市 小店区"), ("2026年第1批", "太原市 迎泽区")]


def test_an_admin_sees_every_city_and_the_offices_that_have_trainees(made, offices):
    found = placement_stats.for_office(offices["admin"], TODAY)
    assert counts(found.trainees) == (14, 5, 5, 2, 2, 4, 1, "57.1%") and found.trainees.label == "全省"
    cities = {row.label: counts(row) for row in found.by_city}
    assert len(cities) == 11
    assert cities["太原市"] == (12, 4, 4, 2, 2, 4, 1, "66.7%")
    assert cities["大同市"] == (2, 1, 1, 0, 0, 0, 0, "0.0%")
    assert cities["阳泉市"] == (0, 0, 0, 0, 0, 0, 0, "—")
    assert [row.label for row in found.by_office] == ["太原市市本级", "太原市 小店区", "太原市 迎泽区", "大同市 平城区"]
    assert found.office_bars[:3] == [("太原市", 12), ("大同市", 2), ("阳泉市", 0)]
    assert found.by_unit == [] and found.units == 5
    assert found.money == Money(7, 5, 3, 911500, 653500, 295500)
    assert [(b.office, b.status, b.months, b.approved_fen, b.paid_fen) for b in found.batches][-1] == (
        "大同市 平城区", "已拨付", 1, 90000, 90000)
    assert found.batch_count == 4


def test_the_units_shown_are_the_ones_with_most_trainees_and_all_are_counted(made, offices, monkeypatch):
    monkeypatch.setattr(placement_stats, "UNITS_SHOWN", 1)
    found = placement_stats.for_office(offices["county"], TODAY)
    assert [row.label for row in found.by_unit] == ["山西晋阳软件有限公司"] and found.units == 2


def test_the_start_date_turns_a_placement_into_started_and_on_the_job(made, offices):
    """a2 starts on TODAY and a3 the day after: the day before TODAY neither has started."""
    day_before = placement_stats.for_office(offices["county"], TODAY - datetime.timedelta(days=1)).trainees
    day_after = placement_stats.for_office(offices["county"], TODAY + datetime.timedelta(days=1)).trainees
    assert (day_before.started, day_before.on_the_job) == (7, 1)
    assert (day_after.started, day_after.on_the_job) == (9, 3)


def test_a_unit_sees_its_own_figures_only(made):
    unit_a, unit_b = made["units"]["A"], made["units"]["B"]
    found = placement_stats.of_unit(unit_a, TODAY)
    assert counts(found.trainees) == (6, 2, 3, 1, 0, 1, 1, "33.3%")
    assert found.money == Money(3, 2, 2, 129000 + 64500 + 12000 + 129000, 205500, 205500)
    other = placement_stats.of_unit(unit_b, TODAY)
    assert counts(other.trainees) == (2, 0, 0, 1, 1, 1, 0, "100.0%")
    assert other.money == Money(2, 1, 0, 3 * 129000, 2 * 129000, 0)


def test_a_unit_or_office_without_any_has_zeros_and_no_rate(made, dbc):
    office = make_user("xinghualing", role="reviewer", jurisdiction="140107")
    found = placement_stats.for_office(office, TODAY)
    assert counts(found.trainees) == (0, 0, 0, 0, 0, 0, 0, "—")
    assert found.money == Money() and found.batches == [] and found.by_unit == [] and found.units == 0
    unit = made["units"]["D"]
    assert placement_stats.of_unit(unit, TODAY).money == Money()
    assert counts(placement_stats.of_unit(unit, TODAY).trainees) == (1, 0, 0, 0, 1, 1, 0, "100.0%")
