"""Quiz start and worker memory (issue 14): `quizzes.start` in process, on a real SQLite file.

Run:  python benchmarks/bench_start.py [--starts 64] [--decks saga,10000]

For each deck (the shipped saga, a synthetic deck of 10,000 facts from `synthetic.py`), a fresh
process builds the app on a new SQLite file (WAL, synchronous=FULL: each start commits its attempt
and its 20 questions), registers a learner and starts `--starts` quizzes of 20 questions, every
kind, each with its own seed, as the quiz page does. It prints the median time of a start, the
same-run baselines of what a start cannot avoid (looking up the deck's bank, `store.bank`; and
committing one row to the same file, the fsync every start waits for), and the
process's resident memory (RSS, from /proc) after the app is built, after 1 start and after all.
Building the app includes loading the deck and generating its one bank: that is timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DECKS = {"saga": "openai-saga", "10000": "synthetic"}


def rss_mib() -> float:
    """The process's resident memory now, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc/self/status: Linux only")


def one_deck(name: str, starts: int) -> dict[str, float | int]:
    """Measure in this process (run by `main` in a fresh process per deck)."""
    sys.path.insert(0, str(HERE))
    import shutil

    from sqlalchemy import text

    from quizapp import create_app
    from quizapp.content import KINDS
    from quizapp.extensions import db
    from quizapp.paths import shipped
    from quizapp.services import accounts, quizzes

    tmp = Path(tempfile.mkdtemp(prefix="quizapp-bench-start-"))
    questions = tmp / "questions"
    if name == "saga":
        shutil.copytree(shipped("questions") / "openai-saga", questions / "openai-saga")
    else:
        from synthetic import build

        build(int(name), questions / "synthetic")
    os.environ["QUIZAPP_INSTANCE"] = str(tmp / "instance")
    before_app = rss_mib()
    t0 = time.perf_counter()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'quizapp.sqlite'}",
            "QUESTIONS_DIR": str(questions),
            "SECRET_KEY": "bench",
            "CONTENT_WATCH": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_KIB": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )
    build_seconds = time.perf_counter() - t0
    store = app.extensions["decks"]
    (deck_id,) = store.decks
    now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    settings = quizzes.Settings(deck=deck_id, count=20, kinds=tuple(KINDS), mode="practice")
    with app.app_context():
        user = accounts.register("bench", "benchmark password", now).id
        after_app = rss_mib()
        db.session.execute(text("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, at TEXT)"))
        db.session.commit()
        times, lookups, floors = [], [], []
        rss_after_one = 0.0
        for seed in range(1, starts + 1):  # interleaved: a slow moment of the machine hits each alike
            t0 = time.perf_counter()
            store.bank(deck_id)
            lookups.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            db.session.execute(text("INSERT INTO bench_floor (at) VALUES ('x')"))
            db.session.commit()
            floors.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            attempt = quizzes.start(user, store, settings, seed, now)
            times.append(time.perf_counter() - t0)
            assert attempt.total == 20
            if seed == 1:
                rss_after_one = rss_mib()
        rss_after_all = rss_mib()
    return {
        "facts": len(store.decks[deck_id].facts()),
        "questions": len(store.bank(deck_id).questions),
        "build_s": build_seconds,
        "start_ms": statistics.median(times) * 1000,
        "start_p90_ms": sorted(times)[int(len(times) * 0.9) - 1] * 1000,
        "lookup_ms": statistics.median(lookups) * 1000,
        "floor_ms": statistics.median(floors) * 1000,
        "rss_empty": before_app,
        "rss_app": after_app,
        "rss_1": rss_after_one,
        "rss_all": rss_after_all,
        "starts": starts,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=64)
    parser.add_argument("--decks", default="saga,10000", help="saga and/or a synthetic size, comma-separated")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: measure this deck
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_deck(args.one, args.starts)))
        return
    rows = {}
    for name in args.decks.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--one", name, "--starts", str(args.starts)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{name}: {done.stderr[-2000:]}")
        rows[name] = json.loads(done.stdout.splitlines()[-1])
    print(f"quizzes.start, {args.starts} starts of 20 questions each (every kind, a seed each), SQLite file, in process")
    header = (
        f"{'deck':<8} {'facts':>6} {'questions':>9} {'app built':>10} {'start median':>13} {'p90':>8} "
        f"{'bank lookup':>12} {'1-row commit':>13} {'RSS app':>9} {'RSS 1':>8} {'RSS all':>8} {'growth':>7}"
    )
    print(header)
    for name, r in rows.items():
        print(
            f"{name:<8} {r['facts']:>6} {r['questions']:>9} {r['build_s']:>9.2f}s {r['start_ms']:>10.2f} ms "
            f"{r['start_p90_ms']:>5.2f} ms {r['lookup_ms'] * 1000:>9.2f} µs {r['floor_ms']:>10.2f} ms "
            f"{r['rss_app']:>5.0f} MiB {r['rss_1']:>4.0f} MiB "
            f"{r['rss_all']:>4.0f} MiB {r['rss_all'] - r['rss_1']:>+4.0f} MiB"
        )


if __name__ == "__main__":
    main()
