"""Capacity: how many learners `quizapp serve` keeps at p99 < 100 ms, and what happens at 1.5× that.

Run:  python benchmarks/bench_capacity.py [--steps 2000,3000,4000,5000] [--duration 20]
      python benchmarks/bench_capacity.py --steps 4000 --over 0      # one load, no search

An open-loop simulation: each simulated learner answers one question every `--period` seconds
(10 by default, ±10 %; the learners are already under way when the run starts, each at a random
point of its cycle, so the load is steady from the first second): the question page
(GET) when it is due, the answer (POST) `--think` seconds later, and the correction page (GET) as
many seconds later again, each to a question never answered before (learners share the accounts
and quizzes set up through HTTP beforehand, never a question). Every request is sent when it is
due, whatever happened to the others, on a kept-alive connection (an idle one, or a new one: up to
`--connections`, as a reverse proxy opens them), and its latency is counted from when it was
due, so a server that falls behind shows it in full (no coordinated omission).

Each load runs `--duration` seconds on a fresh set of questions; the largest one whose p99 (of
every request, refusals included) stays under 100 ms is the capacity; then it runs once more at
`--over` times that load (1.5 by default) and reports what was served, refused fast (503) or never
answered, and the machine's idle CPU (the client runs on the same machine and counts in it).

The server is `quizapp serve` on a fresh SQLite instance with the options after `--`, e.g.
`-- --workers 2 --threads 1` for gunicorn's sync workers; `--hello` serves the hello-world under
the same gunicorn settings instead (its capacity is the ceiling of this machine).
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench_web import KINDS, PASSWORD, Browser, answer_field, free_port, wait_for

HERE = Path(__file__).resolve().parent
QUESTIONS = "SELECT attempt_id, position, snapshot FROM attempt_items WHERE attempt_id >= ?"
GOAL_MS = 100.0


@dataclass(order=True)
class Due:
    at: float
    method: str = field(compare=False)
    path: str = field(compare=False)
    cookie: str = field(compare=False)
    body: str = field(compare=False, default="")


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # ms from due to the response, every answered request
    refusal_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    unanswered: int = 0
    asked: int = 0
    resent: int = 0  # sent again on a new connection: the kept-alive one had just been closed


def cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return values[3] + values[4], sum(values)


class StaleConnection(ConnectionError):
    """The server closed the connection before answering a byte (a kept-alive connection timing out)."""


class Pool:
    """Kept-alive HTTP/1.1 connections to one server: a request takes an idle one, or opens one (up
    to `size` at once, then waits for one), so that the client never holds back a due request."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)
        self.retried = 0  # requests sent again on a new connection (see `send`)

    async def send(self, request: bytes) -> int:
        """Send on a kept-alive connection. A reused connection that the server closed as the request
        went out (its keep-alive time ran out: no byte of a response came back) is what browsers and
        proxies meet too, and they send the request again on a new connection: so does this client,
        once, counting it in `retried`; any other failure is the request's."""
        async with self.slots:
            reused = bool(self.idle)
            try:
                return await self._exchange(request, self.idle.pop() if reused else None)
            except ConnectionError as exc:
                if not (reused and isinstance(exc, StaleConnection)):
                    raise
            self.retried += 1
            return await self._exchange(request, None)

    async def _exchange(self, request: bytes, conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> int:
        if conn is None:
            conn = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            reader, writer = conn
            writer.write(request)
            try:
                status_line = await reader.readline()
            except ConnectionResetError as exc:
                raise StaleConnection("reset by the server before any response") from exc
            if not status_line:
                raise StaleConnection("closed by the server before any response")
            status = int(status_line.split()[1])
            length, close = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            await reader.readexactly(length)
        except BaseException:
            conn[1].close()
            raise
        if close:
            writer.close()
        else:
            self.idle.append(conn)
        return status


def http_request(due: Due) -> bytes:
    head = f"{due.method} {due.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: quizapp-bench\r\n"
    if due.cookie:
        head += f"Cookie: {due.cookie}\r\n"
    if due.method == "POST":
        head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(due.body)}\r\n"
    return (head + "\r\n" + due.body).encode()


