"""Load test of the question page and the answer on SQLite and on PostgreSQL, in one run.

Run (needs wrk and PostgreSQL: apt-get install wrk postgresql; about 5 minutes):

    python benchmarks/bench_backends.py            # --backends sqlite:2,postgresql:2,postgresql:4

Each backend is `quizapp serve` (gunicorn, N sync workers) on its own fresh database: a SQLite
file (WAL, synchronous=FULL), or a database of a throw-away PostgreSQL cluster (scripts/pg-cluster:
PostgreSQL's defaults, fsync and synchronous_commit on) on the same machine. The hello-world
(`hello.py`, gunicorn, 2 workers) is the ceiling of the same run. Set-up through HTTP as in
`bench_web.py` (users, quizzes of 20 questions); each answer is the form its question asks for (a
choice or a typed name). Then `wrk -t2 -c32` drives, in interleaved rounds, the ceiling and each
backend's question page (GET) and answers (POST, each to its own unanswered question); the median
of the rounds is reported, and every backend's answers are counted in its database afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench_web import KINDS, PASSWORD, Browser, answer_field, free_port, gunicorn, lua_script, run_wrk, wait_for
from sqlalchemy import create_engine, func, select

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_CLUSTER = str(ROOT / "scripts" / "pg-cluster")
Request = tuple[str, str, str, str]


class Backend:
    """`quizapp serve` on one database, with its users' unanswered questions."""

    def __init__(self, name: str, database: str, workers: int, tmp: Path, env: dict[str, str]) -> None:
        self.name, self.database, self.workers = name, database, workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = ["serve", "--port", str(self.port), "--workers", str(workers), "--instance", str(tmp / name)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizapp.cli", *command, "--database", database],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.pages: list[Request] = []
        self.posts: list[Request] = []

    def set_up(self, users: int, attempts: int) -> None:
        from quizapp.models import AttemptItem

        wait_for(self.port)
        started: list[tuple[Browser, str, int]] = []
        for u in range(users):
            b = Browser(self.base)
            token = b.token("/compte/inscription")
            data = {"username": f"user{u}", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token}
            assert b.post("/compte/inscription", data)[0] == 302
            token = b.token("/quiz/")
            for _ in range(attempts):
                quiz = {"deck": "openai-saga", "count": "20", "mode": "practice", "kinds": KINDS, "csrf_token": token}
                status, location = b.post("/quiz/", quiz)
                assert status == 303, status
                started.append((b, token, int(location.split("/")[2])))
        engine = create_engine(self.database)
        with engine.connect() as conn:
            rows = conn.execute(select(AttemptItem.attempt_id, AttemptItem.position, AttemptItem.snapshot))
            snapshots = {(a, p): snap for a, p, snap in rows}
        engine.dispose()
        for b, token, attempt in started:
            for position in range(1, 21):
                path = f"/quiz/{attempt}/{position}"
                self.pages.append(("GET", path, b.cookie(), ""))
                body = {"csrf_token": token, **answer_field(snapshots[attempt, position]["format"])}
                self.posts.append(("POST", path, b.cookie(), urllib.parse.urlencode(body)))

    def stored(self) -> int:
        from quizapp.models import Answer

        engine = create_engine(self.database)
        with engine.connect() as conn:
            count = conn.scalar(select(func.count(Answer.id)))
        engine.dispose()
        return int(count or 0)


def postgresql_database(admin_url: str, name: str) -> str:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return str(create_engine(admin_url).url.set(database=name).render_as_string(hide_password=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite:2,postgresql:2,postgresql:4", help="kind:workers, comma-separated")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--attempts", type=int, default=50, help="quizzes of 20 questions per user and backend")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    env = {**os.environ, "PYTHONPATH": str(HERE), "QUIZAPP_REGISTER_MAX_PER_ADDRESS": str(args.users)}
    cluster: dict[str, str] = {}
    backends: list[Backend] = []
    hello_port = free_port()
    servers = [gunicorn(hello_port, "hello:app", 2, env)]
    try:
        for spec in args.backends.split(","):
            kind, workers = spec.split(":")
            name = f"{kind}-{workers}"
            if kind == "sqlite":
                database = f"sqlite:///{tmp / name}.sqlite"
            else:
                if not cluster:
                    out = subprocess.run(
                        [str(ROOT / "scripts" / "pg-cluster"), "start"], capture_output=True, text=True, check=True
                    )
                    cluster = dict(
                        line.removeprefix("export ").replace("'", "").split("=", 1) for line in out.stdout.splitlines()
                    )
                database = postgresql_database(cluster["QUIZAPP_TEST_DATABASE"], name.replace("-", "_"))
            backends.append(Backend(name, database, int(workers), tmp, env))
        wait_for(hello_port)
        t0 = time.perf_counter()
        for backend in backends:
            backend.set_up(args.users, args.attempts)
        questions = args.users * args.attempts * 20
        print(f"set-up: {len(backends)} backends x {questions} unanswered questions in {time.perf_counter() - t0:.0f} s")
        hello = tmp / "hello.lua"
        lua_script([("GET", "/", cookie, "") for _, _, cookie, _ in backends[0].pages], hello)
        scripts: dict[str, tuple[Path, list[Path], int]] = {}
        for backend in backends:
            page = tmp / f"{backend.name}-page.lua"
            lua_script(backend.pages, page)
            share = len(backend.posts) // args.rounds
            posts = [tmp / f"{backend.name}-answer{k}.lua" for k in range(args.rounds)]
            for k, path in enumerate(posts):
                lua_script(backend.posts[k * share : (k + 1) * share], path)
            scripts[backend.name] = (page, posts, share)
        results: dict[str, list[dict[str, float]]] = {"hello": []}
        for k in range(args.rounds):  # interleaved: a noisy moment hits every kind alike
            results["hello"].append(run_wrk(f"http://127.0.0.1:{hello_port}/", args.duration, hello))
            for backend in backends:
                page, posts, _ = scripts[backend.name]
                results.setdefault(f"{backend.name} page", []).append(run_wrk(backend.base, args.duration, page))
                results.setdefault(f"{backend.name} answer", []).append(
                    run_wrk(backend.base, args.duration, posts[k], expect=303)
                )
        median = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
        print(f"median of {args.rounds} rounds of {args.duration} s, wrk -t2 -c32, Lua script; ceiling: hello-world, 2 workers")
        print(f"{'':<24}{'req/s':>9}{'p99 ms':>9}{'% ceiling':>11}{'errors':>8}   rounds (req/s)")
        for name, runs in results.items():
            errors = sum(r["socket_errors"] + r["non2xx"] + r["unexpected"] for r in runs)
            p99 = statistics.median(r["p99_ms"] for r in runs)
            each = ", ".join(f"{r['rps']:.0f}" for r in runs)
            print(
                f"{name:<24}{median[name]:>9.0f}{p99:>9.1f}{100 * median[name] / median['hello']:>10.0f}%{errors:>8.0f}   {each}"
            )
        for backend in backends:
            share = scripts[backend.name][2]
            runs = results[f"{backend.name} answer"]
            answered = sum(min(r["requests"], share) - r["unexpected"] for r in runs)
            rows = backend.stored()
            print(f"{backend.name}: {answered:.0f} POSTs answered 303, {rows} rows stored, {max(0, answered - rows):.0f} lost")
    finally:
        for process in servers + [b.process for b in backends]:
            process.terminate()
            process.wait(10)
        if cluster:
            subprocess.run([PG_CLUSTER, "stop", cluster["PG_CLUSTER_DIR"]], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
