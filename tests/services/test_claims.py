"""Claims, review, 公示 batches and payment (services.claims, services.batches): nothing is ever paid
twice, whatever the timing of requests; a returned month can be corrected and claimed again; the
公示 window counts working days; an objection holds its line back; a batch is paid once, after
its window; the public tables mask names."""
import datetime

import pytest
from peewee import IntegrityError

from jianxi.db import db
from jianxi.models import Claim, ClaimLine, MonthRecord
from jianxi.services import batches, claims, month_records
from jianxi.services.errors import Conflict, FieldProblems
from tests.concurrency import run_together
from tests.factories import calendar_days, filed_placement, make_user, month_record, subsidy_rule

D = datetime.date
TODAY = D(2026, 10, 20)
NOW = datetime.datetime(2026, 10, 20, 10)
Q3 = claims.quarter("2026Q3")


def _claimable():
    """A 小店区 unit with July–September 2026 recorded: three months and the insurance refund."""
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
        month_record(unit_user, placement, month, 20)
    office = make_user("xiaodian_office", role="reviewer", jurisdiction="140105")
    return unit_user, unit, placement, office


def test_quarters_are_named_and_the_default_is_the_last_ended_one():
    assert (Q3.first, Q3.last, Q3.label) == (D(2026, 7, 1), D(2026, 9, 30), "2026年第3季度（07月—09月）")
    assert claims.default_quarter(D(2026, 10, 20)).key == "2026Q3"
    assert claims.default_quarter(D(2026, 2, 1)).key == "2025Q4"
    assert claims.quarter("2026Q5") is None and claims.quarter("x") is None


