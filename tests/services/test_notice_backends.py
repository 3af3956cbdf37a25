"""services.notice_backends: each backend against a real server on a loopback port (an SMS gateway
made with http.server, an SMTP server made with aiosmtpd), the log backend, and the backends the
settings choose."""
import base64
import email.utils
import json
import smtplib
import ssl
import urllib.error

import pytest

from jianxi import config
from jianxi.models import Outbox
from jianxi.services import notice_backends
from jianxi.services.notice_backends import HttpSmsGateway, LogBackend, Refused, SettingsError, SmtpMailer
from tests.factories import make_outbox
from tests.notice_servers import MailServer, SmsGateway, self_signed_certificate

SERVICE_URL = "https://jianxi.example.cn"
MAIL_FROM = "山西就业见习 <noreply@jianxi.example.cn>"
SMS_TEXT = "【山西就业见习】您的就业见习人员申请已审核通过，请登录查看。"


@pytest.fixture
def gateway():
    with SmsGateway() as server:
        yield server


@pytest.fixture
def mail():
    with MailServer() as server:
        yield server


def loaded(row: Outbox) -> Outbox:
    """The row as the worker reads it (with its message)."""
    return Outbox.get_by_id(row.id)


def test_http_gateway_posts_id_mobile_and_text_as_utf8_json_with_the_key(dbc, gateway):
    row = make_outbox(address="13912345678", body=SMS_TEXT)
    HttpSmsGateway(gateway.url, "gateway-key").send(loaded(row))
    [request] = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["headers"]["Authorization"] == "Bearer gateway-key"
    assert request["headers"]["Idempotency-Key"] == f"outbox-{row.id}"
    assert json.loads(request["raw"].decode("utf-8")) == {"id": row.id, "mobile": "13912345678", "text": SMS_TEXT}
    assert SMS_TEXT.encode("utf-8") in request["raw"]  # UTF-8 itself, not \u escapes


@pytest.mark.parametrize("status", [500, 503, 401, 302])
def test_http_gateway_answering_other_than_2xx_raises(dbc, gateway, status):
    gateway.status = status
    with pytest.raises(urllib.error.HTTPError) as raised:
        HttpSmsGateway(gateway.url, "gateway-key").send(loaded(make_outbox()))
    assert raised.value.code == status
    assert not isinstance(raised.value, Refused)


def test_http_gateway_refusing_the_message_raises_refused(dbc, gateway):
    gateway.status = 400
    with pytest.raises(Refused, match="HTTP 400"):
        HttpSmsGateway(gateway.url, "gateway-key").send(loaded(make_outbox()))


def test_http_gateway_with_the_wrong_key_is_not_accepted(dbc, gateway):
    with pytest.raises(urllib.error.HTTPError):
        HttpSmsGateway(gateway.url, "wrong-key").send(loaded(make_outbox()))
    assert gateway.delivered == []


def test_http_gateway_that_is_down_raises(dbc):
    with SmsGateway() as server:
        url = server.url
    with pytest.raises(urllib.error.URLError):
        HttpSmsGateway(url, "gateway-key", timeout=2).send(loaded(make_outbox()))


def test_smtp_sends_utf8_subject_and_text_ending_with_the_absolute_link(dbc, mail):
    row = make_outbox(channel="email", address="zhangsan@example.cn", subject="【山西就业见习】申请已审核通过",
                      body="您的就业见习人员申请已审核通过。", link="/me/applications/7")
    SmtpMailer("127.0.0.1", mail.port, MAIL_FROM, SERVICE_URL).send(loaded(row))
    [received] = mail.received
    assert received["from"] == "noreply@jianxi.example.cn"
    assert received["to"] == ["zhangsan@example.cn"]
    message = received["message"]
    assert message["Subject"] == "【山西就业见习】申请已审核通过"
    assert message["To"] == "zhangsan@example.cn"
    assert email.utils.parseaddr(message["From"]) == ("山西就业见习", "noreply@jianxi.example.cn")
    assert message["Message-ID"] == f"<outbox-{row.id}@jianxi>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    text = "您的就业见习人员申请已审核通过。\n\nhttps://jianxi.example.cn/me/applications/7\n"
    assert message.get_content() == text
    # What travelled: 7-bit headers and a base64 body of the UTF-8 text, readable by any MTA.
    raw = received["raw"]
    assert raw.isascii()
    assert base64.b64encode(text.encode("utf-8"))[:40] in raw.replace(b"\r\n", b"")


def test_smtp_without_a_message_sends_the_text_alone(dbc, mail):
    row = make_outbox(channel="email", address="li@example.cn", subject="验证码", body="验证码 123456，10分钟内有效。")
    SmtpMailer("127.0.0.1", mail.port, "noreply@jianxi.example.cn", SERVICE_URL).send(loaded(row))
    assert mail.received[0]["message"].get_content() == "验证码 123456，10分钟内有效。\n"


