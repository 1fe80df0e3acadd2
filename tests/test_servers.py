"""Several real servers (`quizapp serve`, gunicorn) on one database, each with its own instance
folder: decks, sessions and answers are shared; many writers lose nothing and count nothing twice;
a server killed with SIGKILL mid-load loses no answer it acknowledged. Runs on the test database
(SQLite, or PostgreSQL with scripts/test-postgres)."""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from quizapp.cli import main
from quizapp.models import Answer, Attempt, AttemptItem

from .databases import database_url
from .servers import Browser, Server
from .test_authored_questions import GOOD
from .webhelpers import form_for

MINI = GOOD.replace("id: t, title: T,", "id: mini, title: Mini,").encode()


def snapshots(database: str, attempt_ids: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(AttemptItem.attempt_id, AttemptItem.position, AttemptItem.snapshot).where(
                    AttemptItem.attempt_id.in_(attempt_ids)
                )
            )
            return {(a, p): snap for a, p, snap in rows}
    finally:
        engine.dispose()


def stored(database: str) -> tuple[set[tuple[int, int]], int, dict[int, tuple[int, int]]]:
    """The (attempt, position) of every stored answer, how many rows, and each attempt's counters
    (answered, score) as the attempt row holds them."""
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Answer.attempt_id, Answer.position)).all()
            counters = {a: (n, s) for a, n, s in conn.execute(select(Attempt.id, Attempt.answered, Attempt.score))}
            right = select(Answer.attempt_id, func.count()).where(Answer.is_correct).group_by(Answer.attempt_id)
            correct = {a: n for a, n in conn.execute(right)}
        return {(a, p) for a, p in rows}, len(rows), {a: (n, s - correct.get(a, 0)) for a, (n, s) in counters.items()}
    finally:
        engine.dispose()


def answer(browser: Browser, attempt: int, position: int, snap: dict[str, Any]) -> int:
    return browser.post(f"/quiz/{attempt}/{position}", form_for(snap, right=position % 3 != 0))[0]


