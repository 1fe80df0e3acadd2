"""Counters kept current in each answer's own transaction, so that no page has to read the history.

Per question (deck, question id): how often asked and answered right, how often each choice was
shown and picked, the time taken (a histogram of fixed buckets: a median without the history), and
the running sums of the discrimination index. Per learner: attempts, finished ones, answers, right
ones, the sum of the quizzes' percentages (their average) and the last activity; per learner and
kind of question, and per learner and question: answers and right ones. docs/statistics.md gives the formulas.

Every write is an `INSERT … ON CONFLICT … DO UPDATE` (or a plain UPDATE) built from the models'
tables for the database's dialect, run on the request's connection by `sql.execute` inside the
transaction of the answer it counts: an answer skipped as a duplicate counts nothing, and an answer
rolled back takes its counts with it.

`tally` computes the same counters from the stored history (answers, attempts), in one pass, with
the same rules (`picks`, `bucket_of`, `rest_share`); `rebuild` replaces the counters by that tally
(`quizapp db rebuild-stats`, migration 0006). The tests check that the two always agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, case, cast, delete, func, insert, select, update
from sqlalchemy.sql import ColumnElement, Executable

from .. import sql
from ..models import (
    Answer,
    Attempt,
    AttemptItem,
    LearnerKindStat,
    LearnerQuestionStat,
    LearnerStat,
    QuestionChoiceStat,
    QuestionStat,
    QuestionTimeStat,
)

QUESTIONS: Table = QuestionStat.__table__
CHOICES: Table = QuestionChoiceStat.__table__
TIMES: Table = QuestionTimeStat.__table__
LEARNERS: Table = LearnerStat.__table__
LEARNER_KINDS: Table = LearnerKindStat.__table__
LEARNER_QUESTIONS: Table = LearnerQuestionStat.__table__
COUNTER_TABLES = (QUESTIONS, CHOICES, TIMES, LEARNERS, LEARNER_KINDS, LEARNER_QUESTIONS)

# Upper bounds (seconds, excluded) of the time buckets; the last bucket has none (BUCKETS[-1] and more).
BUCKETS: tuple[float, ...] = (2, 4, 6, 8, 10, 15, 20, 30, 45, 60, 90, 120, 300)
PICKED_FORMATS = ("choice", "multi", "truefalse")  # the formats where a learner picks among shown choices


def bucket_of(seconds: float) -> int:
    """The histogram bucket of a time taken: 0 for [0, 2 s), 1 for [2, 4 s)... len(BUCKETS) from 300 s."""
    return bisect.bisect_right(BUCKETS, seconds)


def bucket_bounds(bucket: int) -> tuple[float, float | None]:
    """A bucket's lower and upper bound in seconds (None: no upper bound)."""
    low = 0.0 if bucket == 0 else float(BUCKETS[bucket - 1])
    return low, float(BUCKETS[bucket]) if bucket < len(BUCKETS) else None


def digest(choice: str) -> str:
    return hashlib.sha256(choice.encode()).hexdigest()


def picks(format_: str, choices: Sequence[str], given: Any, answer: Any) -> list[tuple[str, bool, bool]]:
    """For an answer to a question where the learner picks among choices: each choice shown, once,
    with whether it is a right answer and whether the learner picked it; [] for other formats."""
    if format_ not in PICKED_FORMATS:
        return []
    chosen = {given} if isinstance(given, str) else set(given or ())
    right = {answer} if isinstance(answer, str) else set(answer or ())
    seen: dict[str, tuple[str, bool, bool]] = {}
    for choice in choices:
        seen.setdefault(choice, (choice, choice in right, choice in chosen))
    return list(seen.values())


def rest_share(score: int, total: int, right: bool) -> float:
    """The share of the rest of the quiz answered right: (score without this item) / (total - 1)."""
    return (score - int(right)) / (total - 1)


# --- the writes, in the answer's transaction -----------------------------------------------------


def _excluded(statement: Any, name: str) -> ColumnElement[Any]:
    return statement.excluded[name]