def test_smtp_with_starttls_and_a_login(dbc, tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    trusting_the_test_certificate = ssl.create_default_context(cafile=str(cert))
    row = make_outbox(channel="email", address="wang@example.cn", subject="通知", body="请登录查看。", link="/me/")
    with MailServer(tls=(cert, key), login=("jianxi", "smtp-secret")) as mail:
        SmtpMailer("localhost", mail.port, MAIL_FROM, SERVICE_URL, user="jianxi", password="smtp-secret",
                   starttls=True, tls_context=trusting_the_test_certificate).send(loaded(row))
        with pytest.raises(smtplib.SMTPAuthenticationError):
            SmtpMailer("localhost", mail.port, MAIL_FROM, SERVICE_URL, user="jianxi", password="wrong",
                       starttls=True, tls_context=trusting_the_test_certificate).send(loaded(row))
        with pytest.raises(smtplib.SMTPException):  # the server requires STARTTLS before anything else
            SmtpMailer("localhost", mail.port, MAIL_FROM, SERVICE_URL).send(loaded(row))
        assert [m["message"]["Message-ID"] for m in mail.received] == [f"<outbox-{row.id}@jianxi>"]


def test_smtp_server_that_is_down_raises(dbc, mail):
    mail.stop()
    with pytest.raises(OSError):
        SmtpMailer("127.0.0.1", mail.port, MAIL_FROM, SERVICE_URL, timeout=2).send(loaded(make_outbox(channel="email")))


def test_smtp_refusing_the_recipient_for_good_raises_refused(dbc, mail):
    class RefusingRecipients:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802 - aiosmtpd's hook
            return "550 5.1.1 mailbox unavailable"

    mail.stop()
    from aiosmtpd.controller import Controller

    refusing = Controller(RefusingRecipients(), hostname="127.0.0.1", port=mail.port)
    refusing.start()
    try:
        with pytest.raises(Refused, match="550"):
            SmtpMailer("127.0.0.1", mail.port, MAIL_FROM, SERVICE_URL).send(
                loaded(make_outbox(channel="email", address="nobody@example.cn")))
    finally:
        refusing.stop()


def test_log_backend_writes_one_line_and_sends_nothing(dbc, caplog, gateway, mail):
    sms = make_outbox(address="13912345678", body=SMS_TEXT)
    mail_row = make_outbox(channel="email", address="zhangsan@example.cn", subject="申请已审核通过", body="请登录查看。",
                           link="/me/applications/7")
    backend = LogBackend(SERVICE_URL)
    with caplog.at_level("INFO", logger="jianxi.notices"):
        backend.send(loaded(sms))
        backend.send(loaded(mail_row))
    assert [record.getMessage() for record in caplog.records] == [
        f"outbox {sms.id} sms to 139****5678 not sent (log backend): {SMS_TEXT}",
        f"outbox {mail_row.id} email to z***@example.cn not sent (log backend): 申请已审核通过 请登录查看。 "
        "https://jianxi.example.cn/me/applications/7",
    ]
    assert gateway.requests == [] and mail.received == []


def test_settings_choose_the_log_backends_by_default(tmp_path, monkeypatch):
    for name in ("NOTICE_SMS_BACKEND", "NOTICE_EMAIL_BACKEND", "SMTP_PORT", "SMTP_STARTTLS", "SERVICE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = config.from_environment(tmp_path)
    backends = notice_backends.from_settings(settings)
    assert isinstance(backends["sms"], LogBackend) and isinstance(backends["email"], LogBackend)
    assert (settings["SMTP_PORT"], settings["SMTP_STARTTLS"], settings["SERVICE_URL"]) == (25, False, "")


def test_settings_from_the_environment_choose_the_gateway_and_smtp(tmp_path, monkeypatch):
    environment = {
        "NOTICE_SMS_BACKEND": "http", "SMS_GATEWAY_URL": "https://sms.example.cn/send", "SMS_GATEWAY_KEY": "k1",
        "NOTICE_EMAIL_BACKEND": "smtp", "SMTP_HOST": "smtp.example.cn", "SMTP_PORT": "587", "SMTP_USER": "u",
        "SMTP_PASSWORD": "p", "SMTP_STARTTLS": "1", "MAIL_FROM": "noreply@example.cn",
        "SERVICE_URL": "https://jianxi.example.cn",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    backends = notice_backends.from_settings(config.from_environment(tmp_path))
    sms, mailer = backends["sms"], backends["email"]
    assert (sms.url, sms.key) == ("https://sms.example.cn/send", "k1")
    assert (mailer.host, mailer.port, mailer.user, mailer.password, mailer.starttls, mailer.mail_from,
            mailer.service_url) == ("smtp.example.cn", 587, "u", "p", True, "noreply@example.cn",
                                    "https://jianxi.example.cn")


@pytest.mark.parametrize(("settings", "complaint"), [
    ({"NOTICE_SMS_BACKEND": "aliyun"}, "NOTICE_SMS_BACKEND 应为 log 或 http"),
    ({"NOTICE_EMAIL_BACKEND": "sendmail"}, "NOTICE_EMAIL_BACKEND 应为 log 或 smtp"),
    ({"NOTICE_SMS_BACKEND": "http", "SMS_GATEWAY_URL": "https://sms.example.cn"}, "SMS_GATEWAY_KEY"),
    ({"NOTICE_EMAIL_BACKEND": "smtp", "SMTP_HOST": "localhost", "MAIL_FROM": "a@example.cn"}, "SERVICE_URL"),
])
def test_settings_that_name_an_unknown_backend_or_leave_out_its_address_are_refused(settings, complaint):
    with pytest.raises(SettingsError, match=complaint):
        notice_backends.from_settings(settings)
