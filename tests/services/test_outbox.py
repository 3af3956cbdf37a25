"""services.outbox: the worker claims due rows, sends them through real servers on loopback ports
(an SMS gateway made with http.server, an SMTP server made with aiosmtpd) and marks them; a backend
that fails delays a row, which is then sent once; two workers never send the same row.

Time passes by the `now` each call is given; no test waits on the clock."""
import collections
import datetime
import threading

import pytest

from jianxi.models import Outbox
from jianxi.services import notices, outbox
from jianxi.services.notice_backends import HttpSmsGateway, SmtpMailer
from tests.concurrency import run_together
from tests.factories import make_outbox, make_user
from tests.notice_servers import MailServer, SmsGateway

SERVICE_URL = "https://jianxi.example.cn"
T0 = datetime.datetime(2026, 11, 2, 10, 0)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def gateway():
    with SmsGateway() as server:
        yield server


@pytest.fixture
def mail():
    with MailServer() as server:
        yield server


@pytest.fixture
def backends(gateway, mail):
    return {"sms": HttpSmsGateway(gateway.url, gateway.key, timeout=5),
            "email": SmtpMailer("127.0.0.1", mail.port, "noreply@jianxi.example.cn", SERVICE_URL, timeout=5)}


def at(moment: datetime.datetime):
    return lambda: moment


def fresh(row: Outbox) -> Outbox:
    return Outbox.get_by_id(row.id)


def test_run_once_sends_the_due_rows_through_their_channels_and_marks_them_sent(dbc, backends, gateway, mail):
    sms = make_outbox(address="13912345678", body="【山西就业见习】您的见习协议待确认，请登录查看。")
    letter = make_outbox(channel="email", address="li@example.cn", subject="【山西就业见习】见习协议待确认",
                         body="您的见习协议待确认。", link="/me/placements/3")
    later = make_outbox(address="13800000000", next_at=T0 + MINUTE)

    summary = outbox.run_once("w1", backends, at(T0))

    assert (summary.sent, summary.retried, summary.failed, summary.claimed) == (2, 0, 0, 2)
    assert summary.line() == "发送通知：已发送 2 条，稍后重试 0 条，放弃 0 条。"
    assert gateway.delivered == [{"id": sms.id, "mobile": "13912345678", "text": "【山西就业见习】您的见习协议待确认，请登录查看。"}]
    [received] = mail.received
    assert received["to"] == ["li@example.cn"]
    assert received["message"]["Subject"] == "【山西就业见习】见习协议待确认"
    assert received["message"].get_content() == "您的见习协议待确认。\n\nhttps://jianxi.example.cn/me/placements/3\n"
    for row in (sms, letter):
        row = fresh(row)
        assert (row.status, row.sent_at, row.attempts, row.claimed_by, row.last_error) == ("sent", T0, 1, "w1", "")
    assert (fresh(later).status, fresh(later).attempts) == ("pending", 0)
    assert outbox.run_once("w1", backends, at(T0)).claimed == 0


def test_a_notice_written_by_a_change_reaches_the_phone_and_the_mailbox(dbc, backends, gateway, mail):
    from jianxi.models import EmailAddress, NoticeChoice

    person = make_user("wangwu", mobile="13712345678")
    EmailAddress.create(user=person, address="wangwu@example.cn", verified_at=T0 - MINUTE, updated_at=T0 - MINUTE)
    NoticeChoice.create(user=person, group="decisions", sms=True, email=True)
    notice = notices.Notice(kind="application_approved", group="decisions", title="申请已审核通过",
                            body="您的就业见习人员申请已审核通过。", link="/me/applications/12",
                            sms="您的就业见习人员申请已审核通过，请登录查看。")
    notices.send([person], notice, T0)

    assert outbox.run_once("w1", backends, at(T0)).sent == 2
    assert [(d["mobile"], d["text"]) for d in gateway.delivered] == [
        ("13712345678", "【山西就业见习】您的就业见习人员申请已审核通过，请登录查看。")]
    message = mail.received[0]["message"]
    assert (message["To"], message["Subject"]) == ("wangwu@example.cn", "【山西就业见习】申请已审核通过")
    assert message.get_content().endswith("\n\nhttps://jianxi.example.cn/me/applications/12\n")