async def drive(port: int, schedule: list[Due], connections: int, grace: float) -> Outcome:
    """Send every request when due (times relative to the start); wait `grace` seconds after the
    last one is due for the late answers; whatever has not come back then is unanswered."""
    pool, outcome = Pool(port, connections), Outcome(asked=len(schedule))
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one(due: Due) -> None:
        status = await pool.send(http_request(due))
        ms = (loop.time() - start - due.at) * 1000
        outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
        outcome.latencies.append(ms)
        if status == 503:
            outcome.refusal_ms.append(ms)

    tasks = []
    for due in schedule:
        delay = start + due.at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(due)))
    finished, pending = await asyncio.wait(tasks, timeout=grace) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    outcome.unanswered = len(pending) + sum(1 for t in finished if t.exception() is not None)
    outcome.resent = pool.retried
    return outcome


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


class Setup:
    """Accounts and quizzes through HTTP; hands out never-answered questions, three requests each."""

    def __init__(self, base: str, instance: Path, users: int) -> None:
        self.base, self.instance = base, instance
        self.browsers: list[tuple[Browser, str]] = []
        for u in range(users):
            b = Browser(base)
            token = b.token("/compte/inscription")
            form = {"username": f"learner{u}", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
            assert b.post("/compte/inscription", form)[0] == 302
            self.browsers.append((b, b.token("/quiz/")))
        self.next_attempt = 0

    def questions(self, count: int) -> list[tuple[str, str, str]]:
        """`count` fresh questions: (path, cookie, answer body)."""
        owners: dict[int, tuple[str, str]] = {}
        first = None
        for k in range(math.ceil(count / 20)):
            b, token = self.browsers[(self.next_attempt + k) % len(self.browsers)]
            status, location = b.post(
                "/quiz/", {"deck": "openai-saga", "count": "20", "mode": "practice", "kinds": KINDS, "csrf_token": token}
            )
            assert status == 303, status
            attempt = int(location.split("/")[2])
            first = attempt if first is None else first
            owners[attempt] = (b.cookie(), token)
        self.next_attempt += len(owners)
        con = sqlite3.connect(self.instance / "quizapp.sqlite")
        rows = con.execute(QUESTIONS, (first,)).fetchall()
        con.close()
        found = []
        for attempt, position, snapshot in sorted(rows):
            if attempt in owners:
                cookie, token = owners[attempt]
                body = urllib.parse.urlencode({"csrf_token": token, **answer_field(json.loads(snapshot)["format"])})
                found.append((f"/quiz/{attempt}/{position}", cookie, body))
        return found[:count]


def learners_schedule(
    learners: int, duration: float, period: float, think: float, questions: list[tuple[str, str, str]] | None, seed: int
) -> list[Due]:
    """Every request of `learners` over `duration` seconds, in the order they fall due."""
    rng = random.Random(seed)
    due: list[Due] = []
    fresh = iter(questions or ())
    for _ in range(learners):
        t = rng.uniform(-2 * think, period - 2 * think)  # already under way at 0: a steady load from the start
        while t < duration:
            if questions is None:  # the hello-world: three plain GETs at the same moments
                cycle = [Due(t, "GET", "/", ""), Due(t + think, "GET", "/", ""), Due(t + 2 * think, "GET", "/", "")]
            else:
                path, cookie, body = next(fresh)
                cycle = [Due(t, "GET", path, cookie), Due(t + think, "POST", path, cookie, body)]
                cycle.append(Due(t + 2 * think, "GET", path, cookie))
            due += [d for d in cycle if d.at >= 0]  # those before 0 belong to the time before the run
            t += period * rng.uniform(0.9, 1.1)
    heapq.heapify(due)
    return [heapq.heappop(due) for _ in range(len(due))]


def cycles(duration: float, period: float) -> int:
    """Questions one learner answers at most in a run (its first within the first period, or just before 0)."""
    return math.ceil(duration / (period * 0.9)) + 2


def run_load(args: argparse.Namespace, port: int, setup: Setup | None, learners: int) -> dict[str, float]:
    questions = setup.questions(learners * cycles(args.duration, args.period)) if setup else None
    schedule = learners_schedule(learners, args.duration, args.period, args.think, questions, args.seed + learners)
    schedule = [d for d in schedule if d.at < args.duration]
    idle0, total0 = cpu_times()
    outcome = asyncio.run(drive(port, schedule, args.connections, args.grace + args.duration))
    idle1, total1 = cpu_times()
    served = sum(n for status, n in outcome.statuses.items() if status < 400)
    refused = outcome.statuses.get(503, 0)
    others = sum(n for status, n in outcome.statuses.items() if status >= 400 and status != 503)
    return {
        "learners": learners,
        "asked": outcome.asked / args.duration,
        "served": served / args.duration,
        "refused": refused,
        "errors": others,
        "unanswered": outcome.unanswered,
        "resent": outcome.resent,
        "p50": percentile(outcome.latencies, 0.5),
        "p99": percentile(outcome.latencies, 0.99),
        "refusal_p99": percentile(outcome.refusal_ms, 0.99),
        "idle": 100 * (idle1 - idle0) / max(1, total1 - total0),
    }


def show(row: dict[str, float]) -> None:
    print(
        f"| {row['learners']:,.0f} | {row['asked']:,.0f} | {row['served']:,.0f} | {row['refused']:,.0f} "
        f"| {row['errors']:,.0f} | {row['unanswered']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} "
        f"| {row['refusal_p99']:.1f} | {row['idle']:.0f} % | {row['resent']:,.0f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", default="2000,3000,4000,5000", help="learner counts to try, in increasing order")
    parser.add_argument("--over", type=float, default=1.5, help="the overload run, times the capacity found (0: none)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of each load")
    parser.add_argument("--period", type=float, default=10.0, help="seconds between a learner's questions")
    parser.add_argument("--think", type=float, default=3.0, help="seconds from page to answer, and answer to correction")
    parser.add_argument("--connections", type=int, default=1000, help="connections of the client at most (kept alive)")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds to wait for late answers after the last is due")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hello", action="store_true", help="serve the hello-world instead (same gunicorn settings)")
    parser.add_argument("serve_options", nargs="*", help="after --: options of `quizapp serve`")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-capacity-"))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE), "QUIZAPP_REGISTER_MAX_PER_ADDRESS": str(args.users + 1)}
    command = [sys.executable, "-m", "quizapp.cli", "serve", "--port", str(port), "--instance", str(tmp), *args.serve_options]
    if args.hello:
        command = [sys.executable, str(HERE / "serve_app.py"), "hello:app", "--port", str(port), *args.serve_options]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        t0 = time.perf_counter()
        setup = None if args.hello else Setup(f"http://127.0.0.1:{port}", tmp, args.users)
        print(f"set-up: {time.perf_counter() - t0:.1f} s; {'hello-world' if args.hello else 'quizapp'}, {args.serve_options}")
        print(
            f"each load {args.duration:.0f} s, a question every {args.period:.0f} s a learner, "
            f"{args.connections} connections at most"
        )
        print(
            "| learners | asked req/s | served req/s | refused (503) | errors | unanswered "
            "| p50 ms | p99 ms | p99 of 503s ms | CPU idle | resent |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        best = None
        for learners in (int(s) for s in args.steps.split(",")):
            row = run_load(args, port, setup, learners)
            show(row)
            if row["p99"] < GOAL_MS and row["unanswered"] == 0 and row["errors"] == 0 and row["refused"] == 0:
                best = row
        if best is None:
            print(f"no load held p99 < {GOAL_MS:.0f} ms")
            return
        print(f"capacity: {best['learners']:,.0f} learners at p99 {best['p99']:.1f} ms ({best['served']:,.0f} req/s served)")
        if args.over:
            over = run_load(args, port, setup, round(best["learners"] * args.over))
            show(over)
            share = over["served"] / best["served"]
            print(
                f"at {args.over}×: {over['asked']:,.0f} req/s asked, {over['served']:,.0f} served "
                f"({100 * share:.0f} % of the capacity run's), {over['refused']:,.0f} refused with 503 "
                f"(p99 {over['refusal_p99']:.0f} ms), {over['unanswered']:,.0f} unanswered, {over['idle']:.0f} % CPU idle"
            )
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
