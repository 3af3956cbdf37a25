"""When the signed session cookie goes out with a response.

A signed-in session ends after PERMANENT_SESSION_LIFETIME without a request (auth/sessions.py), so
Flask signs the cookie again with every response (≈ 0.4 KB each, on a phone's weak link). Here a
response whose session is unchanged sends it again only once the cookie is a few minutes old: the
session still never outlives the limit after its last request, it may end up to those minutes
sooner. Static files never send it (web/headers.py): the page that fetched them has just done so.
"""
import datetime
import time

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from .headers import is_static_file

REFRESH_AFTER = datetime.timedelta(minutes=5)


class SignedAtSession(SecureCookieSession):
    signed_at: float | None = None  # when the cookie this session came in was signed (epoch seconds)


class SessionCookie(SecureCookieSessionInterface):
    session_class = SignedAtSession

    def open_session(self, app, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            data, signed_at = serializer.loads(
                value, max_age=int(app.permanent_session_lifetime.total_seconds()), return_timestamp=True
            )
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app, session) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        refresh_after = min(REFRESH_AFTER, app.permanent_session_lifetime / 10).total_seconds()
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= refresh_after

    def save_session(self, app, session, response) -> None:
        # A file is the same for everyone: no Vary: Cookie either, which would keep shared caches from it.
        if not is_static_file():
            super().save_session(app, session, response)


def init_app(app) -> None:
    app.session_interface = SessionCookie()
