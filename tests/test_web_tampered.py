"""Hundreds of malformed or malicious requests over every route of the url map, with CSRF on:
not one 5xx, and not one row changed in any table.

The routes come from `app.url_map`, so a new route is covered (and must be, see the last assertion)
without touching this file. Each path argument is tried with sane values and, one at a time, with
hostile ones; each POST without a token, with a forged one and with another session's; then, with
a valid token, bodies the views must refuse (unknown choices, NUL bytes, invalid UTF-8, 1 MB
fields, foreign or impossible ids, wrong content types), and `next` values that try to inject headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import PathConverter, Rule

from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import accounts
from quizapp.urls import IdConverter

from .conftest import PASSWORD, Clock, make_app
from .webhelpers import csrf_token, every_row

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
HOSTILE_IDS = ["0", "-1", "01", str(2**63), "9" * 40, "1e3", "%00", "%ff", "١"]
HOSTILE_TEXT = ["nope", "%00", "%ff%fe", "..%2F..%2Fsecret_key", "%2e%2e", "x" * 2000, "<script>"]
HOSTILE_PATHS = ["../secret_key", "%2e%2e/%2e%2e/instance/secret_key", "..%2f..%2fquizapp%2fapp.py", "%00", "style.css%00.png"]
WRONG_METHODS = ["PUT", "DELETE", "PATCH"]
MEGABYTE = "x" * (1024 * 1024)
INJECTED_NEXT = ["/%0d%0aSet-Cookie:%20owned=1", "/%0a/evil.example", "/%09/evil.example", "//evil.example", "/%00"]
PLAUSIBLE = {  # what a real form of each page would send, token aside
    "username": "alice",
    "password": PASSWORD,
    "confirm": PASSWORD,
    "deck": "openai-saga",
    "count": "5",
    "mode": "practice",
    "kinds": "quote",
    "choice": "0",
    "rating": "3",
    "version": "0",
    "new_per_day": "5",
}


@dataclass
class Visitor:
    name: str
    client: FlaskClient
    token: str = ""


@dataclass
class World:
    app: Flask
    visitors: list[Visitor]
    own_attempt: int  # mallory's
    foreign_attempt: int  # alice's
    victim_id: int
    card_id: str
    sent: list[tuple[str, str, str, int]] = field(default_factory=list)  # (who, method, url, status)

    def by_name(self, name: str) -> Visitor:
        return next(v for v in self.visitors if v.name == name)


def sign_up(app: Flask, name: str, role: str = "learner") -> Visitor:
    client = app.test_client()
    token = csrf_token(client)
    data = {"username": name, "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
    assert client.post("/compte/inscription", data=data).status_code == 302
    if role != "learner":
        with app.app_context():
            accounts.set_role(name, role)
        token = csrf_token(client, "/compte/connexion")
        data = {"username": name, "password": PASSWORD, "csrf_token": token}
        assert client.post("/compte/connexion", data=data).status_code == 302
    return Visitor(name, client, csrf_token(client, "/quiz/"))


def start(visitor: Visitor) -> int:
    data = {"deck": "openai-saga", "count": "20", "mode": "practice", "kinds": ["quote", "chronology", "authored"]}
    response = visitor.client.post("/quiz/", data={**data, "csrf_token": visitor.token})
    assert response.status_code == 303
    return int(response.headers["Location"].split("/")[2])


@pytest.fixture
def world(tmp_path: Path, clock: Clock) -> Iterator[World]:
    app = make_app(tmp_path, clock, WTF_CSRF_ENABLED=True, CONTENT_CHECK_SECONDS=3600)
    alice, mallory = sign_up(app, "alice"), sign_up(app, "mallory")
    admin, author = sign_up(app, "chef", "admin"), sign_up(app, "autrice", "author")
    foreign, own = start(alice), start(mallory)
    with app.app_context():
        card_id = next(iter(app.extensions["decks"].cards()))
    with app.app_context():
        victim_id = db.session.scalar(select(User.id).where(User.username == "alice"))
    anonymous = Visitor("anonyme", app.test_client())
    anonymous.token = csrf_token(anonymous.client)
    yield World(app, [anonymous, mallory, admin, author], own, foreign, victim_id, card_id)
    with app.app_context():
        db.engine.dispose()


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    return every_row(app)


def urls(world: World, rule: Rule) -> list[str]:
    """The rule's URL with sane arguments, then with each argument, one at a time, made hostile."""
    sane: dict[str, str] = {}
    hostile: dict[str, list[str]] = {}
    for match in ARGUMENT.finditer(rule.rule):
        name, converter = match["name"], rule._converters[match["name"]]
        if isinstance(converter, IdConverter):
            sane[name] = {"user_id": str(world.victim_id), "position": "1"}.get(name, str(world.own_attempt))
            hostile[name] = [*HOSTILE_IDS, str(world.foreign_attempt)] if name == "attempt_id" else HOSTILE_IDS
        elif isinstance(converter, PathConverter):
            sane[name], hostile[name] = "style.css", HOSTILE_PATHS
        else:
            sane[name] = world.card_id if name == "card_id" else "openai-saga"
            hostile[name] = HOSTILE_TEXT

    def build(values: dict[str, str]) -> str:
        return ARGUMENT.sub(lambda m: values[m["name"]], rule.rule)

    found = [build(sane)]
    for name, values in hostile.items():
        found += [build({**sane, name: value}) for value in values]
    return found


