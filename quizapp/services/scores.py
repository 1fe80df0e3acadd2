"""Score summaries for a learner and for the admin, read from stored answers (never from YAML)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from .. import paging
from ..content import KINDS
from ..extensions import db
from ..models import Answer, Attempt, User
from . import quizzes


class _Rate:
    asked: int
    correct: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.asked) if self.asked else 0


@dataclass(frozen=True)
class KindAccuracy(_Rate):
    kind: str
    label: str
    asked: int
    correct: int


@dataclass(frozen=True)
class Missed:
    question_id: str
    deck: str
    prompt: str
    misses: int
    asked: int


@dataclass(frozen=True)
class Summary:
    attempts: list[Attempt]
    by_kind: list[KindAccuracy]
    missed: list[Missed]


def _correct_sum() -> ColumnElement[Any]:
    return func.sum(case((Answer.is_correct, 1), else_=0))


def summary(user_id: int, limit: int = 10) -> Summary:
    """A learner's attempts (newest first), accuracy by kind, and most missed questions."""
    attempts = list(
        db.session.scalars(
            select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
    )
    mine = select(Attempt.id).where(Attempt.user_id == user_id)
    rows = db.session.execute(
        select(Answer.kind, func.count(), _correct_sum()).where(Answer.attempt_id.in_(mine)).group_by(Answer.kind)
    ).all()
    by_kind = sorted(
        (KindAccuracy(kind, KINDS.get(kind, kind), asked, int(correct or 0)) for kind, asked, correct in rows),
        key=lambda k: list(KINDS).index(k.kind) if k.kind in KINDS else len(KINDS),
    )
    misses = func.count() - _correct_sum()
    missed_rows = db.session.execute(
        select(Answer.question_id, Attempt.deck, func.max(Answer.prompt), misses, func.count())
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(Answer.question_id, Attempt.deck)
        .having(misses > 0)
        .order_by(misses.desc(), Answer.question_id)
        .limit(limit)
    ).all()
    return Summary(attempts, by_kind, [Missed(*row) for row in missed_rows])


@dataclass(frozen=True)
class Unfinished:
    """A quiz left before its end, and where it resumes."""

    attempt: Attempt
    next_position: int


def unfinished(user_id: int, page: int) -> paging.Page[Unfinished]:
    """A page of the learner's unfinished quizzes, newest first, each with its first unanswered question."""
    found = paging.of_select(
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_(None))
        .order_by(Attempt.started_at.desc(), Attempt.id.desc()),
        page,
    )
    resume = quizzes.next_positions([a.id for a in found.items])
    items = [Unfinished(a, resume[a.id]) for a in found.items if a.id in resume]
    return paging.Page(items, found.number, found.total, found.per_page)


def missed_ids(user_id: int, deck: str, limit: int = 20) -> list[str]:
    """The questions this learner got wrong most often in a deck."""
    misses = func.count() - _correct_sum()
    return list(
        db.session.scalars(
            select(Answer.question_id)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.user_id == user_id, Attempt.deck == deck)
            .group_by(Answer.question_id)
            .having(misses > 0)
            .order_by(misses.desc(), Answer.question_id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class UserRow:
    user: User
    attempts: int
    average: int | None
    last_activity: dt.datetime | None


def users() -> list[UserRow]:
    """Every account with its number of attempts, average score (%) and last activity."""
    stats = (
        select(
            Attempt.user_id,
            func.count(Attempt.id).label("n"),
            func.avg(case((Attempt.total > 0, 100.0 * Attempt.score / Attempt.total))).label("avg"),
            func.max(func.coalesce(Attempt.finished_at, Attempt.started_at)).label("last"),
        )
        .group_by(Attempt.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, stats.c.n, stats.c.avg, stats.c.last).outerjoin(stats, stats.c.user_id == User.id).order_by(User.username)
    ).all()
    out = []
    for user, n, avg, last in rows:
        if isinstance(last, str):  # SQLite returns max() over a DateTime column as text
            last = dt.datetime.fromisoformat(last)
        out.append(UserRow(user, n or 0, round(avg) if avg is not None else None, last.replace(tzinfo=dt.UTC) if last else None))
    return out


@dataclass(frozen=True)
class QuestionRow(_Rate):
    question_id: str
    deck: str
    kind: str
    prompt: str
    asked: int
    correct: int


def questions() -> list[QuestionRow]:
    """Per question: how often it was asked and how often answered right (hardest first)."""
    rows = db.session.execute(
        select(Answer.question_id, Attempt.deck, func.max(Answer.kind), func.max(Answer.prompt), func.count(), _correct_sum())
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .group_by(Answer.question_id, Attempt.deck)
    ).all()
    table = [QuestionRow(q, d, k, p, n, int(c or 0)) for q, d, k, p, n, c in rows]
    return sorted(table, key=lambda r: (r.percent, -r.asked, r.question_id))
