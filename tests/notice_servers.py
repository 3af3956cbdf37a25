"""Real servers on loopback ports for the notice tests: an SMTP server (aiosmtpd) and an SMS gateway
(http.server in a thread). Each keeps everything it received, so a test counts deliveries where
they arrive, and can be told to fail (the gateway answers 500, the SMTP server stops) and recover."""
import contextlib
import datetime
import email
import email.policy
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.servers import free_port


class SmsGateway:
    """Takes {"id", "mobile", "text"} as JSON with `Authorization: Bearer <key>`; answers `status`
    (200 unless a test sets another). `requests` holds every request, `delivered` the bodies it took."""

    def __init__(self, key: str = "gateway-key"):
        self.key = key
        self.status = 200
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                status = gateway.status if self.headers["Authorization"] == f"Bearer {gateway.key}" else 401
                with gateway.lock:
                    gateway.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw,
                                             "body": json.loads(raw), "status": status})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def delivered(self) -> list[dict]:
        with self.lock:
            return [request["body"] for request in self.requests if 200 <= request["status"] < 300]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class MailServer:
    """An SMTP server keeping each message it accepted (parsed) with its envelope; `stop()` and
    `start()` take it down and bring it back on the same port. With `tls` (a cert and key file)
    it offers STARTTLS and requires it, and a login as `login` (user, password), before mail."""

    def __init__(self, tls: tuple[Path, Path] | None = None, login: tuple[str, str] | None = None):
        self.port = free_port()
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.tls, self.login = tls, login
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message,
                                  "raw": envelope.original_content})
        return "250 OK"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode(), auth_data.password.decode()) == self.login
        return AuthResult(success=ok, handled=False)

    def start(self) -> None:
        options = {}
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.tls)
            options = {"tls_context": context, "require_starttls": True, "auth_require_tls": True,
                       "authenticator": self._authenticate, "auth_required": True}
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost",
                                     **options)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[dict]:
        with self.lock:
            return list(self.messages)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(AssertionError, RuntimeError):  # already stopped by the test
            self.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, and its key, as PEM files in `folder`."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    # A fixed window far around any date a test runs on: the certificate never reads the clock.
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(datetime.datetime(2000, 1, 1))
                   .not_valid_after(datetime.datetime(2099, 1, 1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                               x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file