def test_a_gateway_answering_500_delays_the_row_which_is_sent_once_after_the_wait(dbc, backends, gateway):
    row = make_outbox(at=T0)
    gateway.status = 500

    assert outbox.run_once("w1", backends, at(T0)).retried == 1
    row = fresh(row)
    assert (row.status, row.attempts, row.next_at) == ("pending", 1, T0 + MINUTE)
    assert (row.claimed_by, row.claimed_at) == ("", None)
    assert row.last_error == "HTTPError: HTTP Error 500: Internal Server Error"

    gateway.status = 200
    assert outbox.run_once("w1", backends, at(T0 + MINUTE - datetime.timedelta(seconds=1))).claimed == 0
    assert outbox.run_once("w1", backends, at(T0 + MINUTE)).sent == 1
    assert outbox.run_once("w1", backends, at(T0 + 60 * MINUTE)).claimed == 0
    assert [d["id"] for d in gateway.delivered] == [row.id]
    assert [r["status"] for r in gateway.requests] == [500, 200]
    row = fresh(row)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", 2, T0 + MINUTE, "")


def test_a_stopped_smtp_server_delays_the_row_which_is_sent_once_it_is_back(dbc, backends, mail):
    row = make_outbox(channel="email", address="li@example.cn", subject="通知", body="请登录查看。", link="/me/", at=T0)
    mail.stop()

    assert outbox.run_once("w1", backends, at(T0)).retried == 1
    assert outbox.run_once("w1", backends, at(T0 + MINUTE)).retried == 1  # still down: waits 2 minutes now
    assert fresh(row).next_at == T0 + 3 * MINUTE
    assert "ConnectionRefusedError" in fresh(row).last_error

    mail.start()
    assert outbox.run_once("w1", backends, at(T0 + 3 * MINUTE - datetime.timedelta(seconds=1))).claimed == 0
    assert outbox.run_once("w1", backends, at(T0 + 3 * MINUTE)).sent == 1
    assert outbox.run_once("w1", backends, at(T0 + 90 * MINUTE)).claimed == 0
    assert [m["message"]["Message-ID"] for m in mail.received] == [f"<outbox-{row.id}@jianxi>"]
    assert (fresh(row).status, fresh(row).attempts) == ("sent", 3)


def test_a_row_that_fails_ten_times_is_failed_for_good(dbc, backends, gateway):
    row = make_outbox(at=T0)
    gateway.status = 503
    waits = [1, 2, 4, 8, 16, 32, 60, 60, 60]  # minutes after each failed try: doubling, at most an hour
    moment = T0
    for tries, wait in enumerate(waits, start=1):
        assert outbox.run_once("w1", backends, at(moment)).retried == 1
        waiting = fresh(row)
        assert (waiting.status, waiting.attempts, waiting.next_at) == ("pending", tries, moment + wait * MINUTE)
        assert outbox.run_once("w1", backends, at(moment + wait * MINUTE - datetime.timedelta(seconds=1))).claimed == 0
        moment += wait * MINUTE

    assert outbox.run_once("w1", backends, at(moment)).failed == 1
    row = fresh(row)
    assert (row.status, row.attempts) == ("failed", 10)
    assert row.last_error == "HTTPError: HTTP Error 503: Service Unavailable"
    gateway.status = 200
    assert outbox.run_once("w1", backends, at(moment + 24 * 60 * MINUTE)).claimed == 0
    assert len(gateway.requests) == 10 and gateway.delivered == []


def test_a_message_the_gateway_refuses_is_failed_at_once(dbc, backends, gateway):
    row = make_outbox(address="1391234", at=T0)
    gateway.status = 400
    summary = outbox.run_once("w1", backends, at(T0))
    assert (summary.failed, summary.retried) == (1, 0)
    assert (fresh(row).status, fresh(row).attempts) == ("failed", 1)
    assert fresh(row).last_error.startswith("Refused: 短信网关拒绝：HTTP 400")


def test_a_claim_older_than_the_lease_is_taken_again_and_sent(dbc, backends, gateway):
    row = make_outbox(at=T0)
    [claimed] = outbox.claim("killed-worker", T0)  # then killed before sending
    assert (claimed.status, claimed.claimed_by, claimed.claimed_at) == ("sending", "killed-worker", T0)
    assert claimed.attempts == 1

    assert outbox.claim("w2", T0 + 10 * MINUTE - datetime.timedelta(seconds=1)) == []
    assert outbox.run_once("w2", backends, at(T0 + 10 * MINUTE)).sent == 1
    row = fresh(row)
    assert (row.status, row.claimed_by, row.attempts) == ("sent", "w2", 2)  # the killed try counts
    assert [d["id"] for d in gateway.delivered] == [row.id]


def test_a_row_sent_again_after_its_lease_carries_the_same_idempotency_key(dbc, backends, gateway):
    """At least once: a worker that sent but could not mark before its lease ended (here: its clock
    behind) has its row sent again by another; the repeat carries the same key, and the late mark
    changes nothing."""
    row = make_outbox(at=T0)
    [stale] = outbox.claim("slow-worker", T0)
    assert outbox.run_once("w2", backends, at(T0 + 10 * MINUTE)).sent == 1

    assert outbox.deliver(stale, "slow-worker", backends, at(T0 + MINUTE)) == "lost"

    assert [d["id"] for d in gateway.delivered] == [row.id, row.id]
    assert [r["headers"]["Idempotency-Key"] for r in gateway.requests] == [f"outbox-{row.id}"] * 2
    row = fresh(row)
    assert (row.status, row.claimed_by, row.sent_at) == ("sent", "w2", T0 + 10 * MINUTE)


