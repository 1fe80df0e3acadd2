"""Quiz attempts: draw the questions once from a seed, keep them, judge and store each answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, select, update

from .. import sql
from ..content import Question, question_from_dict
from ..content.french import normalize_answer
from ..decks import DeckStore
from ..extensions import db
from ..models import Answer, Attempt, AttemptItem, UTCDateTime
from . import study

MODES = ("practice", "exam")
COUNTS = (5, 10, 20)
MAX_SECONDS = 3600.0


class QuizError(Exception):
    """A quiz request that cannot be granted; the message is for the learner."""


@dataclass(frozen=True)
class Settings:
    """What the learner asked for; stored with the attempt (JSON) so it can be replayed."""

    deck: str
    count: int
    kinds: tuple[str, ...]
    mode: str
    question_ids: tuple[str, ...] = ()
    typed: bool = False
    tags: tuple[str, ...] = ()
    point: str = ""  # story mode: an episode of the deck or a day (« 2023-11-19 »); empty: the whole story

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        names = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}
        return cls(**values)


MAX_TRUE_FALSE_SHARE = 0.25


def draw(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """Pick `count` questions in random order, at most one per fact where the pool allows it.

    True/false questions are at most a quarter of the quiz while the pool has other questions to
    take their place; only a pool short of those (a learner's narrow choice of kinds or tags) fills
    the rest with true/false rather than give a shorter quiz.
    """
    shuffled = list(pool)
    rng.shuffle(shuffled)
    others = sum(q.format != "truefalse" for q in shuffled)
    true_false_room = max(int(count * MAX_TRUE_FALSE_SHARE), count - others)
    chosen: list[Question] = []
    seen: set[str] = set()
    for fresh_facts_only in (True, False):  # then, in a small pool, a second question on a fact
        for question in shuffled:
            if len(chosen) == count:
                break
            if question in chosen or (fresh_facts_only and seen.intersection(question.facts)):
                continue
            if fresh_facts_only and any(_gives_away(question, other) or _gives_away(other, question) for other in chosen):
                continue
            if question.format == "truefalse" and sum(q.format == "truefalse" for q in chosen) >= true_false_room:
                continue
            chosen.append(question)
            seen.update(question.facts)
    return chosen


def _gives_away(asked: Question, shown: Question) -> bool:
    """True when `shown`'s prompt states `asked`'s answer (« …le 17 novembre 2023 ? » beside « Quel jour… ? »)."""
    answers = asked.answer if isinstance(asked.answer, tuple) else (asked.answer,)
    prompt = f" {normalize_answer(shown.prompt)} "
    return any(len(a) > 3 and f" {a} " in prompt for a in map(normalize_answer, answers) if a not in ("vrai", "faux"))


def _shown_as(question: Question, typed: bool) -> dict[str, Any]:
    """The question as it will be shown: with `typed`, a name to type rather than to pick."""
    data = question.to_dict()
    if typed and question.format == "choice" and question.accepted:
        data["format"], data["choices"] = "text", []
    return data


def start(user_id: int, store: DeckStore, settings: Settings, seed: int, now: dt.datetime) -> Attempt:
    """Create an attempt: questions drawn with `seed` from the bank generated with the same seed.

    Raises:
        QuizError: unknown deck, a point that is not of this deck, or no question matches the settings.
    """
    if settings.deck not in store.decks or settings.mode not in MODES:
        raise QuizError("Ce deck n'existe pas.")
    try:
        bank = store.bank(settings.deck, seed, settings.point)
    except ValueError as exc:
        raise QuizError(str(exc)) from None
    if settings.question_ids:
        wanted = set(settings.question_ids)
        pool = [q for q in bank.questions if q.id in wanted]
    else:
        pool = bank.by_kind(settings.kinds, settings.tags)
    questions = draw(pool, settings.count, random.Random(seed))
    if not questions:
        raise QuizError("Aucune question ne correspond à ces réglages.")
    attempt = Attempt(
        user_id=user_id,
        deck=settings.deck,
        settings=settings.to_dict(),
        seed=seed,
        mode=settings.mode,
        total=len(questions),
        started_at=now,
    )
    attempt.items = [
        AttemptItem(position=i, question_id=q.id, snapshot=_shown_as(q, settings.typed)) for i, q in enumerate(questions, start=1)
    ]
    db.session.add(attempt)
    db.session.commit()
    return attempt


def get(user_id: int, attempt_id: int) -> Attempt | None:
    """The attempt if it belongs to the user (None otherwise: callers answer 404)."""
    return db.session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id))


@dataclass(frozen=True)
class StoredAnswer:
    """What the correction page shows of a stored answer."""

    is_correct: bool
    given: Any
    correct_answer: Any


@dataclass(frozen=True)
class Slot:
    """One question of an attempt as the question page needs it: the question, its attempt, its
    answer's id and, once answered, what the correction shows of the answer."""

    attempt_id: int
    user_id: int
    mode: str
    total: int
    finished: bool
    position: int
    question_id: str
    snapshot: dict[str, Any]
    answer_id: int | None
    answer: StoredAnswer | None = None


# The question page and the answer are the busiest requests: Core statements on the request's
# connection there (see quizapp/sql.py).
_attempts, _items, _answers = Attempt.__table__, AttemptItem.__table__, Answer.__table__
_SLOT = (
    select(
        _attempts.c.id,
        _attempts.c.user_id,
        _attempts.c.mode,
        _attempts.c.total,
        _attempts.c.finished_at.is_not(None),
        _items.c.position,
        _items.c.question_id,
        _items.c.snapshot,
        _answers.c.id,
        _answers.c.is_correct,  # the correction page's: read in the same query (NULL while unanswered)
        _answers.c.given,
        _answers.c.correct_answer,
    )
    .select_from(
        _attempts.join(_items, _items.c.attempt_id == _attempts.c.id).outerjoin(
            _answers, (_answers.c.attempt_id == _attempts.c.id) & (_answers.c.position == _items.c.position)
        )
    )
    .where(
        _attempts.c.id == bindparam("attempt"),
        _attempts.c.user_id == bindparam("user"),
        _items.c.position == bindparam("position"),
    )
)
_COUNT_ANSWER = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("attempt"))
    .values(
        answered=_attempts.c.answered + 1,
        score=_attempts.c.score + bindparam("points", type_=Integer()),
        finished_at=case(
            (
                (_attempts.c.answered + 1 >= _attempts.c.total) & _attempts.c.finished_at.is_(None),
                bindparam("now", type_=UTCDateTime()),
            ),
            else_=_attempts.c.finished_at,
        ),
    )
)


