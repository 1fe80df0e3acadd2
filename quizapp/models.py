"""Database tables. Timestamps are timezone-aware UTC, always supplied by the caller's clock."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask_login import UserMixin
from sqlalchemy import BigInteger, DateTime, Enum, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .roles import Role
from .times import DEFAULT_ZONE
from .times import MAX_LENGTH as ZONE_LENGTH


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC (SQLite's text, PostgreSQL's `timestamp`) and hands back aware UTC datetimes;
    refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class JSONText(TypeDecorator[Any]):
    """JSON kept as readable UTF-8 text, keys sorted."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


# What a user's deletion does to the rows about them (quizapp/services/userdata.py walks every foreign
# key that leads to users.id, so a table added later is covered without being listed anywhere):
# - by default a row referring to the user, directly or through a row that goes, goes with them;
# - a foreign key column with `info={ON_USER_DELETE: KEEP_ROW}` (or `ondelete="SET NULL"`) keeps its
#   row and forgets the user (NULL): rows that others need, such as an uploaded deck.
# The same walk builds « download my data », without the columns marked `info={SECRET: True}`.
ON_USER_DELETE, KEEP_ROW = "on_user_delete", "keep row"
SECRET = "secret"
USERNAME = "username"  # `info={USERNAME: True}`: a column holding the user's name rather than their id
# `info={ACTOR: True}`: the user acted on someone else's row (resolved a learner's report): the row is
# not theirs, so « download my data » leaves it out (their deletion still forgets them in it).
ACTOR = "actor"


# Ids (and positions) go up to 2^63-1, the bound of every id in a URL (quizapp/urls.py): BIGINT on
# PostgreSQL; on SQLite, INTEGER is already 64-bit and keeps its rowid primary key.
Id = BigInteger().with_variant(Integer(), "sqlite")


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"
    __table_args__ = (Index("ix_users_created_ip", "created_ip", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), info={SECRET: True})
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=10, values_callable=lambda roles: [r.value for r in roles], validate_strings=True),
        default=Role.LEARNER,
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    new_per_day: Mapped[int] = mapped_column(default=20, server_default="20")
    created_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)  # to slow down mass registration
    time_zone: Mapped[str] = mapped_column(String(ZONE_LENGTH), default=DEFAULT_ZONE, server_default=DEFAULT_ZONE)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="user")

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class Attempt(db.Model):  # type: ignore[name-defined]
    """One quiz: what was asked (drawn once from the seed and kept), and how it went."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    deck: Mapped[str] = mapped_column(String(80))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONText())
    seed: Mapped[int]
    mode: Mapped[str] = mapped_column(String(10))
    total: Mapped[int]
    score: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship(back_populates="attempts")
    items: Mapped[list[AttemptItem]] = relationship(order_by="AttemptItem.position", back_populates="attempt")

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class AttemptItem(db.Model):  # type: ignore[name-defined]
    """A question of an attempt, frozen as it was drawn: later YAML edits never change it."""

    __tablename__ = "attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Id, ForeignKey("attempts.id"))
    position: Mapped[int] = mapped_column(Id)
    question_id: Mapped[str] = mapped_column(String(255))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONText())

    attempt: Mapped[Attempt] = relationship(back_populates="items")


class Answer(db.Model):  # type: ignore[name-defined]
    """A learner's answer, with the question as shown; at most one per attempt and position."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        Index("ix_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(Id, ForeignKey("attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Id)
    question_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSONText())
    correct_answer: Mapped[Any] = mapped_column(JSONText())
    given: Mapped[Any] = mapped_column(JSONText())
    is_correct: Mapped[bool]
    seconds: Mapped[float | None] = mapped_column(nullable=True)
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginSession(db.Model):  # type: ignore[name-defined]
    """A signed-in browser. Its cookie holds a random token; the row holds the token's SHA-256 digest.

    Deleting the row ends that session wherever its cookie was copied to (logout, « log out
    everywhere », a password or role change).
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True, info={SECRET: True})
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginAttempt(db.Model):  # type: ignore[name-defined]
    """Log-in tries, kept to slow down password guessing (see docs/security.md)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_user_at", "username", "at"), Index("ix_login_ip_at", "ip", "at"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), info={USERNAME: True})
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    success: Mapped[bool]
    device: Mapped[str | None] = mapped_column(String(64), nullable=True)  # a browser that signed in to this account before


