"""`flask --app wsgi send-notices` (jianxi/cli.py): once, with the backends the settings choose, and
`--loop` as systemd runs it, until SIGTERM. The worker itself is tested in tests/services/test_outbox.py."""
import datetime
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from jianxi.models import Outbox
from tests.factories import make_outbox
from tests.notice_servers import MailServer, SmsGateway

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).with_name("flask")
LONG_AGO = datetime.datetime(2020, 1, 6, 9, 0)  # due whatever the date the suite runs on


def test_send_notices_once_with_the_default_log_backends_writes_a_line_each_and_a_summary(app, dbc, caplog):
    sms = make_outbox(address="13912345678", body="【山西就业见习】请确认见习协议。", at=LONG_AGO)
    letter = make_outbox(channel="email", address="li@example.cn", subject="见习协议待确认", body="请确认见习协议。",
                         link="/me/placements/3", at=LONG_AGO)
    with caplog.at_level("INFO", logger="jianxi.notices"):
        result = app.test_cli_runner().invoke(args=["send-notices"])
    assert result.exit_code == 0, result.output
    assert result.output == "发送通知：已发送 2 条，稍后重试 0 条，放弃 0 条。\n"
    assert [record.getMessage() for record in caplog.records] == [
        f"outbox {sms.id} sms to 139****5678 not sent (log backend): 【山西就业见习】请确认见习协议。",
        f"outbox {letter.id} email to l***@example.cn not sent (log backend): 见习协议待确认 请确认见习协议。 /me/placements/3",
    ]
    assert {row.status for row in Outbox.select()} == {"sent"}


def test_send_notices_once_through_the_gateway_and_smtp_the_settings_name(app, dbc):
    sms = make_outbox(address="13912345678", body="【山西就业见习】您有新的录用通知。", at=LONG_AGO)
    letter = make_outbox(channel="email", address="li@example.cn", subject="录用通知", body="您有新的录用通知。",
                         link="/me/offers/5", at=LONG_AGO)
    with SmsGateway(key="k-123") as gateway, MailServer() as mail:
        app.config.update(NOTICE_SMS_BACKEND="http", SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_KEY="k-123",
                          NOTICE_EMAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=mail.port,
                          MAIL_FROM="noreply@jianxi.example.cn", SERVICE_URL="https://jianxi.example.cn/")
        result = app.test_cli_runner().invoke(args=["send-notices"])
        assert result.output == "发送通知：已发送 2 条，稍后重试 0 条，放弃 0 条。\n"
        assert gateway.delivered == [{"id": sms.id, "mobile": "13912345678", "text": "【山西就业见习】您有新的录用通知。"}]
        message = mail.received[0]["message"]
        assert message["Message-ID"] == f"<outbox-{letter.id}@jianxi>"
        assert message.get_content() == "您有新的录用通知。\n\nhttps://jianxi.example.cn/me/offers/5\n"


def test_send_notices_with_an_unknown_backend_stops_before_claiming_anything(app, dbc):
    row = make_outbox(at=LONG_AGO)
    app.config["NOTICE_SMS_BACKEND"] = "aliyun"
    result = app.test_cli_runner().invoke(args=["send-notices"])
    assert result.exit_code == 1
    assert "NOTICE_SMS_BACKEND 应为 log 或 http，而不是 'aliyun'" in result.output
    assert Outbox.get_by_id(row.id).status == "pending"


def test_send_notices_loop_sends_as_rows_arrive_and_exits_cleanly_on_sigterm(app, dbc, database_url):
    first = make_outbox(address="13912345678", at=LONG_AGO)
    with SmsGateway() as gateway:
        environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
                       "PYTHONUNBUFFERED": "1", "NOTICE_SMS_BACKEND": "http", "SMS_GATEWAY_URL": gateway.url,
                       "SMS_GATEWAY_KEY": gateway.key}
        worker = subprocess.Popen([str(FLASK), "--app", "wsgi", "send-notices", "--loop", "--interval", "0.1"],
                                  cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = _lines_of(worker)
        try:
            assert lines.get(timeout=30).endswith("开始运行（每 0.1 秒查看一次）。")
            assert lines.get(timeout=30) == "发送通知：已发送 1 条，稍后重试 0 条，放弃 0 条。"
            second = make_outbox(address="13800000000", at=LONG_AGO)
            assert lines.get(timeout=30) == "发送通知：已发送 1 条，稍后重试 0 条，放弃 0 条。"
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0, worker.stderr.read()
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        assert lines.get(timeout=5).endswith("已停止。")
        assert [d["id"] for d in gateway.delivered] == [first.id, second.id]
    assert {row.status for row in Outbox.select()} == {"sent"}


def _lines_of(process: subprocess.Popen) -> queue.Queue:
    """The process's output lines as they come, for reading with a time limit."""
    lines = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return lines