def test_a_claim_holds_every_line_and_a_second_claim_for_the_same_months_is_refused(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    lines = claims.lines(claim)
    assert sorted((line.kind, line.month, line.amount_fen) for line in lines) == [
        ("insurance", None, 12000), ("month", D(2026, 7, 1), 90000), ("month", D(2026, 8, 1), 90000),
        ("month", D(2026, 9, 1), 90000)]
    assert claim.region_id == "140105"
    with pytest.raises(Conflict, match="没有可以申请的补贴"):
        claims.submit(unit_user, unit, Q3, TODAY, NOW)
    # A claimed month can no longer be corrected.
    shown = month_records.month_of(placement, "2026-08", TODAY)
    with pytest.raises(Conflict, match="已申请补贴"):
        month_records.save(unit_user, placement, shown, {"days_attended": 19, "paid_fen": 230000,
                                                         "paid_on": D(2026, 9, 1)}, None, NOW)


def test_the_database_itself_refuses_a_month_or_a_refund_claimed_twice(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    for kind, month in (("month", D(2026, 7, 1)), ("insurance", None)):
        with pytest.raises(IntegrityError), db.atomic():
            ClaimLine.create(claim=claim.id, placement=placement.id, kind=kind, month=month, amount_fen=1, basis="x")


def test_two_claims_submitted_at_once_make_one(app, dbc):
    unit_user, unit, placement, office = _claimable()
    outcomes = run_together(app, *[lambda: claims.submit(unit_user, unit, Q3, TODAY, NOW) for _ in range(4)])
    assert sum(isinstance(o, list) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if not isinstance(o, list)), outcomes
    assert Claim.select().count() == 1
    assert ClaimLine.select().count() == 4


def test_a_correction_and_a_claim_at_once_never_pay_a_figure_other_than_the_record(app, dbc):
    unit_user, unit, placement, office = _claimable()
    shown = month_records.month_of(placement, "2026-09", TODAY)
    below = {"days_attended": 20, "paid_fen": 100000, "paid_on": D(2026, 10, 1)}  # 1,000 元: below the wage
    outcomes = run_together(app, lambda: claims.submit(unit_user, unit, Q3, TODAY, NOW),
                            lambda: month_records.save(unit_user, placement, shown, below, None, NOW))
    record = MonthRecord.get((MonthRecord.placement == placement.id) & (MonthRecord.month == D(2026, 9, 1)))
    september = ClaimLine.get_or_none((ClaimLine.placement == placement.id) & (ClaimLine.month == D(2026, 9, 1)))
    # Either the correction came first (then September, paid below the wage, is not claimed) or the
    # claim came first (then the correction was refused and the record is as claimed).
    if record.paid_fen == 100000:
        assert september is None, outcomes
    else:
        assert september is not None and isinstance(outcomes[1], Conflict), outcomes


def test_returned_lines_can_be_corrected_and_claimed_again(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    august = next(line for line in claims.lines(claim) if line.month == D(2026, 8, 1))
    with pytest.raises(FieldProblems):
        claims.decide(office, claim, {august.id: " "}, NOW)
    claims.decide(office, claim, {august.id: "出勤表与工资表不一致"}, NOW)
    states = {(line.month, line.state, line.reason) for line in claims.lines(claim)}
    assert (D(2026, 8, 1), "returned", "出勤表与工资表不一致") in states
    assert (D(2026, 7, 1), "approved", "") in states
    with pytest.raises(Conflict, match="已经审核过"):
        claims.decide(office, Claim.get_by_id(claim.id), {}, NOW)
    shown = month_records.month_of(placement, "2026-08", TODAY)
    month_records.save(unit_user, placement, shown, {"days_attended": 21, "paid_fen": 220000,
                                                     "paid_on": D(2026, 9, 1)}, None, NOW)
    [again] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    assert [(line.month, line.amount_fen) for line in claims.lines(again)] == [(D(2026, 8, 1), 90000)]


def test_only_the_office_of_the_claim_decides(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    city = make_user("taiyuan_office", role="reviewer", jurisdiction="140100")
    other = make_user("yingze_office", role="reviewer", jurisdiction="140106")
    for user in (city, other):
        with pytest.raises(Conflict):
            claims.decide(user, claim, {}, NOW)
    assert Claim.get_by_id(claim.id).status == "submitted"


def test_the_publicity_window_is_five_working_days_after_publication(dbc):
    # Published Friday 2026-09-25 (中秋, a holiday) … with 国庆 off to Oct 7 and Oct 10 worked:
    # the working days after it are Sep 28, 29, 30, then Oct 8, 9 → the window ends Friday Oct 9.
    calendar_days(holidays=[D(2026, 9, 25)] + [D(2026, 10, d) for d in range(1, 8)],
                  workdays=[D(2026, 10, 10)])
    assert batches.window_end(D(2026, 9, 25)) == D(2026, 10, 9)
    # An ordinary Wednesday: Thu, Fri, Mon, Tue, Wed → the next Wednesday.
    assert batches.window_end(D(2026, 11, 4)) == D(2026, 11, 11)


def test_a_batch_is_numbered_published_objected_to_and_paid_once(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    claims.decide(office, claim, {}, NOW)
    with pytest.raises(FieldProblems):
        batches.publish(office, " ", TODAY, NOW)
    batch = batches.publish(office, "异议请联系小店区人社局就业科 0351-1234567", TODAY, NOW)
    assert (batch.title, batch.slug, batch.window_ends) == ("2026年第1批", "140105-2026-1", D(2026, 10, 27))
    with pytest.raises(Conflict, match="没有已审核通过"):
        batches.publish(office, "电话", TODAY, NOW)
    shown = batches.publicity(batch)
    assert [(row.unit, len(row.people), row.months, row.total_fen) for row in shown.units] == [
        ("山西晋阳软件有限公司", 1, 3, 282000)]
    [person] = shown.people
    assert placement.user.real_name == "张三"
    assert (person.name, person.unit, person.total_fen) == ("张*", "山西晋阳软件有限公司", 282000)
    september = next(line for line in batches.lines(batch) if line.month == D(2026, 9, 1))
    with pytest.raises(Conflict, match="期满后"):
        batches.pay(office, batch, {"paid_on": "2026-10-27", "voucher": "PZ-1"}, D(2026, 10, 27), NOW)
    batches.object_to(office, batch, september.id, "群众反映该月未实际到岗", D(2026, 10, 27), NOW)
    assert batches.publicity(batch).units[0].total_fen == 192000
    with pytest.raises(Conflict, match="公示期已于"):
        batches.object_to(office, batch, september.id, "再次", D(2026, 10, 28), NOW)
    with pytest.raises(FieldProblems):
        batches.pay(office, batch, {"paid_on": "2026-10-27", "voucher": ""}, D(2026, 10, 28), NOW)
    paid = batches.pay(office, batch, {"paid_on": "2026-10-28", "voucher": "PZ-2026-001"}, D(2026, 10, 28), NOW)
    assert (paid.status, paid.paid_on, paid.voucher) == ("paid", D(2026, 10, 28), "PZ-2026-001")
    assert sorted(line.state for line in batches.lines(batch)) == ["held", "paid", "paid", "paid"]
    with pytest.raises(Conflict, match="已于"):
        batches.pay(office, paid, {"paid_on": "2026-10-28", "voucher": "PZ-2"}, D(2026, 10, 28), NOW)


def test_two_publications_at_once_make_one_batch(app, dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    claims.decide(office, claim, {}, NOW)
    outcomes = run_together(app, *[lambda: batches.publish(office, "电话 1234567", TODAY, NOW) for _ in range(3)])
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1, outcomes
    assert Claim.get_by_id(claim.id).batch.number == 1


def test_a_list_pages_totals_are_each_claims_own(dbc):
    unit_user, unit, placement, office = _claimable()
    [claim] = claims.submit(unit_user, unit, Q3, TODAY, NOW)
    august = next(line for line in claims.lines(claim) if line.month == D(2026, 8, 1))
    claims.decide(office, claim, {august.id: "考勤表缺页"}, NOW)
    [(listed, totals)] = claims.totals_of([Claim.get_by_id(claim.id)])
    # 3 months of 900 元 and the 120 元 refund; August returned.
    assert (listed.id, totals) == (claim.id, claims.Totals(282000, 192000, 90000, 4))
    assert claims.totals_of([]) == []
