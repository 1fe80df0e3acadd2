"""The admin pages read counters, not history: their time at 100k and at 1M answers.

Run:  python benchmarks/bench_stats.py [--sizes 100000 1000000] [--users 10000] [--repeat 15]

For each size, a new SQLite file: `--users` learners, quizzes of 20 questions from the saga deck's
bank, one learner with 2,000 of them, and the answers, written with `executemany` in plain SQL (the
INSERTs compiled from the models' tables), then `counters.rebuild` (the same as `quizapp db
rebuild-stats`). Then, through Flask's test client: the admin's question statistics page (page 1,
and sorted by discrimination), the admin's users page, and « Mes scores » of the learner with 2,000
quizzes. Prints each page's median and the 1M/100k growth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

PASSWORD = "benchmark password"
NOW = dt.datetime(2026, 11, 27, 9, 0)
QUIZ = 20
HEAVY_LEARNER_QUIZZES = 2000
CHUNK = 50_000


def insert_sql(table: Any) -> tuple[str, list[str]]:
    """The table's INSERT as SQLite writes it, and its columns in placeholder order."""
    from sqlalchemy import insert
    from sqlalchemy.dialects import sqlite

    compiled = insert(table).compile(dialect=sqlite.dialect(paramstyle="qmark"), column_keys=[c.name for c in table.columns])
    return str(compiled), list(compiled.positiontup or [])


def rows_of(columns: Sequence[str], rows: Iterator[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        yield tuple(row[c] for c in columns)


def fill(path: Path, answers: int, users: int, seed: int = 1) -> dict[str, int]:
    """Learners, quizzes, frozen questions and answers, straight into the SQLite file."""
    from quizapp.content import load_deck
    from quizapp.decks import build_bank
    from quizapp.models import Answer, Attempt, AttemptItem, User
    from quizapp.paths import shipped

    deck = load_deck(shipped("questions") / "openai-saga")
    bank = [q for q in build_bank(deck, 0, "openai-saga").questions if q.choices]
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")  # filling only: the app sets its own pragmas
    user_sql, user_cols = insert_sql(User.__table__)
    stamp = NOW.isoformat(sep=" ")
    con.executemany(
        user_sql,
        rows_of(
            user_cols,
            (
                {
                    "id": i,
                    "username": f"learner{i:05d}",
                    "password_hash": "x",
                    "role": "learner",
                    "time_zone": "Europe/Paris",
                    "created_at": stamp,
                    "new_per_day": 20,
                    "created_ip": None,
                }
                for i in range(1, users + 1)
            ),
        ),
    )
    attempts = answers // QUIZ
    attempt_sql, attempt_cols = insert_sql(Attempt.__table__)
    item_sql, item_cols = insert_sql(AttemptItem.__table__)
    answer_sql, answer_cols = insert_sql(Answer.__table__)

    def owner(a: int) -> int:
        return 1 if a <= HEAVY_LEARNER_QUIZZES else 2 + a % (users - 1)

    next_item = next_answer = 1
    for first in range(1, attempts + 1, CHUNK // QUIZ):
        last = min(attempts, first + CHUNK // QUIZ - 1)
        quiz_rows, item_rows, answer_rows = [], [], []
        for a in range(first, last + 1):
            started = NOW - dt.timedelta(minutes=attempts - a)
            questions = rng.sample(bank, QUIZ)
            score = 0
            for position, q in enumerate(questions, start=1):
                given = rng.choice(q.choices)
                right = given == q.answer
                score += right
                item_rows.append(
                    {
                        "id": next_item,
                        "attempt_id": a,
                        "position": position,
                        "question_id": q.id,
                        "snapshot": json.dumps({"format": q.format}),
                    }
                )
                answer_rows.append(
                    {
                        "id": next_answer,
                        "attempt_id": a,
                        "position": position,
                        "question_id": q.id,
                        "kind": q.kind,
                        "prompt": q.prompt,
                        "choices": json.dumps(list(q.choices), ensure_ascii=False),
                        "correct_answer": json.dumps(q.answer, ensure_ascii=False),
                        "given": json.dumps(given, ensure_ascii=False),
                        "is_correct": right,
                        "seconds": rng.uniform(1, 60),
                        "answered_at": started.isoformat(sep=" "),
                    }
                )
                next_item += 1
                next_answer += 1
            quiz_rows.append(
                {
                    "id": a,
                    "user_id": owner(a),
                    "deck": "openai-saga",
                    "settings": "{}",
                    "seed": a,
                    "mode": "practice",
                    "total": QUIZ,
                    "score": score,
                    "answered": QUIZ,
                    "started_at": started.isoformat(sep=" "),
                    "finished_at": started.isoformat(sep=" "),
                }
            )
        con.executemany(attempt_sql, rows_of(attempt_cols, iter(quiz_rows)))
        con.executemany(item_sql, rows_of(item_cols, iter(item_rows)))
        con.executemany(answer_sql, rows_of(answer_cols, iter(answer_rows)))
        con.commit()
    con.close()
    return {"answers": attempts * QUIZ, "attempts": attempts, "questions": len({q.id for q in bank})}


def median_ms(client: Any, path: str, repeat: int) -> float:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def measure(size: int, users: int, repeat: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="quizapp-bench-stats-"))
    os.environ["QUIZAPP_INSTANCE"] = str(folder / "instance")
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.roles import Role
    from quizapp.services import accounts, counters

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "TESTING": True}
    create_app(config)  # the empty schema
    started = time.perf_counter()
    filled = fill(folder / "bench.sqlite", size, users)
    fill_seconds = time.perf_counter() - started
    app = create_app(config)
    started = time.perf_counter()
    with app.app_context(), db.engine.begin() as connection:
        counters.rebuild(connection)
    rebuild_seconds = time.perf_counter() - started
    with app.app_context():
        accounts.register("chef", PASSWORD, dt.datetime.now(dt.UTC), role=Role.ADMIN)
    admin, heavy = app.test_client(), app.test_client()
    assert admin.post("/compte/connexion", data={"username": "chef", "password": PASSWORD}).status_code == 302
    with app.app_context():
        from quizapp.passwords import hash_password  # the heavy learner signs in like anyone

        db.session.execute(db.text("UPDATE users SET password_hash = :h WHERE id = 1"), {"h": hash_password(PASSWORD)})
        db.session.commit()
    assert heavy.post("/compte/connexion", data={"username": "learner00001", "password": PASSWORD}).status_code == 302
    result = {
        "questions page": median_ms(admin, "/statistiques/openai-saga", repeat),
        "questions page, by discrimination": median_ms(admin, "/statistiques/openai-saga?tri=discrimination", repeat),
        "users page": median_ms(admin, "/admin", repeat),
        "users page, last page": median_ms(admin, f"/admin?page={users // 50 + 1}", repeat),
        "« Mes scores », 2,000 quizzes": median_ms(heavy, "/scores", repeat),
    }
    print(
        f"{size:>9,} answers ({filled['attempts']:,} quizzes, {filled['questions']} questions, {users:,} users): "
        f"filled in {fill_seconds:.1f} s, counters rebuilt in {rebuild_seconds:.1f} s",
        flush=True,
    )
    for name, ms in result.items():
        print(f"    {name:<36} {ms:8.1f} ms", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    results = {size: measure(size, args.users, args.repeat) for size in args.sizes}
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"growth {large:,} / {small:,} answers:")
        for name in results[small]:
            print(f"    {name:<36} {results[large][name] / results[small][name]:8.2f}x")


if __name__ == "__main__":
    main()
