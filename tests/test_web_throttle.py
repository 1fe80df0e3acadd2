"""Log-in and registration throttling: guessing slows down, the owner is never locked out, no
password work is spent on a refused request (policy: docs/security.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, extract_parameters
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import LoginAttempt, User

from .conftest import PASSWORD, Clock, login, make_app, register

OWNER, ATTACKER, ELSEWHERE = "10.0.0.1", "10.6.6.6", "10.7.7.7"


def client_at(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def owner(app: Flask) -> FlaskClient:
    """alice, who registered from her own browser (which she then trusts) and logged out."""
    client = client_at(app, OWNER)
    assert register(client).status_code == 302
    client.post("/compte/deconnexion")
    return client


def rows(app: Flask, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


class Argon2Calls(Counter[str]):
    """How often argon2 hashed and verified (a spy on the library: the real work still runs)."""

    verified: list[str]


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Argon2Calls]:
    calls = Argon2Calls()
    calls.verified = []
    real_hash, real_verify = PasswordHasher.hash, PasswordHasher.verify

    def hash_spy(self: PasswordHasher, *args: Any, **kwargs: Any) -> str:
        calls["hash"] += 1
        return real_hash(self, *args, **kwargs)

    def verify_spy(self: PasswordHasher, stored: str, *args: Any, **kwargs: Any) -> bool:
        calls["verify"] += 1
        calls.verified.append(stored)
        return real_verify(self, stored, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", hash_spy)
    monkeypatch.setattr(PasswordHasher, "verify", verify_spy)
    yield calls


def test_a_strangers_guesses_do_not_lock_the_owner_out(app: Flask, owner: FlaskClient) -> None:
    attacker = client_at(app, ATTACKER)
    for _ in range(5):
        assert login(attacker, "alice", "guess guess").status_code == 400
    refused = login(attacker, "alice", "guess guess")
    assert refused.status_code == 429 and "réessayez dans 1 minute(s)" in refused.get_data(as_text=True)
    assert login(owner, "alice", PASSWORD).status_code == 302  # her browser, her address
    owner.post("/compte/deconnexion")
    newcomer = client_at(app, ELSEWHERE)  # an unknown browser elsewhere is not held back either
    assert login(newcomer, "alice", PASSWORD).status_code == 302


def test_delays_double_per_account_and_address(app: Flask, owner: FlaskClient, clock: Clock) -> None:
    attacker = client_at(app, ATTACKER)
    for _ in range(5):
        assert login(attacker, "alice", "guess guess").status_code == 400
    for minutes in (1, 2, 4, 8, 15, 15):
        refused = login(attacker, "alice", PASSWORD)  # while it must wait, even the right password
        assert refused.status_code == 429
        assert f"réessayez dans {minutes} minute(s)" in refused.get_data(as_text=True)
        clock.advance(minutes=minutes)
        assert login(attacker, "alice", "guess guess").status_code == 400
    failures = rows(app, LoginAttempt)
    assert login(attacker, "alice", "guess guess").status_code == 429
    assert rows(app, LoginAttempt) == failures  # a refused try is not even recorded
    clock.advance(hours=1, minutes=1)  # the window has passed: a fresh start
    assert login(attacker, "alice", PASSWORD).status_code == 302


def test_an_address_guessing_many_accounts_is_capped(app: Flask, owner: FlaskClient, clock: Clock) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    attacker = client_at(app, ATTACKER)
    for name in ("u1", "u2", "u3"):
        assert login(attacker, name, "guess guess").status_code == 400
    capped = login(attacker, "alice", PASSWORD)
    assert capped.status_code == 429 and "réessayez dans 60 minute(s)" in capped.get_data(as_text=True)
    assert login(client_at(app, ELSEWHERE), "alice", PASSWORD).status_code == 302
    owner.environ_base["REMOTE_ADDR"] = ATTACKER  # the owner behind the same address, from her own browser
    assert login(owner, "alice", PASSWORD).status_code == 302


def test_an_account_under_a_distributed_attack_still_lets_its_owners_browser_in(app: Flask, owner: FlaskClient) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 4
    for n in range(4):
        assert login(client_at(app, f"10.6.6.{n}"), "alice", "guess guess").status_code == 400
    assert login(client_at(app, "10.6.6.99"), "alice", PASSWORD).status_code == 429  # unknown browsers wait
    owner.environ_base["REMOTE_ADDR"] = "10.1.1.1"  # the owner's browser, from a new address
    assert login(owner, "alice", PASSWORD).status_code == 302


def test_a_trusted_browser_is_slowed_by_its_own_failures_only(app: Flask, owner: FlaskClient) -> None:
    for _ in range(5):
        assert login(owner, "alice", "wrong guess").status_code == 400
    assert login(owner, "alice", PASSWORD).status_code == 429


def test_the_trusted_browser_cookie_is_signed_and_for_one_account(app: Flask, owner: FlaskClient) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 1
    assert login(client_at(app, ATTACKER), "alice", "guess guess").status_code == 400
    cookie = owner.get_cookie("quizapp_device", path="/compte/")
    assert cookie is not None and cookie.http_only and cookie.path == "/compte/"
    forged = client_at(app, ELSEWHERE)
    forged.set_cookie("quizapp_device", cookie.value[:-2] + "xx", path="/compte/")
    assert login(forged, "alice", PASSWORD).status_code == 429
    register(client_at(app, ELSEWHERE), "bob")  # bob's browser is trusted for bob, not for alice
    bobs = client_at(app, ELSEWHERE)
    bobs.set_cookie("quizapp_device", forged.get_cookie("quizapp_device", path="/compte/").value, path="/compte/")
    assert login(bobs, "alice", PASSWORD).status_code == 429
    copied = client_at(app, ELSEWHERE)
    copied.set_cookie("quizapp_device", cookie.value, path="/compte/")
    assert login(copied, "alice", PASSWORD).status_code == 302


def test_unknown_and_known_usernames_cost_the_same_work(app: Flask, owner: FlaskClient, argon2_calls: Argon2Calls) -> None:
    stranger = client_at(app, ATTACKER)
    login(stranger, "nobody", "not the password")  # the first one per process may make the stand-in hash
    argon2_calls.clear()
    argon2_calls.verified.clear()
    assert login(stranger, "alice", "not the password").status_code == 400
    known = dict(argon2_calls)
    argon2_calls.clear()
    assert login(stranger, "nobody", "not the password").status_code == 400
    assert login(stranger, "ghost", "not the password").status_code == 400
    assert dict(argon2_calls) == {"verify": 2} and known == {"verify": 1}
    real, *stand_ins = argon2_calls.verified
    assert stand_ins[0] == stand_ins[1]  # made once, not per call
    params = extract_parameters(real)
    assert extract_parameters(stand_ins[0]) == params  # the configured parameters: the same cost


def test_a_too_long_password_at_login_is_a_form_error_with_no_work(
    app: Flask, owner: FlaskClient, argon2_calls: Argon2Calls
) -> None:
    response = login(owner, "alice", "x" * 129)
    assert response.status_code == 400
    assert "128" in response.get_data(as_text=True)
    assert not argon2_calls and rows(app, LoginAttempt) == 0


def test_registration_is_throttled_per_address(app: Flask, clock: Clock, argon2_calls: Argon2Calls) -> None:
    for n in range(5):
        assert register(client_at(app, ATTACKER), f"bot{n}").status_code == 302
    argon2_calls.clear()
    refused = register(client_at(app, ATTACKER), "bot5")
    assert refused.status_code == 429
    assert "Trop de comptes créés depuis cette adresse : réessayez dans 60 minute(s)." in refused.get_data(as_text=True)
    assert not argon2_calls and rows(app, User) == 5
    assert register(client_at(app, ELSEWHERE), "alice").status_code == 302
    clock.advance(hours=1)
    assert register(client_at(app, ATTACKER), "bot5").status_code == 302


def test_failures_on_one_server_slow_down_the_next_try_on_another(tmp_path: Path, clock: Clock) -> None:
    """The tries are in the database: a second server on it sees the first one's failures."""
    first, second = make_app(tmp_path, clock), make_app(tmp_path, clock)
    register(client_at(first, OWNER), "alice")
    guesser = client_at(first, ATTACKER)
    for _ in range(first.config["LOGIN_FREE_FAILURES"]):
        assert login(guesser, "alice", "not the password").status_code == 400
    elsewhere = client_at(second, ATTACKER)
    response = login(elsewhere, "alice", "still not it")
    assert response.status_code == 429 and "réessayez dans" in response.get_data(as_text=True)
