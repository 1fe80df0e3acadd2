"""CSRF tokens signed once per session value and remembered by the process (quizapp/csrftokens.py):
the same answers as Flask-WTF's full check, for tokens seen before as for new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import CSRFProtect

from .conftest import PASSWORD, Clock, make_app
from .webhelpers import count_answers, csrf_token, form_for, snapshot

SETTINGS = {"deck": "openai-saga", "count": "5", "mode": "practice", "kinds": ["quote"]}


def _signed_up(app: Flask, name: str) -> FlaskClient:
    client = app.test_client()
    data = {"username": name, "password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/compte/inscription", data=data).status_code == 302
    return client


def test_a_session_keeps_one_token_and_a_known_token_still_passes(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    client = _signed_up(app, "alice")
    token = csrf_token(client, "/quiz/")
    assert csrf_token(client, "/quiz/") == token  # not signed again
    full_checks: list[str] = []
    full_check = CSRFProtect.protect

    def counted(self: CSRFProtect, *args: Any, **kwargs: Any) -> Any:
        full_checks.append(token)
        return full_check(self, *args, **kwargs)

    monkeypatch.setattr(CSRFProtect, "protect", counted)
    for _ in range(2):  # the second time, the token is one the process has already verified
        assert client.post("/quiz/", data={**SETTINGS, "csrf_token": token}).status_code == 303
    tables = app.extensions["csrf_tokens"]
    assert token in tables[1]
    assert len(full_checks) <= 1  # a known token never goes through Flask-WTF's unsigning again


def test_a_known_token_is_worthless_in_another_session(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True)
    alice, bob = _signed_up(app, "alice"), _signed_up(app, "bob")
    token = csrf_token(alice, "/quiz/")
    started = alice.post("/quiz/", data={**SETTINGS, "csrf_token": token})
    attempt_id = int(started.headers["Location"].split("/")[2])
    assert csrf_token(bob, "/quiz/") != token  # bob has a session value of his own
    refused = bob.post("/quiz/", data={**SETTINGS, "csrf_token": token})  # alice's, known to the process
    assert refused.status_code == 400 and "jeton de sécurité" in refused.get_data(as_text=True)
    answer = form_for(snapshot(app, attempt_id, 1))
    assert bob.post(f"/quiz/{attempt_id}/1", data={**answer, "csrf_token": token}).status_code == 400
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert alice.post(f"/quiz/{attempt_id}/1", data={**answer, "csrf_token": tampered}).status_code == 400
    assert count_answers(app) == 0


def test_tokens_with_a_time_limit_are_always_checked_in_full(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=3600)
    client = _signed_up(app, "alice")
    token = csrf_token(client, "/quiz/")
    assert client.post("/quiz/", data={**SETTINGS, "csrf_token": token}).status_code == 303
    assert "csrf_tokens" not in app.extensions
