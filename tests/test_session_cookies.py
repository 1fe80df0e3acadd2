"""The session cookie verified once per process (`quizapp/sessioncookies.py`): the same answers as
Flask's own check, for the same cookie, for a changed one, an expired one and a forged one."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from flask import Flask, flash, get_flashed_messages, session
from flask.testing import FlaskClient

from quizapp import sessioncookies
from quizapp.sessioncookies import RememberedCookies


@pytest.fixture
def app() -> Flask:
    app = Flask("cookies")
    app.secret_key = "test"
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=1)
    app.session_interface = RememberedCookies()

    @app.post("/set/<name>")
    def set_name(name: str) -> str:
        session["name"] = name
        session["seen"] = []
        return "ok"

    @app.get("/read")
    def read() -> dict[str, Any]:
        return {"name": session.get("name"), "seen": session.get("seen")}

    @app.post("/touch")
    def touch() -> str:
        seen = session["seen"]
        seen.append("x")  # changed in place, then stored again, as Flask's flash() does
        session["seen"] = seen
        return "ok"

    @app.post("/flash")
    def add_flash() -> str:
        flash("bonjour")
        return "ok"

    @app.get("/flashes")
    def flashes() -> dict[str, Any]:
        return {"messages": get_flashed_messages()}

    return app


def cookie(client: FlaskClient) -> str:
    found = client.get_cookie("session")
    assert found is not None
    return found.value


def test_the_same_cookie_is_verified_once_and_read_the_same(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    client.post("/set/alice")
    checks: list[str] = []
    loads = sessioncookies.SecureCookieSessionInterface.get_signing_serializer

    def counting(self: Any, app: Flask) -> Any:
        serializer = loads(self, app)
        original = serializer.loads
        serializer.loads = lambda *a, **k: (checks.append("full"), original(*a, **k))[1]
        return serializer

    monkeypatch.setattr(RememberedCookies, "get_signing_serializer", counting)
    for _ in range(3):
        assert client.get("/read").json == {"name": "alice", "seen": []}
    assert checks == ["full"]  # once for this cookie value, then remembered


def test_a_request_changing_its_session_in_place_leaves_the_remembered_data_intact(app: Flask) -> None:
    client = app.test_client()
    client.post("/set/alice")
    sent = cookie(client)
    client.post("/touch")
    assert client.get("/read").json == {"name": "alice", "seen": ["x"]}  # the new cookie
    client.set_cookie("session", sent)  # the old cookie again (another tab, the back button)
    assert client.get("/read").json == {"name": "alice", "seen": []}


def test_a_message_is_shown_once(app: Flask) -> None:
    client = app.test_client()
    client.post("/flash")
    assert client.get("/flashes").json == {"messages": ["bonjour"]}
    assert client.get("/flashes").json == {"messages": []}


def test_a_remembered_cookie_expires_like_a_new_one(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    client.post("/set/alice")
    assert client.get("/read").json["name"] == "alice"  # now remembered
    later = time.time() + 3601
    monkeypatch.setattr(sessioncookies.time, "time", lambda: later)
    assert client.get("/read").json["name"] is None
    app.extensions.pop("session_cookies")  # Flask's own check says the same
    import itsdangerous.timed

    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    assert client.get("/read").json["name"] is None


def test_a_forged_or_other_keys_cookie_opens_an_empty_session(app: Flask) -> None:
    client = app.test_client()
    client.post("/set/alice")
    good = cookie(client)
    client.set_cookie("session", good[:-2] + ("AA" if good[-2:] != "AA" else "BB"))
    assert client.get("/read").json["name"] is None
    other = Flask("other")  # another server, another key
    other.secret_key = "another key"
    other.session_interface = RememberedCookies()
    other.add_url_rule("/read", view_func=lambda: {"name": session.get("name")})
    stranger = other.test_client()
    stranger.set_cookie("session", good)
    assert stranger.get("/read").json == {"name": None}


def test_the_table_is_bounded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessioncookies, "LIMIT", 3)
    for n in range(5):
        client = app.test_client()
        client.post(f"/set/user{n}")
        assert client.get("/read").json["name"] == f"user{n}"
        assert len(app.extensions["session_cookies"][1]) <= 3


def test_new_signing_keys_verify_again_and_a_fallback_key_still_opens_old_cookies(app: Flask) -> None:
    client = app.test_client()
    client.post("/set/alice")
    assert client.get("/read").json["name"] == "alice"  # remembered under the key "test"
    app.secret_key = "rotated"
    assert client.get("/read").json["name"] is None  # the old key is gone: Flask's check refuses it
    app.config["SECRET_KEY_FALLBACKS"] = ["test"]
    assert client.get("/read").json["name"] == "alice"  # accepted through the fallback, as by Flask


def test_a_cookie_signed_in_the_future_opens_an_empty_session(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    import itsdangerous.timed

    ahead = time.time() + 600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: ahead)
    client.post("/set/alice")  # signed ten minutes ahead
    monkeypatch.undo()
    assert client.get("/read").json["name"] is None  # itsdangerous: a negative age is refused
    assert client.get("/read").json["name"] is None  # and never remembered as valid
