"""The device cookie: a browser that has signed in to an account before says so, signed by the
server, so strangers' failed guesses elsewhere never lock that browser out (services/signin.py)."""
import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "jx_device"
ONE_YEAR = 365 * 24 * 3600


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="device-cookie")


def device_for(username: str) -> str | None:
    """The device id this browser holds for `username`, if its cookie is genuine and recent."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        value = _signer().loads(raw, max_age=ONE_YEAR)
    except BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != username.lower():
        return None
    return value.get("d") if isinstance(value.get("d"), str) else None


def remember(response: Response, username: str) -> Response:
    """After a successful sign-in: this browser is now one of the account's devices."""
    device = device_for(username) or secrets.token_hex(16)
    response.set_cookie(
        COOKIE,
        _signer().dumps({"u": username.lower(), "d": device}),
        max_age=ONE_YEAR,
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
    return response
