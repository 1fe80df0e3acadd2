"""Trusted browsers: a signed cookie saying « this browser has signed in to this account before ».

Log-in throttling holds back unknown browsers; a trusted one is slowed down only by its own
failures, so a stranger's guesses never lock the owner out (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, request
from itsdangerous import BadData, URLSafeSerializer
from werkzeug.wrappers import Response

COOKIE = "quizapp_device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="trusted-device")


def trusted(username: str, now: dt.datetime) -> str | None:
    """This browser's id if its cookie is ours, recent enough, and for `username` (normalized)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        name, device, issued = _serializer().loads(raw)
    except (BadData, ValueError, TypeError):
        return None
    lifetime: dt.timedelta = current_app.config["TRUSTED_DEVICE_LIFETIME"]
    if name != username or now.timestamp() - issued > lifetime.total_seconds():
        return None
    return str(device)


def remember(response: Response, username: str, now: dt.datetime) -> None:
    """Mark this browser as trusted for `username` (after a successful log-in or registration)."""
    cfg = current_app.config
    value = _serializer().dumps([username, secrets.token_urlsafe(16), now.timestamp()])
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(cfg["TRUSTED_DEVICE_LIFETIME"].total_seconds()),
        path=f"{request.script_root}/compte/",  # sent to the log-in pages only
        secure=cfg["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def forget(response: Response) -> None:
    """This browser is trusted for no account any more (the account was deleted)."""
    response.delete_cookie(COOKIE, path=f"{request.script_root}/compte/", httponly=True, samesite="Lax")
