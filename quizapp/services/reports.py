"""Error reports: a learner flags a question or card as shown to them; authors read and resolve them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..content import Card
from ..extensions import db
from ..models import ErrorReport
from .quizzes import Slot

MAX_MESSAGE = 1000  # characters of the learner's words
REPORTS_PER_DAY = 20  # per learner, over the last 24 hours
WINDOW = dt.timedelta(days=1)


class ReportError(Exception):
    """A report that cannot be taken; the message is for the learner, `status` the HTTP answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _check(user_id: int, message: str, now: dt.datetime) -> str:
    words = message.strip()
    if not words:
        raise ReportError("Décrivez l'erreur en quelques mots.")
    if len(words) > MAX_MESSAGE:
        raise ReportError(f"Votre message dépasse {MAX_MESSAGE} caractères.")
    recent = db.session.scalar(select(func.count()).where(ErrorReport.user_id == user_id, ErrorReport.created_at > now - WINDOW))
    if (recent or 0) >= REPORTS_PER_DAY:
        raise ReportError(f"Vous avez déjà envoyé {REPORTS_PER_DAY} signalements en 24 heures : merci, réessayez demain.", 429)
    return words


def report_question(item: Slot, item_id: int, message: str, now: dt.datetime) -> ErrorReport:
    """Keep a report on a question of the learner's own attempt, with its snapshot as shown.

    Args:
        item: the learner's own question (quizzes.slot: someone else's is None and never gets here).
        item_id: the attempt item's id.

    Raises:
        ReportError: empty or too long words, or too many reports lately (nothing is stored).
    """
    words = _check(item.user_id, message, now)
    snapshot: dict[str, Any] = item.snapshot
    return _store(
        ErrorReport(
            user_id=item.user_id,
            origin="quiz",
            attempt_item_id=item_id,
            deck_id=str(snapshot.get("deck", "")),
            item_id=item.question_id,
            facts=list(snapshot.get("facts", [])),
            shown=snapshot,
            message=words,
            created_at=now,
        )
    )


def report_card(user_id: int, card: Card, message: str, now: dt.datetime) -> ErrorReport:
    """Keep a report on a flashcard the learner can see, with its faces as shown.

    Raises:
        ReportError: as `report_question`.
    """
    words = _check(user_id, message, now)
    shown = {"front": card.front, "back": card.back, "explanation": card.explanation, "source": card.source}
    return _store(
        ErrorReport(
            user_id=user_id,
            origin="card",
            deck_id=card.deck,
            item_id=card.id,
            facts=[card.fact],
            shown=shown,
            message=words,
            created_at=now,
        )
    )


def _store(report: ErrorReport) -> ErrorReport:
    db.session.add(report)
    db.session.commit()
    return report


@dataclass(frozen=True)
class FactReports:
    """The reports about one fact of a deck (a report on a question of two facts is under both)."""

    deck_id: str
    fact: str
    reports: list[ErrorReport]


def group(found: Iterable[ErrorReport]) -> list[FactReports]:
    """Reports grouped by deck and fact, the most reported facts first."""
    groups: dict[tuple[str, str], list[ErrorReport]] = {}
    for report in found:
        for fact in report.facts or ["?"]:
            groups.setdefault((report.deck_id, fact), []).append(report)
    made = [FactReports(deck, fact, reports) for (deck, fact), reports in groups.items()]
    return sorted(made, key=lambda g: (-len(g.reports), g.deck_id, g.fact))


def open_by_fact() -> list[FactReports]:
    """Every open report, grouped by fact (open reports are the authors' to-do list: they get
    resolved, so they stay few; the grouped list is paged by the caller)."""
    return group(
        db.session.scalars(
            select(ErrorReport)
            .where(ErrorReport.resolved_at.is_(None))
            .options(selectinload(ErrorReport.user))
            .order_by(ErrorReport.id.desc())
        )
    )


def resolved() -> Select[tuple[ErrorReport]]:
    """Resolved reports, the latest resolved first (they pile up: paged in SQL, grouped per page)."""
    return (
        select(ErrorReport)
        .where(ErrorReport.resolved_at.is_not(None))
        .options(selectinload(ErrorReport.user))
        .order_by(ErrorReport.resolved_at.desc(), ErrorReport.id.desc())
    )


def open_count() -> int:
    return int(db.session.scalar(select(func.count()).where(ErrorReport.resolved_at.is_(None))) or 0)


def resolve(report_id: int, by: int, now: dt.datetime) -> bool:
    """Mark a report resolved (kept, hidden from the open list); False if there is no such report."""
    report = db.session.get(ErrorReport, report_id)
    if report is None:
        return False
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by = now, by
        db.session.commit()
    return True
