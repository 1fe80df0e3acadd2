"""What the learner's charts cost: the pure SVG drawing, and the queries behind them on a long history.

Run:  python benchmarks/bench_charts.py [--attempts 500] [--cards 5000] [--reviews 20000] [--repeat 5]

Builds quizapp on a temporary SQLite file, gives two learners the same long history (finished
quizzes of 20 answers on the saga's real questions, flashcard states due over the next 60 days,
reviews over the last 16 weeks), then times, best of `--repeat`:

- the charts alone from plain lists (`quizapp.charts`, at their largest: 50 points, 30 days, 12
  weeks, 16 kinds, 200 questions on the scatter);
- `progress.score_charts` and `progress.study_charts` for one learner (queries + drawing);
- the whole « Mes scores » and « Réviser » pages through the test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fsrs import Card as MemoryCard
from sqlalchemy import insert

from quizapp import charts, create_app
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, CardState, Review
from quizapp.services import progress, scores

PASSWORD = "benchmark password"
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def best(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def pure_charts() -> None:
    day = dt.timedelta(days=1)
    charts.time_chart("t", "t", [(NOW - k * day, (k * 37) % 101) for k in range(50)])
    charts.bar_chart("f", "f", [str(k) for k in range(30)], [(k * 7) % 13 for k in range(30)])
    charts.bar_chart("r", "r", [str(k) for k in range(12)], [50 + k for k in range(12)], top=100, fmt=charts.percent)
    charts.bar_chart("k", "k", [f"type {k}" for k in range(16)], [k * 6 for k in range(16)], horizontal=True, top=100)
    charts.facility_discrimination([(f"q{k}", (k % 10) / 10, ((k % 7) - 3) / 3) for k in range(200)])


def seed_history(user_id: int, questions: list[tuple[str, str]], args: argparse.Namespace, rng: random.Random) -> None:
    for a in range(args.attempts):
        at = NOW - dt.timedelta(hours=a * 5)
        attempt = db.session.execute(
            insert(Attempt).values(
                user_id=user_id, deck="openai-saga", settings={}, seed=a, mode="practice", total=20,
                score=0, answered=20, started_at=at, finished_at=at + dt.timedelta(minutes=5),
            )
        ).inserted_primary_key[0]  # fmt: skip
        picked = rng.sample(questions, 20)
        rows = [
            {
                "attempt_id": attempt, "position": p + 1, "question_id": qid, "kind": kind, "prompt": "?",
                "choices": [], "correct_answer": "x", "given": "x", "is_correct": rng.random() < 0.7, "answered_at": at,
            }
            for p, (qid, kind) in enumerate(picked)
        ]  # fmt: skip
        db.session.execute(insert(Answer), rows)
        db.session.execute(
            Attempt.__table__.update().where(Attempt.id == attempt).values(score=sum(r["is_correct"] for r in rows))
        )
    db.session.execute(
        insert(CardState),
        [
            {
                "user_id": user_id, "card_id": f"card-{k}", "fact": f"fact-{k}", "fsrs": MemoryCard(card_id=k + 1).to_dict(),
                "due": NOW + dt.timedelta(hours=rng.randrange(-24 * 5, 24 * 60)), "reps": 1, "introduced_at": None,
            }
            for k in range(args.cards)
        ],
    )  # fmt: skip
    db.session.execute(
        insert(Review),
        [
            {
                "user_id": user_id, "card_id": f"card-{k % args.cards}", "fact": "f", "rating": rng.choice((1, 3, 3, 4)),
                "origin": "study", "reviewed_at": NOW - dt.timedelta(minutes=rng.randrange(0, 16 * 7 * 24 * 60)),
                "state_before": None, "state_after": {},
            }
            for k in range(args.reviews)
        ],
    )  # fmt: skip
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QUIZAPP_INSTANCE"] = str(Path(tmp) / "instance")
        app = create_app(
            {
                "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
                "WTF_CSRF_ENABLED": False, "CLOCK": lambda: NOW, "CONTENT_CHECK_SECONDS": 3600.0,
                "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1,
            }
        )  # fmt: skip
        clients = []
        for name in ("alice", "bob"):
            client = app.test_client()
            data = {"username": name, "password": PASSWORD, "confirm": PASSWORD}
            assert client.post("/compte/inscription", data=data).status_code == 302
            clients.append(client)
        rng = random.Random(1)
        with app.app_context():
            store = app.extensions["decks"]
            questions = [(q.id, q.kind) for q in store.questions("openai-saga").values()]
            for user_id in (1, 2):
                seed_history(user_id, questions, args, rng)
        print(f"history per learner: {args.attempts} quizzes ({args.attempts * 20} answers), {args.cards} cards, "
              f"{args.reviews} reviews; two learners")  # fmt: skip
        print(f"pure charts (5 charts at their largest): {best(args.repeat, pure_charts) * 1000:.1f} ms")
        with app.app_context():
            by_kind = scores.summary(1).by_kind
            took = best(args.repeat, lambda: progress.score_charts(1, by_kind, store))
            print(f"progress.score_charts (3 charts, queries included): {took * 1000:.1f} ms")
            took = best(args.repeat, lambda: progress.study_charts(1, NOW, None))
            print(f"progress.study_charts (2 charts, queries included): {took * 1000:.1f} ms")
        for path in ("/scores", "/reviser/"):
            assert clients[0].get(path).status_code == 200, path  # the page itself, not a redirect to the log-in
            took = best(args.repeat, lambda path=path: clients[0].get(path))
            print(f"GET {path}: {took * 1000:.1f} ms (whole page)")


if __name__ == "__main__":
    main()