@functools.cache
def _adding(table: Table, dialect_name: str) -> Executable:
    """`INSERT … ON CONFLICT (primary key) DO UPDATE`: numbers are added to the row's, other values
    replace its (a question's kind and prompt as last shown); `last_activity` keeps the later time."""
    statement = sql.insert(table, dialect_name)
    keys = [c.name for c in table.primary_key.columns]
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in keys:
            continue
        new = _excluded(statement, column.name)
        if column.name == "last_activity":
            later = new.is_not(None) & (column.is_(None) | (column < new))
            values[column.name] = case((later, new), else_=column)
        elif column.type.python_type in (int, float):
            values[column.name] = column + new
        else:
            values[column.name] = new
    return statement.on_conflict_do_update(index_elements=keys, set_=values)


_FINISHED = select(
    Attempt.__table__.c.deck, Attempt.__table__.c.total, Attempt.__table__.c.score, Attempt.__table__.c.answered
).where(Attempt.__table__.c.id == bindparam("attempt"))
_ATTEMPT_ANSWERS = (
    select(Answer.__table__.c.question_id, Answer.__table__.c.is_correct)
    .where(Answer.__table__.c.attempt_id == bindparam("attempt"))
    .order_by(Answer.__table__.c.position)
)
_DISCRIMINATION = (
    update(QUESTIONS)
    .where(QUESTIONS.c.deck == bindparam("d"), QUESTIONS.c.question_id == bindparam("q"))
    .values(
        n=QUESTIONS.c.n + 1,
        sum_x=QUESTIONS.c.sum_x + bindparam("x", type_=QUESTIONS.c.sum_x.type),
        sum_y=QUESTIONS.c.sum_y + bindparam("y", type_=QUESTIONS.c.sum_y.type),
        sum_yy=QUESTIONS.c.sum_yy + bindparam("yy", type_=QUESTIONS.c.sum_yy.type),
        sum_xy=QUESTIONS.c.sum_xy + bindparam("xy", type_=QUESTIONS.c.sum_xy.type),
    )
)


def _zeros(table: Table) -> dict[str, Any]:
    """Every counted column of a table at 0 (what an upsert adds unless told otherwise)."""
    return {c.name: 0 for c in table.columns if c.name not in table.primary_key.columns and c.name in _NUMBERS[table.name]}


_NUMBERS = {
    t.name: {c.name for c in t.columns if c.type.python_type in (int, float) and c.name not in t.primary_key.columns}
    for t in COUNTER_TABLES
}


def record_start(user_id: int, now: dt.datetime) -> dict[str, Any]:
    """The values that count a new attempt for its learner (for `start_statement`)."""
    return {**_zeros(LEARNERS), "user_id": user_id, "attempts": 1, "last_activity": now}


def start_statement(dialect_name: str) -> Executable:
    """The upsert `record_start`'s values go to, in the attempt's own transaction."""
    return _adding(LEARNERS, dialect_name)


@dataclass(frozen=True)
class Counted:
    """An answer as the counters see it."""

    attempt_id: int
    user_id: int
    question_id: str
    kind: str
    prompt: str
    format: str
    choices: Sequence[str]
    given: Any
    answer: Any
    right: bool
    seconds: float | None