class CardState(db.Model):  # type: ignore[name-defined]
    """A learner's memory of one flashcard: the FSRS card, serialised, and when it is next due."""

    __tablename__ = "card_states"
    __table_args__ = (UniqueConstraint("user_id", "card_id"), Index("ix_card_states_due", "user_id", "due"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    card_id: Mapped[str] = mapped_column(String(255))
    fact: Mapped[str] = mapped_column(String(255))
    fsrs: Mapped[dict[str, Any]] = mapped_column(JSONText())
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reps: Mapped[int] = mapped_column(default=0)
    introduced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Review(db.Model):  # type: ignore[name-defined]
    """One review, kept whole so the history can be replayed or rescheduled later."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_user_at", "user_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    card_id: Mapped[str] = mapped_column(String(255))
    fact: Mapped[str] = mapped_column(String(255))
    rating: Mapped[int]
    origin: Mapped[str] = mapped_column(String(10))  # "study" or "quiz"
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSONText(), nullable=True)
    state_after: Mapped[dict[str, Any]] = mapped_column(JSONText())


class CardVersion(db.Model):  # type: ignore[name-defined]
    """When each flashcard's content last changed, so Anki exports update only edited notes."""

    __tablename__ = "card_versions"

    card_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DeckVersion(db.Model):  # type: ignore[name-defined]
    """An uploaded deck file, kept whole: every version stays; the newest of each deck is online.

    In the database rather than on one server's disk, so that every server serves the same version.
    """

    __tablename__ = "deck_versions"
    __table_args__ = (Index("ix_deck_versions_deck", "deck_id", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    deck_id: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)  # the file's text (UTF-8, as uploaded)
    # None: imported, or uploaded by an account deleted since (the deck stays: others use it).
    uploaded_by: Mapped[int | None] = mapped_column(Id, ForeignKey("users.id"), nullable=True, info={ON_USER_DELETE: KEEP_ROW})
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class StoryPoint(db.Model):  # type: ignore[name-defined]
    """Where a learner stands in a deck's story for flashcards (story mode): an episode or a day.

    A quiz carries its own point in its settings; the flashcards follow this one until changed.
    """

    __tablename__ = "story_points"
    __table_args__ = (UniqueConstraint("user_id", "deck_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    deck_id: Mapped[str] = mapped_column(String(80))
    point: Mapped[str] = mapped_column(String(80))  # an episode (source id) or « AAAA-MM-JJ »


# --- counters: kept current in each answer's own transaction (services/counters.py) -----------------
# Rebuilt from the history above by `quizapp db rebuild-stats` (and by migration 0006_counters).


class QuestionStat(db.Model):  # type: ignore[name-defined]
    """One question of a deck: how often asked and answered right, with the running sums of its
    discrimination index (docs/statistics.md): over the finished attempts that asked it, `n`, Σx, Σy,
    Σy², Σxy, x being the item's score (0 or 1) and y the rest of the quiz's share."""

    __tablename__ = "question_stats"

    deck: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # as last answered
    prompt: Mapped[str] = mapped_column(Text)  # as last shown
    asked: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)
    timed: Mapped[int] = mapped_column(Integer, default=0)  # answers with a time taken
    seconds: Mapped[float] = mapped_column(default=0.0)  # their sum
    n: Mapped[int] = mapped_column(Integer, default=0)
    sum_x: Mapped[int] = mapped_column(Integer, default=0)
    sum_y: Mapped[float] = mapped_column(default=0.0)
    sum_yy: Mapped[float] = mapped_column(default=0.0)
    sum_xy: Mapped[float] = mapped_column(default=0.0)


class QuestionChoiceStat(db.Model):  # type: ignore[name-defined]
    """One choice of a question (by its text: distractors vary from quiz to quiz): how often it was
    shown and picked, and whether it is a right answer (as last shown)."""

    __tablename__ = "question_choice_stats"

    deck: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the text: a short key
    choice: Mapped[str] = mapped_column(Text)
    is_answer: Mapped[bool]
    offered: Mapped[int] = mapped_column(Integer, default=0)
    picked: Mapped[int] = mapped_column(Integer, default=0)


class QuestionTimeStat(db.Model):  # type: ignore[name-defined]
    """How many answers to a question took a time within one fixed bucket (services/counters.BUCKETS)."""

    __tablename__ = "question_time_stats"

    deck: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    answers: Mapped[int] = mapped_column(Integer, default=0)


class LearnerStat(db.Model):  # type: ignore[name-defined]
    """A learner's quizzes at a glance: what the admin's list of users shows, without reading attempts."""

    __tablename__ = "learner_stats"

    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    finished: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)
    percent_sum: Mapped[float] = mapped_column(default=0.0)  # Σ over attempts of 100·score/total
    last_activity: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LearnerKindStat(db.Model):  # type: ignore[name-defined]
    """A learner's answers to one kind of question, and how many were right."""

    __tablename__ = "learner_kind_stats"

    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)


class LearnerQuestionStat(db.Model):  # type: ignore[name-defined]
    """A learner's answers to one question: « Mes scores »' most missed questions and the quiz of one's
    mistakes, without reading the learner's whole history."""

    __tablename__ = "learner_question_stats"

    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    deck: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    prompt: Mapped[str] = mapped_column(Text)  # as last shown
    asked: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)


class ErrorReport(db.Model):  # type: ignore[name-defined]
    """« Signaler une erreur »: a learner's words about a question or card, kept with it as shown.

    `shown` is the quiz item's snapshot, or the card as shown (front, back, explanation, source);
    `facts` are the facts it was drawn from, by which the author page groups the reports.
    """

    __tablename__ = "error_reports"
    __table_args__ = (
        Index("ix_error_reports_open", "resolved_at", "id"),
        Index("ix_error_reports_user_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # a report outlives its author's account: the author's words stay for the deck's authors
    user_id: Mapped[int | None] = mapped_column(Id, ForeignKey("users.id"), nullable=True, info={ON_USER_DELETE: KEEP_ROW})
    origin: Mapped[str] = mapped_column(String(10))  # "quiz" or "card"
    attempt_item_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("attempt_items.id"), nullable=True, info={ON_USER_DELETE: KEEP_ROW}
    )  # quiz only; the report keeps the question as shown when the attempt goes
    deck_id: Mapped[str] = mapped_column(String(80))
    item_id: Mapped[str] = mapped_column(String(255))  # the question's or the card's id
    facts: Mapped[list[str]] = mapped_column(JSONText())
    shown: Mapped[dict[str, Any]] = mapped_column(JSONText())
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(
        Id, ForeignKey("users.id"), nullable=True, info={ON_USER_DELETE: KEEP_ROW, ACTOR: True}
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class SchoolClass(db.Model):  # type: ignore[name-defined]
    """A teacher's class: learners join it with its code."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    teacher_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ClassMember(db.Model):  # type: ignore[name-defined]
    __tablename__ = "class_members"
    __table_args__ = (UniqueConstraint("class_id", "user_id"), Index("ix_class_members_user", "user_id"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    class_id: Mapped[int] = mapped_column(Id, ForeignKey("classes.id"))
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class Assignment(db.Model):  # type: ignore[name-defined]
    """A quiz the teacher sets a class, with its settings (services.quizzes.Settings) and a due date."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_class", "class_id", "due_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    class_id: Mapped[int] = mapped_column(Id, ForeignKey("classes.id"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONText())
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AssignmentAttempt(db.Model):  # type: ignore[name-defined]
    """An attempt started from an assignment (one link per attempt)."""

    __tablename__ = "assignment_attempts"
    __table_args__ = (Index("ix_assignment_attempts_assignment", "assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(Id, ForeignKey("assignments.id"))
    attempt_id: Mapped[int] = mapped_column(Id, ForeignKey("attempts.id"), unique=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))


class ClassJoinTry(db.Model):  # type: ignore[name-defined]
    """A wrong class code typed by a learner, kept to slow down code guessing."""

    __tablename__ = "class_join_tries"
    __table_args__ = (Index("ix_class_join_tries_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
