"""Flask-WTF's CSRF protection without signing or unsigning the same token again at every request.

Flask-WTF signs the session's raw CSRF value into a token once per request (cached in `g`) and, on
every POST, unsigns the token sent (an HMAC, base64 and zlib) before comparing it with the session's
value. With no time limit on tokens (`WTF_CSRF_TIME_LIMIT = None`, this app's setting), a token that
was signed or verified once for a raw value stays valid for it: so each process remembers, in two
bounded tables, the token it signed for each raw value and the raw value each token it made or
verified carries. A POST whose token is in the table is accepted exactly when that raw value
matches the session's (the comparison Flask-WTF makes, and its referrer check over HTTPS); any other
token goes through Flask-WTF's full check. With a time limit configured the tables are not used
(a token's age would matter).
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf, same_origin

FIELD = "csrf_token"
LIMIT = 50_000  # entries per table and process; a full table is emptied


def _tables(app: Flask) -> tuple[dict[str, str], dict[str, str]] | None:
    """(raw value -> token signed for it, token -> raw value it carries), or None when tokens expire."""
    if app.config.get("WTF_CSRF_TIME_LIMIT") is not None or app.config.get("WTF_CSRF_FIELD_NAME", FIELD) != FIELD:
        return None
    tables: tuple[dict[str, str], dict[str, str]] = app.extensions.setdefault("csrf_tokens", ({}, {}))
    return tables


def _remember(tables: tuple[dict[str, str], dict[str, str]], token: str, raw: str) -> None:
    for table in tables:
        if len(table) >= LIMIT:
            table.clear()
    signed, carried = tables
    signed[raw], carried[token] = token, raw


def csrf_token() -> str:
    """The signed CSRF token of this request's session, as `flask_wtf.csrf.generate_csrf` gives it,
    signed once per session value and process."""
    found: str | None = g.get(FIELD)
    if found:
        return found
    tables = _tables(current_app)
    raw = session.get(FIELD)
    token = tables[0].get(raw) if tables is not None and isinstance(raw, str) else None
    if token is not None:
        setattr(g, FIELD, token)
        return token
    token = generate_csrf()
    if tables is not None:
        _remember(tables, token, session[FIELD])
    return str(token)


class CachedCSRFProtect(CSRFProtect):
    """`CSRFProtect`, checking a token it has already verified (or made) with one comparison."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = csrf_token
        app.context_processor(lambda: {"csrf_token": csrf_token})  # after Flask-WTF's: this one wins

    def protect(self, apply_exemptions: bool = False) -> Any:
        tables = _tables(current_app)
        if tables is None or request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return super().protect(apply_exemptions)
        sent = request.form.get(FIELD)
        raw = tables[1].get(sent) if sent else None
        stored = session.get(FIELD)
        if raw is None or not isinstance(stored, str) or not hmac.compare_digest(stored, raw):
            result = super().protect(apply_exemptions)  # the full check; raises CSRFError if it fails
            if sent and g.get("csrf_valid"):
                _remember(tables, sent, session[FIELD])
            return result
        if request.is_secure and current_app.config["WTF_CSRF_SSL_STRICT"]:  # as Flask-WTF checks it
            if not request.referrer:
                self._error_response("The referrer header is missing.")
            if not same_origin(request.referrer, f"https://{request.host}/"):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True
        return None
