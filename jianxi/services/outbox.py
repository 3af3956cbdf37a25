"""The outbox's sending side: a worker claims the SMS and e-mail rows that are due, hands each to the
backend of its channel (services.notice_backends) and marks it sent, or puts it back for later.

Two workers never hold the same row. A claim turns due rows into 'sending' with the worker's name
and the time, in one transaction: on PostgreSQL after SELECT … FOR UPDATE SKIP LOCKED (a second
worker passes over the rows the first is taking), on SQLite by a conditional UPDATE per row under
the write lock. Every later change is conditional on the claim still being the worker's own.

Sending and marking are two steps, so a worker killed between them leaves a 'sending' row that is
claimed again once its LEASE is over: delivery is at least once, and each message carries its
outbox id as an idempotency key so that a gateway or MTA can drop the repeat. A worker sends only
while its claim has SEND_MARGIN left, so a slow batch cannot make it send a row already taken again.

`attempts` counts the tries begun (a claim adds one). A failed try puts the row back with a later
`next_at` (1, 2, 4 … minutes, at most an hour); after MAX_ATTEMPTS it is 'failed' for good."""
import datetime
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from peewee import JOIN, InterfaceError, OperationalError

from ..db import db, is_postgres, writing
from ..models import OUTBOX_FAILED, OUTBOX_PENDING, OUTBOX_SENDING, OUTBOX_SENT, Message, Outbox
from . import clock
from .notice_backends import Backend, Refused

log = logging.getLogger("jianxi.notices")

BATCH = 20
LEASE = datetime.timedelta(minutes=10)
SEND_MARGIN = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 10
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
ERROR_LENGTH = 200
GAVE_UP_AFTER_CRASHES = "发送中断的次数已达上限（工作进程在发送时退出）"


@dataclass
class Summary:
    """What one run did with the rows it claimed."""

    sent: int = 0
    retried: int = 0  # put back for a later try
    failed: int = 0  # given up for good
    released: int = 0  # put back untried: the claim was too old to send under, or the worker is stopping
    lost: int = 0  # taken by another worker meanwhile (this one was too slow): its outcome stands

    @property
    def claimed(self) -> int:
        return sum(getattr(self, field.name) for field in fields(self))

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        text = f"发送通知：已发送 {self.sent} 条，稍后重试 {self.retried} 条，放弃 {self.failed} 条"
        if self.released or self.lost:
            text += f"，放回 {self.released} 条，已由其他进程处理 {self.lost} 条"
        return text + "。"


def wait_after(attempts: int) -> datetime.timedelta:
    """How long a row waits after its `attempts`-th try failed: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_WAIT * 2 ** (attempts - 1), LONGEST_WAIT)


def _due(now: datetime.datetime):
    """Rows to send now: pending ones whose time has come, and claims older than the lease."""
    return (((Outbox.status == OUTBOX_PENDING) & (Outbox.next_at <= now))
            | ((Outbox.status == OUTBOX_SENDING) & (Outbox.claimed_at <= now - LEASE)))


def claim(worker: str, now: datetime.datetime, limit: int = BATCH) -> list[Outbox]:
    """Up to `limit` due rows, oldest first, made this worker's ('sending', claimed_by, claimed_at=now);
    no other worker gets any of them until the lease is over."""
    taking = {"status": OUTBOX_SENDING, "claimed_by": worker, "claimed_at": now, "attempts": Outbox.attempts + 1}
    due = Outbox.select(Outbox.id, Outbox.status, Outbox.claimed_at).where(_due(now)) \
        .order_by(Outbox.next_at, Outbox.id).limit(limit)
    with writing():
        if is_postgres():
            ids = [row.id for row in due.for_update(skip_locked=True)]
            if ids:
                Outbox.update(**taking).where(Outbox.id.in_(ids) & _due(now)).execute()
        else:
            ids = [row.id for row in due if _take(row, taking, now)]
    if not ids:
        return []
    return list(Outbox.select(Outbox, Message).join(Message, JOIN.LEFT_OUTER)
                .where(Outbox.id.in_(ids) & _held_by(worker, now)).order_by(Outbox.next_at, Outbox.id))


def _take(row: Outbox, taking: dict, now: datetime.datetime) -> bool:
    """One row, only if nobody changed it since it was read."""
    unchanged = Outbox.claimed_at.is_null() if row.claimed_at is None else Outbox.claimed_at == row.claimed_at
    query = Outbox.update(**taking).where((Outbox.id == row.id) & (Outbox.status == row.status) & unchanged & _due(now))
    return query.execute() == 1


def _held_by(worker: str, claimed_at: datetime.datetime):
    return (Outbox.status == OUTBOX_SENDING) & (Outbox.claimed_by == worker) & (Outbox.claimed_at == claimed_at)


def _finish(row: Outbox, worker: str, **changes) -> bool:
    """Change a claimed row, if the claim is still this worker's."""
    return Outbox.update(**changes).where((Outbox.id == row.id) & _held_by(worker, row.claimed_at)).execute() == 1


