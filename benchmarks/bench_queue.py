"""Time the study queue of one learner with 10,000 cards and 100,000 stored reviews.

Run: python benchmarks/bench_queue.py [--repeat 30]

Builds a synthetic deck (benchmarks/synthetic.py) with at least 10,000 flashcards, gives one
learner a memory state for every card and 100,000 past reviews over a year, then times
`study.build_queue` (the « Réviser » page's work). Baseline in the same run: reading the learner's
10,000 card states with one plain SELECT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import build

from quizapp import create_app
from quizapp.extensions import db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-queue-"))
    facts = build(int(args.cards * 0.9), tmp / "decks" / "synthetic")
    now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}",
            "QUESTIONS_DIR": str(facts.parent),
            "CLOCK": lambda: now,
        }
    )
    from sqlalchemy import insert, select, text

    from quizapp.models import CardState, Review, User
    from quizapp.services import study

    rng = random.Random(0)
    with app.app_context():
        store = app.extensions["decks"]
        cards = list(store.cards().values())[: args.cards]
        assert len(cards) >= args.cards, f"only {len(cards)} cards"
        user = User(username="bench", password_hash="x", role="learner", created_at=now)
        db.session.add(user)
        db.session.commit()
        memory = {
            "card_id": 1,
            "state": 2,
            "step": None,
            "stability": 12.0,
            "difficulty": 5.0,
            "due": now.isoformat(),
            "last_review": now.isoformat(),
        }
        db.session.execute(
            insert(CardState),
            [
                {
                    "user_id": user.id,
                    "card_id": c.id,
                    "fact": c.fact,
                    "fsrs": memory,
                    "reps": 10,
                    "due": now + dt.timedelta(hours=rng.uniform(-24 * 30, 24 * 60)),
                    "introduced_at": now - dt.timedelta(days=400),
                }
                for c in cards
            ],
        )
        db.session.execute(
            insert(Review),
            [
                {
                    "user_id": user.id,
                    "card_id": (c := rng.choice(cards)).id,
                    "fact": c.fact,
                    "rating": rng.randint(1, 4),
                    "origin": "study",
                    "reviewed_at": now - dt.timedelta(minutes=rng.uniform(0, 365 * 24 * 60)),
                    "state_before": memory,
                    "state_after": memory,
                }
                for _ in range(args.reviews)
            ],
        )
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        counts = (db.session.scalar(select(db.func.count(CardState.id))), db.session.scalar(select(db.func.count(Review.id))))

        def timed(fn) -> float:
            samples = []
            for _ in range(args.repeat):
                db.session.expire_all()
                t0 = time.perf_counter()
                fn()
                samples.append(time.perf_counter() - t0)
            return statistics.median(samples) * 1000

        baseline = timed(
            lambda: db.session.execute(select(CardState.card_id, CardState.due).where(CardState.user_id == user.id)).all()
        )
        queue_ms = timed(lambda: study.build_queue(user, store, now))
        queue = study.build_queue(user, store, now)
    print(f"learner: {counts[0]} card states, {counts[1]} reviews; queue: {len(queue.due)} due, {len(queue.new)} new")
    print(f"baseline (read the 10,000 states): {baseline:.1f} ms median")
    print(f"build_queue:                       {queue_ms:.1f} ms median ({queue_ms / baseline:.1f}x baseline)")
    print(f"target < 50 ms: {queue_ms < 50}")


if __name__ == "__main__":
    main()