def test_a_claim_near_its_end_is_put_back_unsent(dbc, backends, gateway):
    row = make_outbox(at=T0)
    [claimed] = outbox.claim("w1", T0)
    assert outbox.deliver(claimed, "w1", backends, at(T0 + 9 * MINUTE)) == "released"
    assert gateway.requests == []
    row = fresh(row)
    assert (row.status, row.attempts, row.claimed_by, row.claimed_at) == ("pending", 0, "", None)


def test_a_row_whose_worker_was_killed_ten_times_is_failed_without_sending(dbc, backends, gateway):
    row = make_outbox(at=T0, status="sending", attempts=10, claimed_by="killed-worker", claimed_at=T0)
    summary = outbox.run_once("w2", backends, at(T0 + 10 * MINUTE))
    assert summary.failed == 1
    assert (fresh(row).status, fresh(row).attempts) == ("failed", 11)
    assert gateway.requests == []


def test_a_worker_told_to_stop_puts_the_rest_of_its_batch_back(dbc, backends, gateway):
    rows = [make_outbox(address=f"1391234567{i}", at=T0) for i in range(3)]
    stop = threading.Event()

    class StopAfterOne:
        def send(self, row):
            backends["sms"].send(row)
            stop.set()

    summary = outbox.run_once("w1", {"sms": StopAfterOne()}, at(T0), stop=stop)
    assert (summary.sent, summary.released) == (1, 2)
    assert [(fresh(r).status, fresh(r).attempts, fresh(r).claimed_by) for r in rows] == [
        ("sent", 1, "w1"), ("pending", 0, ""), ("pending", 0, "")]
    assert [d["id"] for d in gateway.delivered] == [rows[0].id]


def test_the_loop_runs_full_batches_back_to_back_and_stops_when_told(dbc, backends, gateway):
    rows = [make_outbox(address=f"138{i:08d}", at=T0) for i in range(25)]
    stop, lines = threading.Event(), []

    def report(line):
        lines.append(line)
        if len(lines) == 2:
            stop.set()

    outbox.run_loop("w1", backends, stop, interval=3600, report=report, now_fn=at(T0))
    assert lines == ["发送通知：已发送 20 条，稍后重试 0 条，放弃 0 条。", "发送通知：已发送 5 条，稍后重试 0 条，放弃 0 条。"]
    assert sorted(d["id"] for d in gateway.delivered) == [row.id for row in rows]


def test_workers_claiming_at_once_never_share_a_row(app, dbc):
    rows = [make_outbox(address=f"137{i:08d}", at=T0) for i in range(30)]
    workers = [f"w{i}" for i in range(6)]

    results = run_together(app, *[lambda name=name: [row.id for row in outbox.claim(name, T0, limit=8)]
                                  for name in workers])

    assert not [r for r in results if isinstance(r, Exception)], results
    claimed = [row_id for ids in results for row_id in ids]
    assert sorted(claimed) == [row.id for row in rows]  # every row once: 6 × 8 places for 30 rows
    owners = {row.id: row.claimed_by for row in Outbox.select()}
    for name, ids in zip(workers, results, strict=True):
        assert all(owners[row_id] == name for row_id in ids)


def test_workers_sending_at_once_deliver_every_row_exactly_once(app, dbc, backends, gateway, mail):
    texts = [make_outbox(address=f"136{i:08d}", at=T0) for i in range(40)]
    letters = [make_outbox(channel="email", address=f"p{i}@example.cn", subject="通知", body="请登录查看。",
                           link="/me/", at=T0) for i in range(20)]

    def worker(name):
        sent = 0
        while (summary := outbox.run_once(name, backends, at(T0), limit=3)).claimed:
            sent += summary.sent
        return sent

    results = run_together(app, *[lambda name=f"w{i}": worker(name) for i in range(5)])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 60
    sms_ids = collections.Counter(d["id"] for d in gateway.delivered)
    mail_ids = collections.Counter(m["message"]["Message-ID"] for m in mail.received)
    assert sms_ids == {row.id: 1 for row in texts}
    assert mail_ids == {f"<outbox-{row.id}@jianxi>": 1 for row in letters}
    assert len(gateway.requests) == 40
    statuses = collections.Counter((row.status, row.attempts) for row in Outbox.select())
    assert statuses == {("sent", 1): 60}
    assert len({row.claimed_by for row in Outbox.select()}) > 1  # the work was shared
