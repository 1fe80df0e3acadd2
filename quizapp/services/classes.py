"""Classes: a teacher's group of learners, joined with a code; its scores and its assignments.

Roles (quizapp/roles.py): a `teacher` may create classes, and so may authors and admins. A
teacher sees only their own classes; a learner sees the classes they joined.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError

from .. import times
from ..decks import DeckStore
from ..extensions import db
from ..models import Assignment, AssignmentAttempt, Attempt, ClassJoinTry, ClassMember, LearnerStat, SchoolClass, User
from ..paging import Page, of_select
from . import quizzes
from .scores import UserRow, user_row

# Join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), drawn with `secrets`:
# 31^8 ≈ 8.5 × 10^11 codes, against at most JOIN_FAILURES wrong tries per learner and JOIN_WINDOW.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
JOIN_FAILURES = 10
JOIN_WINDOW = dt.timedelta(hours=1)
MAX_NAME = 80
CODE_TRIES = 5  # a new code again if a drawn one is taken (about never)


MAX_AHEAD = dt.timedelta(days=2 * 365)  # a due date further than this is a typing slip
TOO_FAR = "La date d'échéance doit tomber dans les deux ans qui viennent."


class ClassError(Exception):
    """A class request that cannot be granted; the message is for the user, `status` the HTTP answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def new_code(choose: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """What the learner typed, as a code: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")[: CODE_LENGTH * 2]


def create(teacher_id: int, name: str, now: dt.datetime, choose: Callable[[str], str] = secrets.choice) -> SchoolClass:
    """A new class of `teacher_id` with a fresh join code.

    Raises:
        ClassError: an empty or too long name.
    """
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ClassError(f"Le nom de la classe : 1 à {MAX_NAME} caractères.")
    for _ in range(CODE_TRIES):
        made = SchoolClass(teacher_id=teacher_id, name=name, code=new_code(choose), created_at=now)
        db.session.add(made)
        try:
            db.session.commit()
        except IntegrityError:  # the code was taken: draw another
            db.session.rollback()
            continue
        return made
    raise ClassError("Aucun code libre n'a été trouvé : réessayez.", 503)


def taught(teacher_id: int, class_id: int) -> SchoolClass | None:
    """The class if `teacher_id` teaches it (None otherwise: callers answer 404)."""
    return db.session.scalar(select(SchoolClass).where(SchoolClass.id == class_id, SchoolClass.teacher_id == teacher_id))


def taught_by(teacher_id: int, page: int = 1) -> Page[SchoolClass]:
    """A page (50, oldest first) of the classes `teacher_id` teaches."""
    return of_select(select(SchoolClass).where(SchoolClass.teacher_id == teacher_id).order_by(SchoolClass.id), page)


def joined_by(user_id: int, page: int = 1) -> Page[SchoolClass]:
    """A page (50, oldest first) of the classes `user_id` is in."""
    return of_select(
        select(SchoolClass)
        .join(ClassMember, ClassMember.class_id == SchoolClass.id)
        .where(ClassMember.user_id == user_id)
        .order_by(SchoolClass.id),
        page,
    )


@dataclass(frozen=True)
class Size:
    """What a class holds besides itself: what its deletion takes away."""

    members: int
    assignments: int


def size(class_id: int) -> Size:
    """How many members and assignments the class has (one query)."""
    members, tasks = db.session.execute(
        select(
            select(func.count()).select_from(ClassMember).where(ClassMember.class_id == class_id).scalar_subquery(),
            select(func.count()).select_from(Assignment).where(Assignment.class_id == class_id).scalar_subquery(),
        )
    ).one()
    return Size(int(members), int(tasks))


def delete_class(school_class: SchoolClass) -> Size:
    """Delete a class, its members' membership and its assignments, in one transaction; how many
    members and assignments went.

    The learners' quizzes and answers stay theirs: only the links that said an attempt was started
    from one of the class's assignments go with the assignments.
    """
    tasks = select(Assignment.id).where(Assignment.class_id == school_class.id)
    db.session.execute(delete(AssignmentAttempt).where(AssignmentAttempt.assignment_id.in_(tasks)))
    gone_tasks = db.session.execute(delete(Assignment).where(Assignment.class_id == school_class.id))
    gone_members = db.session.execute(delete(ClassMember).where(ClassMember.class_id == school_class.id))
    db.session.execute(delete(SchoolClass).where(SchoolClass.id == school_class.id))
    db.session.commit()
    return Size(int(gone_members.rowcount), int(gone_tasks.rowcount))  # type: ignore[attr-defined]


def remove_member(class_id: int, user_id: int) -> str | None:
    """Take a learner out of a class (their quizzes stay theirs, and they may join again with the
    code); their name, or None if they were not in it (callers answer 404)."""
    name = db.session.scalar(
        select(User.username)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == class_id, ClassMember.user_id == user_id)
    )
    if name is None or not leave(user_id, class_id):
        return None
    return name


def _is_member(user_id: int, class_id: int) -> bool:
    return (
        db.session.scalar(select(ClassMember.id).where(ClassMember.class_id == class_id, ClassMember.user_id == user_id))
        is not None
    )


def join(user_id: int, typed: str, now: dt.datetime) -> SchoolClass:
    """Join the class whose code the learner typed; wrong codes are counted and throttled.

    Raises:
        ClassError: too many wrong codes lately (429, nothing checked), a wrong code, one's own
            class, or a class already joined.
    """
    since = now - JOIN_WINDOW
    failures, first = db.session.execute(
        select(func.count(), func.min(ClassJoinTry.at)).where(ClassJoinTry.user_id == user_id, ClassJoinTry.at > since)
    ).one()
    if failures >= JOIN_FAILURES and first is not None:
        minutes = max(1, math.ceil((first + JOIN_WINDOW - now).total_seconds() / 60))
        raise ClassError(f"Trop de codes erronés : réessayez dans {minutes} minute(s).", 429)
    code = normalize_code(typed)
    found = db.session.scalar(select(SchoolClass).where(SchoolClass.code == code)) if len(code) == CODE_LENGTH else None
    if found is None:
        db.session.add(ClassJoinTry(user_id=user_id, at=now))
        db.session.commit()
        left = JOIN_FAILURES - failures - 1
        raise ClassError(
            f"Aucune classe n'a ce code. Vérifiez-le auprès de votre enseignant ({left} essai(s) restant(s) pour cette heure)."
        )
    if found.teacher_id == user_id:
        raise ClassError("C'est votre propre classe : vous en êtes l'enseignant.")
    if _is_member(user_id, found.id):
        raise ClassError(f"Vous êtes déjà dans la classe « {found.name} ».")
    db.session.add(ClassMember(class_id=found.id, user_id=user_id, joined_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # joined meanwhile from another tab
        db.session.rollback()
    return found


def leave(user_id: int, class_id: int) -> bool:
    """Leave a class (the learner's quizzes stay theirs); False if they were not in it."""
    gone = db.session.execute(delete(ClassMember).where(ClassMember.class_id == class_id, ClassMember.user_id == user_id))
    db.session.commit()
    return bool(gone.rowcount)  # type: ignore[attr-defined]


def members(class_id: int) -> list[UserRow]:
    """The class's members by name, each with their quizzes, average and last activity (the
    per-learner counters, as on the admin's list of users)."""
    rows = db.session.execute(
        select(User, LearnerStat)
        .join(ClassMember, (ClassMember.user_id == User.id) & (ClassMember.class_id == class_id))
        .outerjoin(LearnerStat, LearnerStat.user_id == User.id)
        .order_by(User.username, User.id)
    ).all()
    return [user_row(user, stat) for user, stat in rows]


def member_page(class_id: int, page: int = 1) -> Page[UserRow]:
    """A page (50, by name) of the class's members, as `members` gives them."""
    statement = cast(
        "Select[Any]",  # two entities per row: `of_select` pages any statement
        select(User, LearnerStat)
        .join(ClassMember, (ClassMember.user_id == User.id) & (ClassMember.class_id == class_id))
        .outerjoin(LearnerStat, LearnerStat.user_id == User.id)
        .order_by(User.username, User.id),
    )
    found = of_select(statement, page, scalars=False)
    return Page([user_row(user, stat) for user, stat in found.items], found.number, found.total, found.per_page)


def member_ids(class_id: int) -> list[int]:
    return list(db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == class_id)))


