"""« Download my data » and « delete my account » for a learner with a long history, on SQLite.

Run:  python benchmarks/bench_account.py [--attempts 500] [--per-attempt 20]

Two learners get the same history (attempts of N questions, all answered, a card state and a review
per answer); the first downloads their data, then deletes their account. Prints the time of each,
the file's size, and checks that the second learner's rows are all still there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, AttemptItem, CardState, Review, User
from quizapp.roles import Role
from quizapp.services import accounts

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def history(user_id: int, attempts: int, per: int, first_id: int) -> None:
    conn = db.session.connection()
    rows_a, rows_i, rows_ans, rows_c, rows_r = [], [], [], [], []
    for a in range(attempts):
        attempt_id = first_id + a
        rows_a.append(
            {
                "id": attempt_id,
                "user_id": user_id,
                "deck": "d",
                "settings": {},
                "seed": a,
                "mode": "exam",
                "total": per,
                "score": per // 2,
                "answered": per,
                "started_at": NOW,
                "finished_at": NOW,
            }
        )
        for p in range(1, per + 1):
            snap = {"prompt": f"Question {p} ?", "choices": ["a", "b", "c", "d"], "answer": "a"}
            rows_i.append({"attempt_id": attempt_id, "position": p, "question_id": f"q{p}", "snapshot": snap})
            rows_ans.append(
                {
                    "attempt_id": attempt_id,
                    "position": p,
                    "question_id": f"q{p}",
                    "kind": "role",
                    "prompt": snap["prompt"],
                    "choices": snap["choices"],
                    "correct_answer": "a",
                    "given": "b",
                    "is_correct": False,
                    "seconds": 4.5,
                    "answered_at": NOW,
                }
            )
            card = f"c{a}-{p}"
            rows_c.append({"user_id": user_id, "card_id": card, "fact": card, "fsrs": {"s": 1}, "due": NOW, "reps": 1})
            rows_r.append(
                {
                    "user_id": user_id,
                    "card_id": card,
                    "fact": card,
                    "rating": 3,
                    "origin": "quiz",
                    "reviewed_at": NOW,
                    "state_before": None,
                    "state_after": {"s": 1},
                }
            )
    for model, rows in ((Attempt, rows_a), (AttemptItem, rows_i), (Answer, rows_ans), (CardState, rows_c), (Review, rows_r)):
        conn.execute(insert(model.__table__), rows)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--per-attempt", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "b",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'b.sqlite'}",
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_KIB": 8,
                "ARGON2_PARALLELISM": 1,
                "CLOCK": lambda: NOW,
            }
        )
        with app.test_request_context():
            ids = [accounts.register(name, "motdepasse", NOW, role=Role.LEARNER).id for name in ("ann", "bob")]
            for k, user_id in enumerate(ids):
                history(user_id, args.attempts, args.per_attempt, 1 + k * args.attempts)
            bo_rows = db.session.scalar(select(func.count()).select_from(Answer).join(Attempt).where(Attempt.user_id == ids[1]))
            start = time.perf_counter()
            data = json.dumps(accounts.export(ids[0], NOW), ensure_ascii=False, indent=1, sort_keys=True)
            exported = time.perf_counter() - start
            start = time.perf_counter()
            counts = accounts.delete_account(ids[0], "motdepasse", "127.0.0.1", NOW)
            deleted = time.perf_counter() - start
            left = db.session.scalar(select(func.count()).select_from(Answer).join(Attempt).where(Attempt.user_id == ids[1]))
            assert left == bo_rows and db.session.scalar(select(func.count(User.id))) == 1
    answers = args.attempts * args.per_attempt
    print(f"history: {args.attempts} attempts, {answers} answers, {answers} card states, {answers} reviews per learner")
    print(f"export   {exported * 1000:8.0f} ms  {len(data.encode()) / 1e6:.1f} MB")
    print(f"delete   {deleted * 1000:8.0f} ms  (with one password check) rows: {sum(counts.values())}")
    print(f"the other learner's {bo_rows} answers: all still there")


if __name__ == "__main__":
    main()
