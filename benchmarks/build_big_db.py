"""Build the large database of issue 14: 10,000 users, 50,000 quizzes of 20 questions, 1,000,000 answers.

Run:  python benchmarks/build_big_db.py INSTANCE [--users 10000] [--quizzes 50000] [--seed 0]
      python benchmarks/build_big_db.py INSTANCE --database postgresql://…   (an empty database)

INSTANCE is a new instance folder (the SQLite file, the secret key); then serve it with
`quizapp serve --instance INSTANCE`. The app creates the schema as on any first start; the rows go
in with executemany, in transactions of `--chunk` rows, through statements built from the models'
own tables (no column written here by hand). Every quiz is a real draw of the shipped saga deck's
questions, finished, each question answered (three in four right), stamped over the past year.

Accounts (password « mot de passe du banc » for all): `admin` (administrator), `grand-eleve` with
2,000 quizzes (the « Mes scores » row of the issue), then `eleve00001`… sharing the other quizzes.
Flashcard reviews are not made (the study pages are measured elsewhere: bench_queue.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PASSWORD = "mot de passe du banc"
BIG_LEARNER_QUIZZES = 2000
DECK = "openai-saga"


def chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: <instance>/quizapp.sqlite)")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--quizzes", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=50_000, help="rows per transaction")
    parser.add_argument("--draws", type=int, default=1000, help="distinct quizzes drawn, dealt round-robin")
    args = parser.parse_args()
    args.instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ["QUIZAPP_INSTANCE"] = str(args.instance.resolve())
    if args.database:
        os.environ["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = args.database

    from sqlalchemy import func, insert, select

    from quizapp import create_app, sql
    from quizapp.content import KINDS, generate
    from quizapp.decks import build_bank
    from quizapp.extensions import db
    from quizapp.models import Answer, Attempt, AttemptItem, User
    from quizapp.passwords import hash_password
    from quizapp.roles import Role
    from quizapp.services import counters, quizzes

    t0 = time.perf_counter()
    app = create_app()
    rng = random.Random(args.seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(User)):
            raise SystemExit(f"{args.instance}: the database already has users; give a new instance folder")
        deck = app.extensions["decks"].decks[DECK]
        pool = build_bank(deck, args.seed, DECK, generate).by_kind(list(KINDS), ())
        password = hash_password(PASSWORD)  # one hash for every account: hashing 10,000 would take minutes

        def users() -> Iterator[dict[str, Any]]:
            for user_id in range(1, args.users + 1):
                name, role = {1: ("admin", Role.ADMIN), 2: ("grand-eleve", Role.LEARNER)}.get(
                    user_id, (f"eleve{user_id:05d}", Role.LEARNER)
                )
                created = now - dt.timedelta(days=400, seconds=rng.randrange(86_400))
                yield {"id": user_id, "username": name, "password_hash": password, "role": role, "created_at": created}

        def owner(quiz_id: int) -> int:
            if quiz_id <= BIG_LEARNER_QUIZZES:
                return 2
            return 3 + (quiz_id * 7919) % (args.users - 2)  # the others, spread evenly

        drawn: list[tuple[int, int, dt.datetime, list[Any]]] = []  # filled as the quizzes are made
        # Drawing a quiz takes milliseconds: a set of real draws, dealt round-robin to the quizzes.
        draws = [quizzes.draw(pool, 20, random.Random(rng.randrange(2**31))) for _ in range(min(args.draws, args.quizzes))]
        snapshots = {q.id: q.to_dict() for q in pool}

        def attempts() -> Iterator[dict[str, Any]]:
            settings = quizzes.Settings(deck=DECK, count=20, kinds=tuple(KINDS), mode="practice")
            for quiz_id in range(1, args.quizzes + 1):
                questions = draws[quiz_id % len(draws)]
                right = [rng.random() < 0.75 for _ in questions]
                started = now - dt.timedelta(seconds=rng.randrange(365 * 86_400))
                drawn.append((quiz_id, owner(quiz_id), started, list(zip(questions, right, strict=True))))
                yield {
                    "id": quiz_id,
                    "user_id": owner(quiz_id),
                    "deck": DECK,
                    "settings": settings.to_dict(),
                    "seed": quiz_id,
                    "mode": "practice",
                    "total": len(questions),
                    "score": sum(right),
                    "answered": len(questions),
                    "started_at": started,
                    "finished_at": started + dt.timedelta(seconds=15 * len(questions)),
                }

        def items_and_answers() -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
            for quiz_id, _user, started, asked in drawn:
                for position, (question, right) in enumerate(asked, start=1):
                    snapshot = snapshots[question.id]
                    wrong = next((c for c in question.choices if c != question.answer), "personne")
                    given: Any = question.answer if right else ([wrong] if question.format == "multi" else wrong)
                    if isinstance(given, tuple):
                        given = list(given)
                    item = {"attempt_id": quiz_id, "position": position, "question_id": question.id, "snapshot": snapshot}
                    answer = {
                        "attempt_id": quiz_id,
                        "position": position,
                        "question_id": question.id,
                        "kind": question.kind,
                        "prompt": question.prompt,
                        "choices": list(question.choices),
                        "correct_answer": snapshot["answer"],
                        "given": given,
                        "is_correct": question.is_correct(given),
                        "seconds": rng.uniform(4, 40),
                        "answered_at": started + dt.timedelta(seconds=15 * position),
                    }
                    yield item, answer

        counts = {}
        with db.engine.connect() as core:  # SQLAlchemy's executemany: it fills in the columns' defaults
            for table, rows in ((User.__table__, users()), (Attempt.__table__, attempts())):
                counts[table.name] = 0
                for batch in chunks(rows, args.chunk):
                    with core.begin():
                        core.execute(insert(table), batch)
                    counts[table.name] += len(batch)
        # The million rows: every column given, the DB-API's executemany (SQLAlchemy's per-row work
        # would take several times as long), statements compiled from the same tables by quizapp.sql.
        connection = db.engine.raw_connection()
        try:
            counts["attempt_items"] = counts["answers"] = 0
            pairs = items_and_answers()
            while True:
                batch_pairs = [pair for _, pair in zip(range(args.chunk), pairs, strict=False)]
                if not batch_pairs:
                    break
                sql.execute_many(insert(AttemptItem.__table__), [item for item, _ in batch_pairs], connection)
                sql.execute_many(insert(Answer.__table__), [answer for _, answer in batch_pairs], connection)
                connection.commit()
                counts["attempt_items"] += len(batch_pairs)
                counts["answers"] += len(batch_pairs)
        finally:
            connection.close()
        with db.engine.begin() as core:  # the statistics counters (services/counters.py), from the history just written
            counters.rebuild(core)
        db.engine.dispose()
    seconds = time.perf_counter() - t0
    size = ""
    database = args.instance / "quizapp.sqlite"
    if not args.database and database.exists():
        size = f", {database.stat().st_size / 2**20:,.0f} MiB"
    print(
        f"| {counts['users']:,} users | {counts['attempts']:,} quizzes | {counts['attempt_items']:,} questions "
        f"| {counts['answers']:,} answers | built in {seconds:.0f} s{size} |"
    )
    print(f"log in as admin or grand-eleve, password « {PASSWORD} »: quizapp serve --instance {args.instance}")


if __name__ == "__main__":
    main()
