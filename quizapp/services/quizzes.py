"""Quiz attempts: draw the questions once from a seed, keep them, judge and store each answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..content import Question, question_from_dict
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

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        names = {f.name: f for f in dataclasses.fields(cls)}
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names})


def draw(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """Pick `count` questions, at most one per fact where the pool allows it, in random order."""
    shuffled = list(pool)
    rng.shuffle(shuffled)
    chosen: list[Question] = []
    seen: set[str] = set()
    for question in shuffled:
        if len(chosen) == count:
            break
        if not seen.intersection(question.facts):
            chosen.append(question)
            seen.update(question.facts)
    for question in shuffled:  # a small pool: allow a second question on a fact
        if len(chosen) == count:
            break
        if question not in chosen:
            chosen.append(question)
    return chosen


def _shown_as(question: Question, typed: bool) -> dict[str, Any]:
    """The question as it will be shown: with `typed`, a name to type rather than to pick."""
    data = question.to_dict()
    if typed and question.format == "choice" and question.accepted:
        data["format"], data["choices"] = "text", []
    return data


def start(user_id: int, store: DeckStore, settings: Settings, seed: int, now: dt.datetime) -> Attempt:
    """Create an attempt: questions drawn with `seed` from the bank generated with the same seed.

    Raises:
        QuizError: unknown deck, or no question matches the settings.
    """
    if settings.deck not in store.decks or settings.mode not in MODES:
        raise QuizError("Ce deck n'existe pas.")
    bank = store.bank(settings.deck, seed)
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


# The two busiest statements, built once: building SQLAlchemy statements costs more than running them.
_SLOT = (
    select(Attempt, AttemptItem, Answer)
    .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
    .outerjoin(Answer, (Answer.attempt_id == Attempt.id) & (Answer.position == AttemptItem.position))
    .where(
        Attempt.id == bindparam("attempt_id"),
        Attempt.user_id == bindparam("user_id"),
        AttemptItem.position == bindparam("position"),
    )
)
_COUNT_ANSWER = (
    update(Attempt)
    .where(Attempt.id == bindparam("attempt_id"))
    .values(
        answered=Attempt.answered + 1,
        score=Attempt.score + bindparam("point"),
        finished_at=case(
            ((Attempt.answered + 1 >= Attempt.total) & Attempt.finished_at.is_(None), bindparam("now", type_=UTCDateTime())),
            else_=Attempt.finished_at,
        ),
    )
)


def slot(user_id: int, attempt_id: int, position: int) -> tuple[Attempt, AttemptItem, Answer | None] | None:
    """The user's attempt, its question at `position` and the answer to it, in one query (None: 404)."""
    row = db.session.execute(_SLOT, {"attempt_id": attempt_id, "user_id": user_id, "position": position}).first()
    return (row[0], row[1], row[2]) if row else None


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


def submit(
    attempt: Attempt,
    slot: AttemptItem,
    response: str | Sequence[str],
    seconds: float | None,
    now: dt.datetime,
) -> bool:
    """Judge and store an answer, committed at once; a second submission of it changes nothing.

    The write is one short transaction (an INSERT, then the attempt's counters moved in SQL), so
    two answers to one attempt from two tabs never lose an update and the write lock is held briefly.
    (SQLite opens the write transaction at the INSERT: the reads before it hold no snapshot.)

    Returns:
        True if this call stored the answer, False if it was already there.

    Raises:
        QuizError: the attempt is already finished.
    """
    if attempt.finished_at is not None:
        raise QuizError("Ce quiz est terminé : il ne prend plus de réponse.")
    question = question_from_dict(slot.snapshot)
    correct = question.is_correct(response)
    given: Any = list(response) if not isinstance(response, str) else response
    row = {
        "attempt_id": attempt.id,
        "position": slot.position,
        "question_id": slot.question_id,
        "kind": question.kind,
        "prompt": question.prompt,
        "choices": list(question.choices),
        "correct_answer": slot.snapshot["answer"],
        "given": given,
        "is_correct": correct,
        "answered_at": now,
        "seconds": None if seconds is None else max(0.0, min(seconds, MAX_SECONDS)),
    }
    attempt_id, user_id = attempt.id, attempt.user_id
    try:
        db.session.execute(insert(Answer), row)
    except IntegrityError:  # already answered (a second tab, a double click): nothing changes
        db.session.rollback()
        return False
    db.session.execute(_COUNT_ANSWER, {"attempt_id": attempt_id, "point": 1 if correct else 0, "now": now})
    study.record_quiz_answer(user_id, question.deck, question.facts, correct, now)
    db.session.commit()
    return True
