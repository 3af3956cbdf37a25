"""Reminders, sent by a scheduled command (`flask --app wsgi send-reminders`, daily: deploy/):

- a shortlisted position closing within 3 days, to each person who shortlisted it;
- an offer expiring tomorrow, to its person; an offer that expired unanswered, to its unit;
- a unit's months still to record, to its accounts, once a month;
- a 公示 window ending tomorrow, to the office that published it.

Each at most once per kind, person and object: the `reminder` row's unique index says so, written
in the same transaction as the message, so two runs at once, or a run repeated, send nothing twice.
What is due is read in full before the first reminder is written: a read still open on SQLite
would hold its snapshot and make the writes of two overlapping runs refuse each other.
"""
import datetime
from collections import Counter

from peewee import IntegrityError

from ..db import writing
from ..models import (
    BATCH_PUBLISHED,
    OFFER_OPEN,
    POSITION_OPEN,
    STEP_OFFER,
    Batch,
    CandidateStep,
    Employer,
    Favorite,
    Position,
    Reminder,
    User,
)
from . import month_records, notice_texts, notices

CLOSING_DAYS = 3
# An offer that expired longer ago than this is not news: the first run after an upgrade does not
# tell units of every offer that ever lapsed.
EXPIRED_WITHIN = datetime.timedelta(days=7)


def _once(kind: str, user: User, object_id: int, notice: notices.Notice, now: datetime.datetime) -> bool:
    """The reminder and its message, unless this person had it for this object before."""
    try:
        with writing():
            Reminder.create(kind=kind, user=user.id, object_id=object_id, sent_at=now)
            notices.send([user], notice, now)
        return True
    except IntegrityError:
        return False


def positions_closing(today: datetime.date, now: datetime.datetime) -> int:
    last = today + datetime.timedelta(days=CLOSING_DAYS)
    rows = list(Favorite.select(Favorite, Position, User).join(Position).switch(Favorite).join(User)
                .where((Position.status == POSITION_OPEN) & Position.deadline.between(today, last)))
    return sum(_once("position_closing", row.user, row.position.id,
                     notice_texts.position_closing(row.position.id, row.position.title, row.position.deadline), now)
               for row in rows)


def offers(today: datetime.date, now: datetime.datetime) -> int:
    """Open offers expiring tomorrow (to the person) and open ones already expired (to the unit)."""
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    after = tomorrow + datetime.timedelta(days=1)
    sent = 0
    expiring = list(CandidateStep.select(CandidateStep, Position).join(Position)
                .where((CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
                       & (CandidateStep.expires_at >= tomorrow) & (CandidateStep.expires_at < after)))
    for step in expiring:
        sent += _once("offer_expiring", User.get_by_id(step.user_id), step.id,
                      notice_texts.offer_expiring(step.id, step.position.title), now)
    expired = list(CandidateStep.select(CandidateStep, Position).join(Position)
               .where((CandidateStep.kind == STEP_OFFER) & (CandidateStep.status == OFFER_OPEN)
                      & CandidateStep.expires_at.between(now - EXPIRED_WITHIN, now)))
    for step in expired:
        for user in notices.unit_users(step.employer_id):
            sent += _once("offer_expired", user, step.id,
                          notice_texts.offer_expired_for_unit(step.position.id, step.position.title), now)
    return sent


def months_due(today: datetime.date, now: datetime.datetime) -> int:
    """Each unit with months to record: its accounts, once per calendar month of the reminder."""
    this_month = today.year * 100 + today.month
    sent = 0
    for unit in list(Employer.select().where(Employer.id.in_(month_records.units_with_placements_serving(today)))):
        due = month_records.due(unit, today)
        if due:
            for user in notices.unit_users(unit.id):
                sent += _once("months_due", user, this_month, notice_texts.months_due(len(due)), now)
    return sent


def windows_ending(today: datetime.date, now: datetime.datetime) -> int:
    tomorrow = today + datetime.timedelta(days=1)
    sent = 0
    for batch in list(Batch.select().where((Batch.status == BATCH_PUBLISHED) & (Batch.window_ends == tomorrow))):
        for user in notices.office_users(batch.region_id):
            sent += _once("window_ending", user, batch.id,
                          notice_texts.window_ending(batch.id, batch.title, batch.window_ends), now)
    return sent


def run(today: datetime.date, now: datetime.datetime) -> Counter:
    """Every kind of reminder due today; how many of each were sent."""
    return Counter({"岗位即将截止": positions_closing(today, now), "录用通知": offers(today, now),
                    "月度记录待登记": months_due(today, now), "公示期即将届满": windows_ending(today, now)})
