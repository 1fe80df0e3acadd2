"""Flask's signed session cookie, verified once per cookie value and process.

Flask opens the session on every request: it base64-decodes the cookie, checks its HMAC with a key
derived again each time, checks its age and parses its tagged JSON. A learner sends the same cookie
with every page and answer until something in the session changes (a log-in, a message). So each
process remembers, for each cookie it verified, the data it carried and when it was signed: the same
cookie is then accepted by one lookup, with the very age check itsdangerous makes (signed at most
`PERMANENT_SESSION_LIFETIME` ago, and not in the future); any other cookie goes through Flask's full
check; the table belongs to the signing keys it was verified with (`SECRET_KEY` and its
fallbacks). The data is copied out for each request (a request may change its session in place: a
message appended to a list), so what is remembered is what the cookie says. The table is bounded:
full, it is emptied.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

LIMIT = 20_000  # cookies remembered per process; a full table is emptied


def _copy(value: Any) -> Any:
    """A copy of the session's data deep enough that a request changing it leaves this one intact
    (the tagged JSON's containers are dicts and lists; its other values are immutable)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


class RememberedCookies(SecureCookieSessionInterface):
    """Flask's cookie sessions, a cookie verified once per process (module docstring)."""

    @staticmethod
    def _table(app: Flask) -> dict[str, tuple[dict[str, Any], int]]:
        """The cookies verified with the app's signing keys as they are now (new keys: a new table)."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept: tuple[Any, dict[str, tuple[dict[str, Any], int]]] | None = app.extensions.get("session_cookies")
        if kept is None or kept[0] != keys:
            kept = app.extensions["session_cookies"] = (keys, {})
        return kept[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:  # Flask's own answer: no session, or an empty one
            return super().open_session(app, request)
        table = self._table(app)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = table.get(cookie)
        if known is not None:
            data, signed_at = known
            age = int(time.time()) - signed_at  # as itsdangerous counts it
            return self.session_class(_copy(data)) if 0 <= age <= max_age else self.session_class()
        serializer = self.get_signing_serializer(app)  # built only for a cookie not verified yet
        assert serializer is not None  # there is a secret key
        try:
            data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:  # tampered, expired, or signed with another key: an empty session, as Flask does
            return self.session_class()
        if len(table) >= LIMIT:
            table.clear()
        table[cookie] = (_copy(data), int(signed.timestamp()))
        return self.session_class(data)