def eventually(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `condition` comes to hold within `seconds`, asked again every 50 ms: for what another
    process does in its own time (a worker's watcher thread), waiting for the outcome itself."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def started(browser: Browser, deck: str) -> bool:
    """A quiz on `deck` started (False: the worker that answered does not serve the deck yet)."""
    browser.get("/quiz/")
    return browser.post("/quiz/", {"deck": deck, "count": "5", "mode": "practice", "kinds": ["authored"]})[0] == 303


def test_two_servers_share_decks_sessions_and_every_answer(tmp_path: Path, command_environment: None) -> None:
    database = database_url(tmp_path)
    first = Server(tmp_path / "one", database, QUIZAPP_CONTENT_CHECK_SECONDS="0")
    second = Server(tmp_path / "two", database, QUIZAPP_CONTENT_CHECK_SECONDS="0")
    try:
        author = Browser(first.base)
        author.sign_up("autrice")
        from click.testing import CliRunner

        made = CliRunner().invoke(
            main, ["set-role", "autrice", "author", "--instance", str(tmp_path / "cli"), "--database", database]
        )
        assert made.exit_code == 0, made.output
        author.sign_in("autrice")
        author.get("/auteur/")
        assert author.upload("mini.yaml", MINI) == 303  # through the first server...
        elsewhere = author.on(second.base)  # ...served by the second, to the same signed-in session
        # once the watcher thread of each of its workers has looked (every 0.1 s here)
        assert eventually(lambda: "Une seule" in elsewhere.get("/auteur/apercu/mini")[2])
        assert eventually(lambda: started(elsewhere, "mini"))
        assert author.post("/compte/deconnexion", {})[0] == 302  # log out on the first server...
        assert elsewhere.get("/auteur/")[0] == 302  # ...and the session is over on the second

        learners = [Browser(server.base) for server in (first, second) for _ in range(3)]
        attempts = []
        for k, learner in enumerate(learners):
            learner.sign_up(f"eleve{k}")
            attempts.append(learner.start_quiz(count=5))
        snaps = snapshots(database, attempts)
        jobs = [(learner, attempt, p) for learner, attempt in zip(learners, attempts, strict=True) for p in range(1, 6)]
        jobs = [(b.on(server.base), a, p) for (b, a, p), server in zip(jobs, itertools.cycle((first, second)), strict=False)]
        with ThreadPoolExecutor(12) as pool:  # answered at once, through both servers, each learner on both
            statuses = list(pool.map(lambda job: answer(*job, snaps[job[1:]]), jobs))
        assert statuses == [303] * len(jobs)
        found, rows, counters = stored(database)
        assert found == {(a, p) for _, a, p in jobs} and rows == len(jobs)  # none lost, none twice
        assert all(counters[a] == (5, 0) for a in attempts)  # every attempt counted each answer once, scored right
    finally:
        first.stop()
        second.stop()


def test_many_writers_lose_nothing_and_count_nothing_twice(tmp_path: Path) -> None:
    """Four workers, twenty learners, every answer sent twice at the same moment (two tabs).

    The queue is not bounded here (`--max-wait 0`): on a busy machine a burst of 32 answers can wait
    longer than the bound and be refused with 503 (nothing stored; tests/test_serving.py), when
    this test is about every answer being stored once."""
    database = database_url(tmp_path)
    server = Server(tmp_path / "instance", database, 4, "--max-wait", "0")
    try:
        learners = [Browser(server.base) for _ in range(20)]
        attempts = []
        for k, learner in enumerate(learners):
            learner.sign_up(f"eleve{k}")
            attempts.append(learner.start_quiz(count=10))
        snaps = snapshots(database, attempts)
        jobs = [(b, a, p) for b, a in zip(learners, attempts, strict=True) for p in range(1, 11) for _ in range(2)]
        with ThreadPoolExecutor(32) as pool:
            statuses = list(pool.map(lambda job: answer(*job, snaps[job[1:]]), jobs))
        assert statuses == [303] * len(jobs)  # the second of each pair is « already answered »: 303 too
        found, rows, counters = stored(database)
        assert rows == len(found) == 20 * 10
        assert all(counters[a] == (10, 0) for a in attempts)
    finally:
        server.stop()


def test_a_server_killed_mid_load_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    """kill -9 of gunicorn's master and workers while answers pour in: every answer the server
    acknowledged (303) is in the database afterwards, counted once."""
    database = database_url(tmp_path)
    server = Server(tmp_path / "instance", database, workers=2)
    acknowledged: list[tuple[int, int]] = []
    lock = threading.Lock()
    enough = threading.Event()
    try:
        learners = [Browser(server.base) for _ in range(8)]
        attempts = []
        for k, learner in enumerate(learners):
            learner.sign_up(f"eleve{k}")
            attempts += [(learner, learner.start_quiz(count=20)) for _ in range(3)]
        snaps = snapshots(database, [a for _, a in attempts])

        def pour(learner: Browser, attempt: int) -> None:
            for position in range(1, 21):
                try:
                    status = answer(learner, attempt, position, snaps[attempt, position])
                except (OSError, http.client.HTTPException):
                    return  # the server is gone, maybe in the middle of this response
                if status == 303:
                    with lock:
                        acknowledged.append((attempt, position))
                        if len(acknowledged) >= 60:
                            enough.set()

        threads = [threading.Thread(target=pour, args=job) for job in attempts]
        for thread in threads:
            thread.start()
        assert enough.wait(60), "the server acknowledged too few answers"
        server.kill()
        for thread in threads:
            thread.join(60)
    finally:
        server.stop()
    found, rows, counters = stored(database)
    assert set(acknowledged) <= found and rows == len(found)
    answered = {a: sum(1 for a2, _ in found if a2 == a) for _, a in attempts}
    assert all(counters[a][0] == answered[a] for _, a in attempts)  # the counters moved with each stored answer
    assert len(acknowledged) < 24 * 20  # it was stopped mid-load


def test_the_client_address_comes_from_trusted_proxies_only(tmp_path: Path) -> None:
    """Behind one proxy, the address is the one the proxy saw (the last X-Forwarded-For entry);
    without a configured proxy the header is ignored: anyone can send it."""
    database = database_url(tmp_path)
    direct = Server(tmp_path / "a", database, workers=1)
    proxied = Server(tmp_path / "b", database, workers=1, QUIZAPP_TRUSTED_PROXIES="1")
    try:
        for server, name, header in ((direct, "direct", "6.6.6.6"), (proxied, "proxied", "6.6.6.6, 10.1.2.3")):
            visitor = Browser(server.base)
            visitor.opener.addheaders = [("X-Forwarded-For", header)]
            visitor.sign_up(name)
        engine = create_engine(database)
        from quizapp.models import User

        with engine.connect() as conn:
            addresses = {name: address for name, address in conn.execute(select(User.username, User.created_ip))}
        engine.dispose()
        assert addresses == {"direct": "127.0.0.1", "proxied": "10.1.2.3"}
    finally:
        direct.stop()
        proxied.stop()


def test_serve_upgrade_runs_the_pending_migrations_then_serves(tmp_path: Path) -> None:
    from quizapp import schema

    database = database_url(tmp_path, empty=True)
    engine = create_engine(database)
    try:
        schema.migrate(engine, "0003_sessions_and_throttling")
        server = Server(tmp_path / "instance", database, 1, "--upgrade")
        try:
            assert Browser(server.base).get("/")[0] == 200
        finally:
            server.stop()
        assert schema.state(engine).current
    finally:
        engine.dispose()


def test_serve_says_when_its_secret_key_is_its_own(tmp_path: Path) -> None:
    """On a database server, a key drawn in this server's instance folder would not be the others':
    `serve` says so (with SQLite, one machine, it is the usual case and nothing is said)."""
    database = database_url(tmp_path)
    shared = Server(tmp_path / "a", database, 1).stop()
    own = Server(tmp_path / "b", database, 1, QUIZAPP_SECRET_KEY="").stop()
    assert "clé secrète" not in shared
    if database.startswith("sqlite"):
        assert "clé secrète" not in own
    else:
        assert f"clé secrète : {tmp_path / 'b' / 'secret_key'}, propre à ce serveur" in own
