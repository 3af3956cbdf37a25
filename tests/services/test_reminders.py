"""Reminders (services.reminders): each kind reaches whom it concerns when due, once per person and
object however often the command runs, also when two runs overlap."""
import datetime

from jianxi.models import Batch, CandidateStep, Message, Position, Reminder, User
from jianxi.services import batches, claims, favorites, reminders
from tests.concurrency import run_together
from tests.factories import filed_placement, make_user, month_record, offer_to, subsidy_rule, trainee

D = datetime.date


def _kinds(user) -> list[str]:
    return [m.kind for m in Message.select().where(Message.user == user.id).order_by(Message.id)]


def test_a_shortlisted_position_closing_within_three_days_is_told_once(dbc):
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    position = placement.position
    person = trainee(5)

    favorites.add(person, position.id, datetime.datetime(2026, 6, 1, 9))
    Position.update(deadline=D(2026, 6, 13)).where(Position.id == position.id).execute()
    assert reminders.positions_closing(D(2026, 6, 9), datetime.datetime(2026, 6, 9, 8)) == 0  # 4 days before
    assert reminders.positions_closing(D(2026, 6, 10), datetime.datetime(2026, 6, 10, 8)) == 1  # 3 days before
    assert reminders.positions_closing(D(2026, 6, 11), datetime.datetime(2026, 6, 11, 8)) == 0  # told already
    assert _kinds(person)[-1] == "position_closing"
    assert Reminder.select().where(Reminder.kind == "position_closing").count() == 1


def test_an_offer_expiring_tomorrow_reminds_the_person_and_an_expired_one_tells_the_unit(dbc):
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    person = trainee(6)
    made = datetime.datetime(2026, 8, 1, 10)
    step = offer_to(unit_user, placement.position, person, start=D(2026, 9, 1), now=made)
    expires = CandidateStep.get_by_id(step.id).expires_at  # 7 days after the offer: 2026-08-08 10:00
    assert expires == datetime.datetime(2026, 8, 8, 10)
    assert reminders.offers(D(2026, 8, 6), datetime.datetime(2026, 8, 6, 8)) == 0
    assert reminders.offers(D(2026, 8, 7), datetime.datetime(2026, 8, 7, 8)) == 1
    assert reminders.offers(D(2026, 8, 7), datetime.datetime(2026, 8, 7, 20)) == 0
    assert _kinds(person)[-1] == "offer_expiring"
    assert reminders.offers(D(2026, 8, 8), datetime.datetime(2026, 8, 8, 11)) == 1  # expired: the unit's one account
    assert _kinds(unit_user)[-1] == "offer_expired"
    assert reminders.offers(D(2026, 8, 9), datetime.datetime(2026, 8, 9, 8)) == 0


def test_an_offer_that_lapsed_long_ago_is_not_news(dbc):
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    offer_to(unit_user, placement.position, trainee(7), start=D(2026, 9, 1), now=datetime.datetime(2026, 8, 1, 10))
    # Expired 2026-08-08 10:00; the first run is more than seven days later.
    assert reminders.offers(D(2026, 8, 16), datetime.datetime(2026, 8, 16, 8)) == 0
    assert "offer_expired" not in _kinds(unit_user)


def test_months_to_record_remind_the_unit_once_a_month(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    assert reminders.months_due(D(2026, 8, 3), datetime.datetime(2026, 8, 3, 8)) == 1  # July to record
    assert reminders.months_due(D(2026, 8, 20), datetime.datetime(2026, 8, 20, 8)) == 0
    month_record(unit_user, placement, D(2026, 7, 1), 20)
    assert reminders.months_due(D(2026, 8, 25), datetime.datetime(2026, 8, 25, 8)) == 0  # nothing due
    assert reminders.months_due(D(2026, 9, 2), datetime.datetime(2026, 9, 2, 8)) == 1  # August, a new month
    [first, second] = [m for m in Message.select().where(Message.user == unit_user.id) if m.kind == "months_due"]
    assert first.body.startswith("有1个已结束的月份") and second.body.startswith("有1个已结束的月份")


def test_a_publicity_window_ending_tomorrow_reminds_the_office(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    office = make_user("xiaodian_w", role="reviewer", jurisdiction="140105")
    for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
        month_record(unit_user, placement, month, 20)
    now = datetime.datetime(2026, 10, 20, 10)
    [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), D(2026, 10, 20), now)
    claims.decide(office, claim, {}, now)
    batch = batches.publish(office, "电话 0351-1234567", D(2026, 10, 20), now)
    assert Batch.get_by_id(batch.id).window_ends == D(2026, 10, 27)  # Tue 20 → Wed … Tue 27
    staff = list(User.select().where((User.role == "reviewer") & (User.jurisdiction == "140105")))
    assert reminders.windows_ending(D(2026, 10, 25), now) == 0
    assert reminders.windows_ending(D(2026, 10, 26), now) == len(staff)  # every member of 小店区's office
    assert reminders.windows_ending(D(2026, 10, 26), now) == 0
    for member in staff:
        assert _kinds(member).count("window_ending") == 1


def test_two_runs_at_once_send_each_reminder_once(app, dbc):
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    people = [trainee(n) for n in (11, 12, 13)]

    for person in people:
        favorites.add(person, placement.position.id, datetime.datetime(2026, 6, 1, 9))
    Position.update(deadline=D(2026, 6, 12)).where(Position.id == placement.position.id).execute()
    now = datetime.datetime(2026, 6, 10, 8)
    outcomes = run_together(app, *[lambda: reminders.positions_closing(D(2026, 6, 10), now) for _ in range(3)])
    assert all(isinstance(o, int) for o in outcomes) and sum(outcomes) == 3, outcomes
    assert Message.select().where(Message.kind == "position_closing").count() == 3


def test_the_daily_command_sends_what_is_due_and_nothing_twice(app, dbc):
    from tests import clock

    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    person = trainee(21)
    favorites.add(person, placement.position.id, clock.now() - datetime.timedelta(days=3))
    Position.update(deadline=clock.today() + datetime.timedelta(days=2)).where(
        Position.id == placement.position.id).execute()
    first = app.test_cli_runner().invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "岗位即将截止 1 条" in first.output, first.output
    again = app.test_cli_runner().invoke(args=["send-reminders"])
    assert again.exit_code == 0 and "岗位即将截止 0 条" in again.output, again.output
    assert _kinds(person).count("position_closing") == 1