def record_answer(answer: Counted, now: dt.datetime) -> None:
    """Count a stored answer, on the request's connection, inside its write transaction (after the
    attempt's own counters moved: its score and `answered` include this answer)."""
    name = sql.dialect().name
    found = sql.first(_FINISHED, {"attempt": answer.attempt_id})
    assert found is not None, "the answer's attempt is there: its row was just updated"
    deck, total, score, answered = found
    finished = answered >= total
    x = int(answer.right)
    # The rows of `question_stats` this transaction writes, in the order of their question ids: two
    # quizzes that end together on PostgreSQL lock them in the same order (no deadlock); each
    # question's row, taken first, also guards its choices' and times' rows.
    sums: list[dict[str, Any]] = []
    if finished and total > 1:
        rows = sql.rows(_ATTEMPT_ANSWERS, {"attempt": answer.attempt_id})
        sums = sorted((_sums(deck, question_id, bool(right), score, total) for question_id, right in rows), key=lambda s: s["q"])
    sql.execute_many(_DISCRIMINATION, [s for s in sums if s["q"] < answer.question_id])
    sql.execute(
        _adding(QUESTIONS, name),
        {
            **_zeros(QUESTIONS),
            "deck": deck,
            "question_id": answer.question_id,
            "kind": answer.kind,
            "prompt": answer.prompt,
            "asked": 1,
            "right": x,
            "timed": int(answer.seconds is not None),
            "seconds": answer.seconds or 0.0,
        },
    )
    sql.execute_many(_DISCRIMINATION, [s for s in sums if s["q"] >= answer.question_id])
    shown = picks(answer.format, answer.choices, answer.given, answer.answer)
    if shown:
        sql.execute_many(
            _adding(CHOICES, name),
            [
                {
                    "deck": deck,
                    "question_id": answer.question_id,
                    "digest": digest(choice),
                    "choice": choice,
                    "is_answer": is_answer,
                    "offered": 1,
                    "picked": int(picked),
                }
                for choice, is_answer, picked in shown
            ],
        )
    if answer.seconds is not None:
        sql.execute(
            _adding(TIMES, name),
            {"deck": deck, "question_id": answer.question_id, "bucket": bucket_of(answer.seconds), "answers": 1},
        )
    sql.execute(
        _adding(LEARNERS, name),
        {
            **_zeros(LEARNERS),
            "user_id": answer.user_id,
            "finished": int(finished),
            "answers": 1,
            "right": x,
            "percent_sum": 100.0 * x / total,
            "last_activity": now if finished else None,
        },
    )
    sql.execute(_adding(LEARNER_KINDS, name), {"user_id": answer.user_id, "kind": answer.kind, "asked": 1, "right": x})
    sql.execute(
        _adding(LEARNER_QUESTIONS, name),
        {
            "user_id": answer.user_id,
            "deck": deck,
            "question_id": answer.question_id,
            "prompt": answer.prompt,
            "asked": 1,
            "right": x,
        },
    )


def _sums(deck: str, question_id: str, right: bool, score: int, total: int) -> dict[str, Any]:
    x, y = int(right), rest_share(score, total, right)
    return {"d": deck, "q": question_id, "x": x, "y": y, "yy": y * y, "xy": x * y}


# --- the same counters from the history ----------------------------------------------------------


@dataclass
class Tally:
    """Counters computed in memory, keyed as their tables are (primary key tuple -> column values)."""

    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = field(default_factory=lambda: {t.name: {} for t in COUNTER_TABLES})

    def add(self, table: Table, key: tuple[Any, ...], replace: Mapping[str, Any] = {}, **numbers: float) -> None:
        row = self.rows[table.name].get(key)
        if row is None:
            names = [c.name for c in table.primary_key.columns]
            row = self.rows[table.name][key] = {**dict(zip(names, key, strict=True)), **_zeros(table)}
        row.update(replace)
        for name, value in numbers.items():
            row[name] += value


def _format(on: str) -> ColumnElement[Any]:
    """A snapshot's `format`, read in SQL (the snapshot is JSON text)."""
    snapshot = AttemptItem.__table__.c.snapshot
    if on == "postgresql":
        from sqlalchemy.dialects.postgresql import JSONB  # here: a process on SQLite does without PostgreSQL's modules

        return cast(snapshot, JSONB)["format"].astext
    return func.json_extract(snapshot, "$.format")


