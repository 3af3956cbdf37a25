"""Settings from the environment, with defaults that are safe for a single machine."""
import datetime
import os
import secrets
from pathlib import Path

from .services import clock


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        # O_EXCL: when several gunicorn workers start together, one writes and the rest read.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: Path) -> dict:
    instance_path.mkdir(parents=True, exist_ok=True)
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'jianxi.sqlite3'}"
        ),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance_path / "uploads")),
        # Empty: attachments in UPLOAD_DIR. s3://KEY:SECRET@host:port/bucket[?secure=0]: in that
        # bucket, shared by every app server (UPLOAD_DIR then only holds uploads still arriving).
        "STORAGE_URL": os.environ.get("STORAGE_URL", ""),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "TRUST_PROXY_HEADERS": _flag("TRUST_PROXY_HEADERS"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # A signed-in session ends after this long without a request (the cookie is re-signed
        # on every request, and an older signature is refused).
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "120"))),
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        "TIMEZONE": os.environ.get("TIMEZONE", clock.DEFAULT_TIMEZONE),
        # Seconds a proxy may serve a public search page without asking again (0: always ask,
        # answered with a 304 when nothing changed).
        "PUBLIC_SEARCH_MAX_AGE": int(os.environ.get("PUBLIC_SEARCH_MAX_AGE", "0")),
        # How a server learns the catalogue's data version (search.version_watch): empty chooses
        # `listen` (NOTIFY) on PostgreSQL and `poll` (twice a second) on SQLite; `read` asks per request.
        "CATALOG_VERSION_WATCH": os.environ.get("CATALOG_VERSION_WATCH", ""),
        # Notices (services.notice_backends): `log` writes one line per SMS or e-mail and sends
        # nothing; `http` posts SMS to the operator's gateway, `smtp` sends e-mail.
        "NOTICE_SMS_BACKEND": os.environ.get("NOTICE_SMS_BACKEND", "log"),
        "SMS_GATEWAY_URL": os.environ.get("SMS_GATEWAY_URL", ""),
        "SMS_GATEWAY_KEY": os.environ.get("SMS_GATEWAY_KEY", ""),
        "NOTICE_EMAIL_BACKEND": os.environ.get("NOTICE_EMAIL_BACKEND", "log"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _flag("SMTP_STARTTLS"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", ""),
        # The service's address as people reach it (https://jianxi.example.cn): e-mails link to it.
        "SERVICE_URL": os.environ.get("SERVICE_URL", ""),
        "WTF_CSRF_TIME_LIMIT": None,
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/plain",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 512,
        # 7 rather than 5: a form page ≈ 4 % smaller (/apply/ 6.3 → 6.0 KB) for ≈ 0.3 ms more CPU (issue 25).
        "COMPRESS_BR_LEVEL": 7,
        "COMPRESS_LEVEL": 6,
    }
