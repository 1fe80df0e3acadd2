"""Per-request cost in process (no HTTP, no server): where a page's time goes.

Run:  python benchmarks/bench_requests.py [--batches 8] [--database URL]

Builds quizapp on a temporary SQLite file (the real one: WAL, synchronous=FULL) or on the empty
database given, registers a user, starts quizzes through the app (with a fixed seed: every run asks
the same questions), then feeds prepared WSGI environs straight to the app: the hello-world
(`hello.py`, the baseline of the same run), the login floor (`floor.py`'s one-byte route), the
question page and the answer (each answered as its format asks: a choice, or a typed name). Each
figure is the best of several interleaved batches (the machine is noisy).

It uses nothing but the app's public routes and its models, so `bench_revisions.py` runs it
against older revisions of quizapp too.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder

HERE = Path(__file__).resolve().parent
PASSWORD = "benchmark password"
KINDS = ["replaced", "date", "quote", "role", "figure", "actor", "truefalse"]  # radio-button questions


def environ(method: str, path: str, cookie: str = "", body: bytes = b"") -> dict[str, Any]:
    headers = {"User-Agent": "quizapp-bench", **({"Cookie": cookie} if cookie else {})}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    built = EnvironBuilder(
        method=method, path=path, headers=headers, data=body or None, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    env = built.get_environ()
    env["bench.body"] = body
    return env


def caller(app: Callable[..., Any]) -> Callable[[dict[str, Any]], str]:
    status = [""]

    def start_response(code: str, _headers: list[tuple[str, str]], _exc: Any = None) -> None:
        status[0] = code

    def call(env: dict[str, Any]) -> str:
        env = dict(env, **{"wsgi.input": io.BytesIO(env["bench.body"])})
        b"".join(app(env, start_response))
        return status[0]

    return call


CLOCK = time.perf_counter  # --cpu: time.process_time (this process's CPU, less disturbed by a busy machine)


def timed_ms(call: Callable[[dict[str, Any]], str], batch: list[dict[str, Any]], expect: str) -> float:
    """Mean time of one request of `batch`, in ms; every response must have the `expect` status."""
    t0 = CLOCK()
    for env in batch:
        status = call(env)
        if not status.startswith(expect):
            raise SystemExit(f"{env['PATH_INFO']}: {status}, expected {expect}")
    return (CLOCK() - t0) / len(batch) * 1000


FORM = "application/x-www-form-urlencoded"


def profile(kinds: dict[str, tuple[Callable[[dict[str, Any]], str], list[dict[str, Any]], str]], which: str) -> None:
    """cProfile over every request of one kind (each sent once), the 30 costliest functions."""
    import cProfile
    import pstats

    name = next(n for n in kinds if n.startswith(which) or which in n)
    target, requests, expect = kinds[name]
    profiler = cProfile.Profile()
    profiler.runcall(timed_ms, target, requests, expect)
    print(f"{name}: {len(requests)} requests")
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--size", type=int, default=150, help="requests per batch")
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: a new SQLite file)")
    parser.add_argument("--profile", metavar="KIND", help="cProfile one kind instead (page, answer, correction, floor)")
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process instead of wall-clock time")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
    os.environ["QUIZAPP_INSTANCE"] = tempfile.mkdtemp(prefix="quizapp-bench-")
    os.environ["QUIZAPP_RANDOM_SEED"] = "7"  # the same questions at every run
    if args.database:
        os.environ["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = args.database
    sys.path.insert(0, str(HERE))
    from floor import app  # quizapp as `quizapp serve` builds it, plus the floor routes
    from hello import app as hello
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import AttemptItem

    client = app.test_client()
    token = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
    headers = {"User-Agent": "quizapp-bench"}
    csrf = token.search(client.get("/compte/inscription", headers=headers).text).group(1)
    form = {"username": "bench", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf}
    assert client.post("/compte/inscription", data=form, headers=headers).status_code == 302
    csrf = token.search(client.get("/quiz/", headers=headers).text).group(1)
    needed = args.batches * args.size
    attempts: list[str] = []
    while len(attempts) * 20 < 2 * needed:  # half to show and answer, half answered now for the corrections
        settings = {"deck": "openai-saga", "count": "20", "mode": "practice", "kinds": KINDS, "csrf_token": csrf}
        started = client.post("/quiz/", data=settings, headers=headers)
        attempts.append(started.headers["Location"].split("/")[2])
    with app.app_context():  # a name to type when the deck has too few to choose from
        formats = {
            position: snap["format"]
            for position, snap in db.session.execute(
                select(AttemptItem.position, AttemptItem.snapshot).where(AttemptItem.attempt_id == int(attempts[0]))
            )
        }
    fields = {position: "text=Sam+Altman" if fmt == "text" else "choice=0" for position, fmt in formats.items()}
    every = [(f"/quiz/{attempt}/{n}", fields[n]) for attempt in attempts for n in range(1, 21)]
    paths, answered = every[:needed], every[needed : 2 * needed]
    for path, field in answered:
        assert client.post(path, data=f"csrf_token={csrf}&{field}", headers=headers, content_type=FORM).status_code == 303
    cookie = f"session={client.get_cookie('session').value}"
    call, call_hello = caller(app), caller(hello)
    kinds = {  # name: (app, requests, expected status)
        "hello world": (call_hello, [environ("GET", "/")] * needed, "200"),
        "login floor (1 byte)": (call, [environ("GET", "/plancher", cookie)] * needed, "200"),
        "question page (GET)": (call, [environ("GET", p, cookie) for p, _ in paths], "200"),
        "answer (POST)": (call, [environ("POST", p, cookie, f"csrf_token={csrf}&{f}".encode()) for p, f in paths], "303"),
        "correction page (GET)": (call, [environ("GET", p, cookie) for p, _ in answered], "200"),
    }
    if args.profile:
        profile(kinds, args.profile)
        return
    figures = dict.fromkeys(kinds, float("inf"))
    for k in range(args.batches):  # interleaved: a slow moment of the machine hits every kind alike
        for name, (target, requests, expect) in kinds.items():
            batch = requests[k * args.size : (k + 1) * args.size]  # each question answered once
            figures[name] = min(figures[name], timed_ms(target, batch, expect))
    print(f"best of {args.batches} batches of {args.size} requests, in process ({'CPU' if args.cpu else 'wall-clock'} time)")
    for name, ms in figures.items():
        print(f"{name:<24}{ms:>8.3f} ms{ms / figures['hello world']:>8.1f}x hello")


if __name__ == "__main__":
    main()