def tally(connection: Connection, user_ids: Iterable[int] | None = None, deck: str | None = None) -> Tally:
    """The counters as the history gives them (answers in the order they were stored); restricted to
    some learners and one deck, the statistics of a class.

    Args:
        user_ids: only these learners' attempts (None: everyone's).
        deck: only this deck's attempts (None: every deck).
    """
    a, t, i = Answer.__table__, Attempt.__table__, AttemptItem.__table__
    counted = Tally()
    wanted = list(user_ids) if user_ids is not None else None
    attempts = select(t.c.id, t.c.user_id, t.c.deck, t.c.total, t.c.score, t.c.finished_at, t.c.started_at)
    if wanted is not None:
        attempts = attempts.where(t.c.user_id.in_(wanted))
    if deck is not None:
        attempts = attempts.where(t.c.deck == deck)
    info: dict[int, tuple[int, str, int, int, bool]] = {}
    for attempt_id, user_id, deck_id, total, score, finished_at, started_at in connection.execute(attempts):
        info[attempt_id] = (user_id, deck_id, total, score, finished_at is not None)
        last = finished_at or started_at
        counted.add(LEARNERS, (user_id,), attempts=1, finished=int(finished_at is not None), percent_sum=100.0 * score / total)
        row = counted.rows[LEARNERS.name][(user_id,)]
        if row.get("last_activity") is None or row["last_activity"] < last:
            row["last_activity"] = last
    answers = (
        select(
            a.c.attempt_id,
            a.c.question_id,
            a.c.kind,
            a.c.prompt,
            a.c.choices,
            a.c.given,
            a.c.correct_answer,
            a.c.is_correct,
            a.c.seconds,
            _format(connection.dialect.name),
        )
        .join(i, (i.c.attempt_id == a.c.attempt_id) & (i.c.position == a.c.position))
        .join(t, t.c.id == a.c.attempt_id)
        .order_by(a.c.id)
    )
    if wanted is not None:
        answers = answers.where(t.c.user_id.in_(wanted))
    if deck is not None:
        answers = answers.where(t.c.deck == deck)
    streamed = connection.execute(answers.execution_options(yield_per=2000))  # the statement's option, not the connection's
    for attempt_id, question_id, kind, prompt, choices, given, correct, right, seconds, format_ in streamed:
        if attempt_id not in info:  # started after the attempts were read (a live server): counted next time
            continue
        user_id, deck_id, total, score, finished = info[attempt_id]
        x = int(bool(right))
        key = (deck_id, question_id)
        counted.add(
            QUESTIONS,
            key,
            {"kind": kind, "prompt": prompt},
            asked=1,
            right=x,
            timed=int(seconds is not None),
            seconds=seconds or 0.0,
        )
        for choice, is_answer, picked in picks(format_, choices, given, correct):
            counted.add(
                CHOICES, (*key, digest(choice)), {"choice": choice, "is_answer": is_answer}, offered=1, picked=int(picked)
            )
        if seconds is not None:
            counted.add(TIMES, (*key, bucket_of(seconds)), answers=1)
        counted.add(LEARNERS, (user_id,), answers=1, right=x)
        counted.add(LEARNER_KINDS, (user_id, kind), asked=1, right=x)
        counted.add(LEARNER_QUESTIONS, (user_id, *key), {"prompt": prompt}, asked=1, right=x)
        if finished and total > 1:
            sums = _sums(deck_id, question_id, bool(right), score, total)
            counted.add(QUESTIONS, key, n=1, sum_x=sums["x"], sum_y=sums["y"], sum_yy=sums["yy"], sum_xy=sums["xy"])
    return counted


def read(connection: Connection) -> Tally:
    """The counters as stored, in the same shape as `tally`'s (for the tests and for checking)."""
    stored = Tally()
    for table in COUNTER_TABLES:
        names = [c.name for c in table.primary_key.columns]
        for row in connection.execute(select(table)).mappings():
            stored.rows[table.name][tuple(row[n] for n in names)] = dict(row)
    return stored


CHUNK = 5000


def rebuild(connection: Connection) -> Tally:
    """Replace every counter by the history's tally, in the connection's transaction (the caller
    commits); returns the tally."""
    counted = tally(connection)
    for table in COUNTER_TABLES:
        connection.execute(delete(table))
    for table in COUNTER_TABLES:
        rows = list(counted.rows[table.name].values())
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start : start + CHUNK])
    return counted