def send(world: World, visitor: Visitor, method: str, url: str, **kwargs: Any) -> int:
    """Send one request, note it, and give its status (the response is closed: files are streamed)."""
    with visitor.client.open(url, method=method, **kwargs) as response:
        world.sent.append((visitor.name, method, url, response.status_code))
        return response.status_code


def refused_bodies(token: str) -> list[dict[str, Any]]:
    """Bodies carrying a valid token that every POST view taking fields must refuse."""
    junk: list[dict[str, Any]] = [
        {"data": {"choice": value, "rating": value, "new_per_day": value, "deck": value, "version": value, "csrf_token": token}}
        for value in ("501", "-1", "abc", "\x00", "٥٠١", "9" * 40)  # no form takes any of them
    ]
    junk += [
        {"data": {"text": MEGABYTE, "csrf_token": token}},  # 1 MB field
        {
            "data": f"csrf_token={token}&choice=%ff%fe&rating=%ff&new_per_day=%ff",
            "content_type": "application/x-www-form-urlencoded",
        },
        {"json": {"csrf_token": token, **PLAUSIBLE}},  # the token is not read from JSON
        {"data": f"csrf_token={token}", "content_type": "text/plain"},
        {"data": b"--x\r\nnot multipart", "content_type": "multipart/form-data; boundary=x"},
    ]
    return junk


# Views whose form has no field but the token: a valid token is a legitimate request there (logging
# out, replaying one's own quiz), so they get only the token-less, forged and foreign-id variants.
FIELDLESS = {"auth.logout", "auth.logout_everywhere", "quiz.replay", "quiz.retry_missed"}


def test_malformed_and_malicious_requests_never_fail_and_never_write(world: World) -> None:
    app = world.app
    rules = [r for r in app.url_map.iter_rules()]
    before = snapshot(app)
    tried: set[tuple[str, str]] = set()
    for rule in rules:
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})  # type: ignore[operator]
        for visitor in world.visitors:
            other = next(v for v in world.visitors if v is not visitor)
            sane, *hostile = urls(world, rule)
            for url in (sane, *hostile):
                refusal = {400} if url == sane else {400, 404}  # a hostile URL may match no route at all
                for method in methods:
                    tried.add((rule.endpoint, method))
                    if method == "GET":
                        send(world, visitor, "GET", url)
                        continue
                    plausible = {**PLAUSIBLE, "username": f"new-{visitor.name}"}
                    for token in (None, "forged", other.token):  # missing, forged, another session's
                        data = plausible if token is None else {**plausible, "csrf_token": token}
                        assert send(world, visitor, method, url, data=data) in refusal, (visitor.name, url, token)
                    if url != sane and rule.endpoint not in FIELDLESS:  # a valid token, a URL that must not take it
                        send(world, visitor, method, url, data={**plausible, "csrf_token": visitor.token})
                for wrong in WRONG_METHODS:
                    assert send(world, visitor, wrong, url) in (400, 404, 405)
            if "POST" in methods and rule.endpoint not in FIELDLESS:
                for body in refused_bodies(visitor.token):
                    send(world, visitor, "POST", sane, **body)

    mallory = world.by_name("mallory")
    for position in (1, 2, 3):  # someone else's attempt, with a valid token of one's own
        send(
            world, mallory, "POST", f"/quiz/{world.foreign_attempt}/{position}", data={"choice": "0", "csrf_token": mallory.token}
        )
        send(world, mallory, "GET", f"/quiz/{world.foreign_attempt}/{position}")
    send(world, mallory, "POST", f"/quiz/{world.foreign_attempt}/rejouer", data={"csrf_token": mallory.token})
    for target in INJECTED_NEXT:
        for visitor in world.visitors:
            send(world, visitor, "GET", f"/compte/connexion?next={target}")
            data = {"username": "alice", "password": "x" * 129, "csrf_token": visitor.token}
            assert send(world, visitor, "POST", f"/compte/connexion?next={target}", data=data) == 400
            send(world, visitor, "POST", f"/compte/connexion?next={target}", data={"username": "alice", "password": PASSWORD})
    for raw in ("/%00", "/quiz/%00/1", "/reviser/carte/%ff%fe", "/compte/connexion?next=%ff", "/%ff"):
        for visitor in world.visitors:
            send(world, visitor, "GET", raw)

    assert len(world.sent) >= 150
    failures = [s for s in world.sent if s[3] >= 500]
    assert not failures, failures[:20]
    after = snapshot(app)
    changed = {t: (len(before[t]), len(after.get(t, []))) for t in before if before[t] != after.get(t)}
    assert not changed, changed
    assert set(after) == set(before)
    every = {(r.endpoint, m) for r in rules for m in r.methods - {"HEAD", "OPTIONS"}}  # type: ignore[operator]
    assert every <= tried
    refused = [s for s in world.sent if s[1] != "GET"]
    assert all(400 <= status < 500 or status in (302, 303) for *_, status in refused), sorted({s[3] for s in refused})
