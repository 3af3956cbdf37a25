"""How an outbox row leaves the service: one backend per channel, chosen by settings.

- SMS: `log` (one log line, nothing sent) or `http`, a JSON POST {"id", "mobile", "text"} to the
  operator's gateway with its key; a 2xx answer means sent.
- E-mail: `log` or `smtp` (smtplib), UTF-8 subject and text, the text ending with the page to act on
  as an absolute link (SERVICE_URL + the message's link).

A backend raises when it could not hand the message over; the worker (services.outbox) tries again
later, and `Refused` tells it that trying again cannot help (the gateway or the MTA refused this
address). Each message carries its outbox id as an idempotency key: the SMS's `id` and
`Idempotency-Key` header, the e-mail's Message-ID `<outbox-<id>@jianxi>`; a worker killed between
sending and marking sends the row again, and a gateway or MTA that keeps keys drops the repeat."""
import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol

from ..models import CHANNEL_EMAIL, CHANNEL_SMS, Outbox

log = logging.getLogger("jianxi.notices")

TIMEOUT_SECONDS = 10
SMS_BACKENDS = ("log", "http")
EMAIL_BACKENDS = ("log", "smtp")
# A gateway answering these refuses the message itself (a malformed number); others may pass.
REFUSED_HTTP = (400, 422)


class Refused(Exception):
    """The gateway or MTA refused this message for good: the worker gives up at once."""


class SettingsError(Exception):
    """The notice settings name an unknown backend or leave out what it needs."""


class Backend(Protocol):
    def send(self, row: Outbox) -> None:
        """Hand the message over, or raise."""


def idempotency_key(row: Outbox) -> str:
    return f"outbox-{row.id}"


def absolute_link(row: Outbox, service_url: str) -> str:
    """The page the message asks to act on, as a link that works from a mail client ('' if none)."""
    link = row.message.link if row.message_id else ""
    return f"{service_url.rstrip('/')}{link}" if link else ""


def email_text(row: Outbox, service_url: str) -> str:
    link = absolute_link(row, service_url)
    return f"{row.body}\n\n{link}\n" if link else f"{row.body}\n"


def masked(address: str) -> str:
    """139****5678, z***@example.cn: enough to tell rows apart in a log, not to contact anyone."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}" if len(address) >= 8 else "****"


class LogBackend:
    """Development and the default: one log line per message, nothing leaves the machine."""

    def __init__(self, service_url: str = ""):
        self.service_url = service_url

    def send(self, row: Outbox) -> None:
        if row.channel == CHANNEL_EMAIL:
            text = f"{row.subject} {email_text(row, self.service_url)}"
        else:
            text = row.body
        log.info("outbox %s %s to %s not sent (log backend): %s", row.id, row.channel, masked(row.address),
                 " ".join(text.split()))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would be repeated as a GET whose 200 says nothing about the SMS: an error."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpSmsGateway:
    """An SMS gateway that takes {"id", "mobile", "text"} as JSON with the key in Authorization."""

    def __init__(self, url: str, key: str, timeout: float = TIMEOUT_SECONDS):
        self.url, self.key, self.timeout = url, key, timeout
        self.opener = urllib.request.build_opener(_NoRedirects)

    def send(self, row: Outbox) -> None:
        body = json.dumps({"id": row.id, "mobile": row.address, "text": row.body}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.key}",
            "Idempotency-Key": idempotency_key(row),
        })
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code in REFUSED_HTTP:
                raise Refused(f"短信网关拒绝：HTTP {error.code} {error.read(200).decode(errors='replace')}") from error
            raise


class SmtpMailer:
    """E-mail through an SMTP server (a local MTA on port 25, or a provider's submission port with
    STARTTLS and a login)."""

    def __init__(self, host: str, port: int, mail_from: str, service_url: str, user: str = "", password: str = "",
                 starttls: bool = False, tls_context: ssl.SSLContext | None = None, timeout: float = TIMEOUT_SECONDS):
        self.host, self.port, self.mail_from, self.service_url = host, port, mail_from, service_url
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout
        self.tls_context = tls_context

    def message(self, row: Outbox) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.mail_from
        message["To"] = row.address
        message["Subject"] = row.subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = f"<{idempotency_key(row)}@jianxi>"
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
        message.set_content(email_text(row, self.service_url), charset="utf-8", cte="base64")
        return message

    def send(self, row: Outbox) -> None:
        message = self.message(row)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=self.tls_context or ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            try:
                smtp.send_message(message, from_addr=parseaddr(self.mail_from)[1], to_addrs=[row.address])
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _ in error.recipients.values()]
                if all(code >= 500 for code in codes):
                    raise Refused(f"邮件服务器拒绝收件人：{codes}") from error
                raise


def from_settings(settings: Mapping) -> dict[str, Backend]:
    """The backend of each channel, as the settings (config.from_environment) choose."""
    service_url = settings.get("SERVICE_URL", "")
    sms_name, email_name = settings.get("NOTICE_SMS_BACKEND", "log"), settings.get("NOTICE_EMAIL_BACKEND", "log")
    if sms_name not in SMS_BACKENDS:
        raise SettingsError(f"NOTICE_SMS_BACKEND 应为 {' 或 '.join(SMS_BACKENDS)}，而不是 {sms_name!r}")
    if email_name not in EMAIL_BACKENDS:
        raise SettingsError(f"NOTICE_EMAIL_BACKEND 应为 {' 或 '.join(EMAIL_BACKENDS)}，而不是 {email_name!r}")
    _require(settings, ("SMS_GATEWAY_URL", "SMS_GATEWAY_KEY") if sms_name == "http" else (), "NOTICE_SMS_BACKEND=http")
    _require(settings, ("SMTP_HOST", "MAIL_FROM", "SERVICE_URL") if email_name == "smtp" else (),
             "NOTICE_EMAIL_BACKEND=smtp")
    sms = HttpSmsGateway(settings["SMS_GATEWAY_URL"], settings["SMS_GATEWAY_KEY"]) if sms_name == "http" \
        else LogBackend(service_url)
    email = SmtpMailer(settings["SMTP_HOST"], int(settings.get("SMTP_PORT", 25)), settings["MAIL_FROM"], service_url,
                       settings.get("SMTP_USER", ""), settings.get("SMTP_PASSWORD", ""),
                       bool(settings.get("SMTP_STARTTLS"))) if email_name == "smtp" else LogBackend(service_url)
    return {CHANNEL_SMS: sms, CHANNEL_EMAIL: email}


def _require(settings: Mapping, names: tuple[str, ...], because: str) -> None:
    missing = [name for name in names if not settings.get(name)]
    if missing:
        raise SettingsError(f"{because} 需要设置 {'、'.join(missing)}")