def deliver(row: Outbox, worker: str, backends: Mapping[str, Backend],
            now_fn: Callable[[], datetime.datetime] = clock.now) -> str:
    """Send one claimed row and record the outcome: sent, retried, failed, released or lost."""
    put_back = {"status": OUTBOX_PENDING, "claimed_by": "", "claimed_at": None}
    if now_fn() >= row.claimed_at + LEASE - SEND_MARGIN:
        return "released" if _finish(row, worker, attempts=row.attempts - 1, **put_back) else "lost"
    if row.attempts > MAX_ATTEMPTS:
        return "failed" if _finish(row, worker, status=OUTBOX_FAILED, last_error=GAVE_UP_AFTER_CRASHES) else "lost"
    try:
        backends[row.channel].send(row)
    except Exception as error:  # noqa: BLE001 - whatever a backend raises, the row waits and the worker goes on
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:ERROR_LENGTH]
        if isinstance(error, Refused) or row.attempts >= MAX_ATTEMPTS:
            log.warning("outbox %s (%s) failed for good after %s tries: %s", row.id, row.channel, row.attempts, reason)
            return "failed" if _finish(row, worker, status=OUTBOX_FAILED, last_error=reason) else "lost"
        next_at = now_fn() + wait_after(row.attempts)
        log.warning("outbox %s (%s) try %s failed, next at %s: %s", row.id, row.channel, row.attempts,
                    next_at.isoformat(" ", "seconds"), reason)
        return "retried" if _finish(row, worker, next_at=next_at, last_error=reason, **put_back) else "lost"
    return "sent" if _finish(row, worker, status=OUTBOX_SENT, sent_at=now_fn(), last_error="") else "lost"


def run_once(worker: str, backends: Mapping[str, Backend], now_fn: Callable[[], datetime.datetime] = clock.now,
             limit: int = BATCH, stop: threading.Event | None = None) -> Summary:
    """Claim the rows due and send each; once `stop` is set, the rest go back untried."""
    summary = Summary()
    for row in claim(worker, now_fn(), limit):
        if stop is not None and stop.is_set():
            summary.add("released" if _finish(row, worker, status=OUTBOX_PENDING, claimed_by="", claimed_at=None,
                                              attempts=row.attempts - 1) else "lost")
            continue
        summary.add(deliver(row, worker, backends, now_fn))
    return summary


def run_loop(worker: str, backends: Mapping[str, Backend], stop: threading.Event, interval: float,
             report: Callable[[str], None], now_fn: Callable[[], datetime.datetime] = clock.now,
             limit: int = BATCH) -> None:
    """Run until `stop` is set: a full batch is followed at once by the next, otherwise the worker
    waits `interval` seconds. A run that did something is reported; the database being unreachable
    is reported and waited out."""
    while not stop.is_set():
        try:
            with db.connection_context():
                summary = run_once(worker, backends, now_fn, limit, stop)
        except (OperationalError, InterfaceError) as error:
            reason = " ".join(f"{type(error).__name__}: {error}".split())[:ERROR_LENGTH]
            report(f"发送通知：数据库不可用，{interval:g} 秒后再试（{reason}）")
            stop.wait(interval)
            continue
        if summary.claimed:
            report(summary.line())
        if summary.claimed < limit:
            stop.wait(interval)