def assign(
    school_class: SchoolClass, store: DeckStore, settings: quizzes.Settings, due_at: dt.datetime, now: dt.datetime
) -> Assignment:
    """Set the class a quiz with these settings, due at `due_at`.

    Raises:
        ClassError: a due date already past, an unknown deck or point, or settings no question matches.
    """
    if due_at <= now:
        raise ClassError("La date d'échéance est déjà passée.")
    if due_at > now + MAX_AHEAD:
        raise ClassError(TOO_FAR)
    try:
        quizzes.questions_for(store, settings)  # the quiz the class will start is one there is
    except quizzes.QuizError as exc:
        raise ClassError(str(exc)) from None
    made = Assignment(class_id=school_class.id, settings=settings.to_dict(), due_at=due_at, created_at=now)
    db.session.add(made)
    db.session.commit()
    return made


def assignments(class_id: int) -> list[Assignment]:
    return list(
        db.session.scalars(select(Assignment).where(Assignment.class_id == class_id).order_by(Assignment.due_at, Assignment.id))
    )


def assignment_page(class_id: int, page: int = 1) -> Page[Assignment]:
    """A page (50, by due date) of the class's assignments."""
    return of_select(select(Assignment).where(Assignment.class_id == class_id).order_by(Assignment.due_at, Assignment.id), page)


def assignments_of(class_ids: Iterable[int]) -> dict[int, list[Assignment]]:
    """The assignments of several classes, by due date, in one query: class id -> its assignments
    (an empty list for a class without any)."""
    ids = list(class_ids)
    found: dict[int, list[Assignment]] = {class_id: [] for class_id in ids}
    if ids:
        query = select(Assignment).where(Assignment.class_id.in_(ids)).order_by(Assignment.due_at, Assignment.id)
        for task in db.session.scalars(query):
            found[task.class_id].append(task)
    return found