def slot(user_id: int, attempt_id: int, position: int) -> Slot | None:
    """The user's question at `position` of an attempt, in one query (None: not theirs, or no such question)."""
    row = sql.first(_SLOT, {"attempt": attempt_id, "user": user_id, "position": position})
    if row is None:
        return None
    attempt, user, mode, total, finished, at, question_id, snapshot, answer_id, is_correct, given, correct = row
    answer = StoredAnswer(bool(is_correct), given, correct) if answer_id is not None else None
    return Slot(attempt, user, mode, total, bool(finished), at, question_id, snapshot, answer_id, answer)


def stored_answer(item: Slot) -> StoredAnswer | None:
    """The answer as the correction shows it (read with the slot: no query of its own)."""
    return item.answer


def answers(attempt_id: int) -> dict[int, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id))
    return {a.position: a for a in rows}


def next_position(attempt_id: int) -> int | None:
    """The first question not yet answered, or None when all are."""
    return db.session.scalar(
        select(func.min(AttemptItem.position))
        .outerjoin(Answer, (Answer.attempt_id == AttemptItem.attempt_id) & (Answer.position == AttemptItem.position))
        .where(AttemptItem.attempt_id == attempt_id, Answer.id.is_(None))
    )


def submit(item: Slot, response: str | Sequence[str], seconds: float | None, now: dt.datetime) -> bool:
    """Judge and store an answer, committed at once; a second submission of it changes nothing.

    The write is one short transaction (an INSERT, then the attempt's counters moved in SQL), so
    two answers to one attempt from two tabs never lose an update and the write lock is held briefly.
    (`sql.begin_write` opens the write transaction: the reads before it hold no snapshot.)
    Only the duplicate (attempt, position) counts as « already answered »; any other failure of the
    INSERT propagates, so the learner sees an error and the log records it.

    Returns:
        True if this call stored the answer, False if it was already there.

    Raises:
        QuizError: the attempt is already finished.
    """
    if item.finished:
        raise QuizError("Ce quiz est terminé : il ne prend plus de réponse.")
    question = question_from_dict(item.snapshot)
    correct = question.is_correct(response)
    given = response if isinstance(response, str) else list(response)
    seconds = None if seconds is None else max(0.0, min(seconds, MAX_SECONDS))
    sql.begin_write()
    stored = sql.execute(
        sql.insert_or_skip(_answers, sql.dialect().name, "attempt_id", "position"),
        {
            "attempt_id": item.attempt_id,
            "position": item.position,
            "question_id": item.question_id,
            "kind": question.kind,
            "prompt": question.prompt,
            "choices": list(question.choices),
            "correct_answer": item.snapshot["answer"],
            "given": given,
            "is_correct": correct,
            "seconds": seconds,
            "answered_at": now,
        },
    )
    if not stored:  # already answered (a second tab, a double click): nothing changes
        sql.rollback()
        return False
    sql.execute(_COUNT_ANSWER, {"points": 1 if correct else 0, "now": now, "attempt": item.attempt_id})
    study.record_quiz_answer(item.user_id, question.deck, question.facts, correct, now)
    sql.commit()
    return True