@dataclass(frozen=True)
class Done:
    """A learner's best go at an assignment: finished or not, and the score."""

    attempt_id: int
    finished: bool
    percent: int


def progress(assignment_ids: Iterable[int], user_ids: Iterable[int] | None = None) -> dict[tuple[int, int], Done]:
    """Per (assignment, learner): their attempt started from it (a finished one first, then the best score)."""
    ids = list(assignment_ids)
    if not ids:
        return {}
    query = (
        select(AssignmentAttempt.assignment_id, AssignmentAttempt.user_id, Attempt)
        .join(Attempt, Attempt.id == AssignmentAttempt.attempt_id)
        .where(AssignmentAttempt.assignment_id.in_(ids))
    )
    if user_ids is not None:
        query = query.where(AssignmentAttempt.user_id.in_(list(user_ids)))
    found: dict[tuple[int, int], Done] = {}
    for assignment_id, user_id, attempt in db.session.execute(query):
        done = Done(attempt.id, attempt.finished_at is not None, attempt.percent)
        best = found.get((assignment_id, user_id))
        if best is None or (done.finished, done.percent) > (best.finished, best.percent):
            found[(assignment_id, user_id)] = done
    return found


Roster = tuple[list[tuple[str, int]], list[str]]


def rosters(class_id: int, assignment_ids: Iterable[int]) -> dict[int, Roster]:
    """`roster` for several assignments of a class at once, in one query, without reading the whole
    list of members: only the members who started them (by name, as the members' list)."""
    ids = list(assignment_ids)
    found: dict[int, dict[int, tuple[str, Done]]] = {task_id: {} for task_id in ids}
    if ids:
        query = (
            select(AssignmentAttempt.assignment_id, User.id, User.username, Attempt)
            .join(Attempt, Attempt.id == AssignmentAttempt.attempt_id)
            .join(ClassMember, (ClassMember.user_id == AssignmentAttempt.user_id) & (ClassMember.class_id == class_id))
            .join(User, User.id == AssignmentAttempt.user_id)
            .where(AssignmentAttempt.assignment_id.in_(ids))
            .order_by(User.username, User.id)
        )
        for task_id, user_id, username, attempt in db.session.execute(query):
            done = Done(attempt.id, attempt.finished_at is not None, attempt.percent)
            best = found[task_id].get(user_id)
            if best is None or (done.finished, done.percent) > (best[1].finished, best[1].percent):
                found[task_id][user_id] = (username, done)
    return {
        task_id: (
            [(name, done.percent) for name, done in by_user.values() if done.finished],
            [name for name, done in by_user.values() if not done.finished],
        )
        for task_id, by_user in found.items()
    }


def member_assignment(user_id: int, assignment_id: int) -> Assignment | None:
    """The assignment if it is set to a class the learner is in (None otherwise: 404)."""
    return db.session.scalar(
        select(Assignment)
        .join(ClassMember, ClassMember.class_id == Assignment.class_id)
        .where(Assignment.id == assignment_id, ClassMember.user_id == user_id)
    )


def start(user_id: int, assignment: Assignment, store: DeckStore, seed: int, now: dt.datetime) -> quizzes.Started:
    """Start the assignment's quiz for a member, the attempt linked to the assignment.

    Raises:
        quizzes.QuizError: the settings no longer give a quiz (the deck changed or went).
    """
    attempt = quizzes.start(user_id, store, quizzes.Settings.from_dict(assignment.settings), seed, now)
    db.session.add(AssignmentAttempt(assignment_id=assignment.id, attempt_id=attempt.id, user_id=user_id))
    db.session.commit()
    return attempt


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def scores_csv(school_class: SchoolClass, titles: dict[str, str], zone: str | None) -> str:
    """The class's scores as CSV: a row per member, then a column per assignment (its score, or empty).

    Args:
        titles: deck id -> title, for the assignment columns' headings.
        zone: the teacher's time zone (an IANA name): due dates and times are given in it, as on
            the pages, and the heading names it.
    """
    rows = members(school_class.id)
    tasks = assignments(school_class.id)
    done = progress([t.id for t in tasks])
    shown = times.zone(zone).key
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["identifiant", "quiz", "score moyen (%)", f"dernière activité (fuseau {shown})"]
    header += [
        f"{titles.get(t.settings['deck'], t.settings['deck'])} — pour le {times.local(t.due_at, shown):%Y-%m-%d}" for t in tasks
    ]
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        line: list[object] = [
            row.user.username,
            row.attempts,
            "" if row.average is None else row.average,
            times.local(row.last_activity, shown).strftime("%Y-%m-%d %H:%M") if row.last_activity else "",
        ]
        for task in tasks:
            got = done.get((task.id, row.user.id))
            line.append("" if got is None else (f"{got.percent}" if got.finished else "en cours"))
        writer.writerow([_cell(c) for c in line])
    return out.getvalue()
