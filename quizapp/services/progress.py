"""A learner's progress as pictures: scores over time, mastery per kind and per episode (« Mes scores »),
the flashcards' due forecast and weekly retention (« Réviser »).

Each figure is one query bounded by the learner (and by time where the history grows: the last 50
quizzes, the next 30 days of cards, the last 12 weeks of reviews), then a pure function of the rows
and of `now` (tested without a database), then a chart (`quizapp.charts`). Cards and reviews are
counted per local day or week by the database (`Periods`: the boundaries, computed here from `now`
and the time zone), so a long history costs no more rows than there are days or weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, SQLColumnExpression, case, func, select

from .. import charts, times
from ..content import Deck, Question
from ..decks import DeckStore
from ..extensions import db
from ..models import Attempt, CardState, LearnerQuestionStat, Review
from .scores import KindAccuracy

SCORES_SHOWN = 50
FORECAST_DAYS = 30
RETENTION_WEEKS = 12
AGAIN = 1  # the FSRS rating « À revoir »: a review that failed


@dataclass(frozen=True)
class Mastery:
    """Share right of the answers about one thing (a kind of question, an episode)."""

    label: str
    asked: int
    correct: int

    @property
    def percent(self) -> float:
        return 100 * self.correct / self.asked if self.asked else 0.0


# --- pure: rows in, figures out ------------------------------------------------------------------


def episode_mastery(
    answered: Iterable[tuple[str, str, int, int]], decks: Mapping[str, Deck], questions: Mapping[str, Mapping[str, Question]]
) -> list[Mastery]:
    """Share right per episode, in the decks' order then each deck's order of sources.

    Args:
        answered: (deck id, question id, answers, right ones) per question the learner answered.
        decks: the decks by id; an answer to a deck or a question no longer there is left out.
        questions: each deck's questions by id. A question counts for the episode (source) of each of
            its facts; one on facts of two episodes counts for both; a hand-written question on no fact,
            for the source it names.

    Returns:
        One `Mastery` per episode answered about; labelled by the episode's title, preceded by the
        deck's title when the answers span several decks.
    """
    totals: dict[tuple[str, str], list[int]] = {}
    sources: dict[str, dict[str, str]] = {}  # deck id -> fact id -> source id
    named: dict[str, dict[str, str]] = {}  # deck id -> hand-written question id -> the source it names
    for deck_id, question_id, asked, correct in answered:
        deck, question = decks.get(deck_id), questions.get(deck_id, {}).get(question_id)
        if deck is None or question is None:
            continue
        if deck_id not in sources:
            sources[deck_id] = {f.id: f.source for f in deck.facts()}
            named[deck_id] = {q.id: q.source for q in deck.questions if q.source}
        source_of = sources[deck_id]
        found = [source_of[f] for f in question.facts if f in source_of]
        if not question.facts and question_id in named[deck_id]:
            found = [named[deck_id][question_id]]
        for episode in dict.fromkeys(found):
            total = totals.setdefault((deck_id, episode), [0, 0])
            total[0] += asked
            total[1] += correct
    several = len({deck_id for deck_id, _ in totals}) > 1
    out = []
    for deck_id, deck in decks.items():
        for source_id, source in deck.sources.items():
            if (deck_id, source_id) in totals:
                asked, correct = totals[deck_id, source_id]
                label = f"{deck.meta.title} · {source.title}" if several else source.title
                out.append(Mastery(label, asked, correct))
    return out


@dataclass(frozen=True)
class Periods:
    """Consecutive local periods (days, weeks), oldest first: each one's first day and the instant
    (UTC) it ends; the first begins at `start`. Counting rows into them is one SQL `GROUP BY`."""

    firsts: list[dt.date]
    start: dt.datetime
    ends: list[dt.datetime]


def _midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)


def days_ahead(now: dt.datetime, tz: dt.tzinfo, days: int = FORECAST_DAYS) -> Periods:
    """Today and the next local days (`days` in all), each ending at the next local midnight."""
    today = now.astimezone(tz).date()
    firsts = [today + dt.timedelta(days=k) for k in range(days)]
    return Periods(firsts, _midnight(today, tz), [_midnight(d + dt.timedelta(days=1), tz) for d in firsts])


def week_start(when: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The local Monday of `when`'s week."""
    local = when.astimezone(tz).date()
    return local - dt.timedelta(days=local.weekday())


def last_weeks(now: dt.datetime, tz: dt.tzinfo, weeks: int = RETENTION_WEEKS) -> Periods:
    """The last `weeks` local weeks (Monday to Monday), `now`'s the last."""
    this_week = week_start(now, tz)
    firsts = [this_week - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    return Periods(firsts, _midnight(firsts[0], tz), [_midnight(m + dt.timedelta(weeks=1), tz) for m in firsts])


def forecast(days: Periods, due: Mapping[int, int]) -> list[tuple[dt.date, int]]:
    """(day, cards due) for each day, from the counts per day index (overdue ones are in today's, 0)."""
    return [(first, due.get(k, 0)) for k, first in enumerate(days.firsts)]


def retention(weeks: Periods, counts: Mapping[int, tuple[int, int]]) -> list[tuple[dt.date, int, int]]:
    """(Monday, reviews, reviews not « Again ») for each week, from the counts per week index."""
    return [(first, *counts.get(k, (0, 0))) for k, first in enumerate(weeks.firsts)]


# --- charts --------------------------------------------------------------------------------------


def score_chart(finished: Sequence[tuple[dt.datetime, int, int]], chart_id: str = "scores-time") -> charts.Chart:
    """Each finished quiz's percentage by the date it ended; (finished at, score, total)."""
    points = [(when, 100 * score / total if total else 0.0) for when, score, total in finished]
    return charts.time_chart(
        chart_id,
        "Score des quiz terminés",
        points,
        notes=[f"{score} / {total}" for _, score, total in finished],
        note_header="Bonnes réponses",
    )


def mastery_chart(rows: Sequence[Mastery | KindAccuracy], chart_id: str, title: str, header: str) -> charts.Chart:
    """Share right per item (kind of question, episode), as horizontal bars on 0–100 %."""
    return charts.bar_chart(
        chart_id,
        title,
        [row.label for row in rows],
        [100 * row.correct / row.asked if row.asked else 0.0 for row in rows],
        horizontal=True,
        top=100,
        fmt=charts.percent,
        headers=(header, "Réussite"),
        notes=[f"{row.correct} / {row.asked}" for row in rows],
        note_header="Justes / réponses",
    )


def forecast_chart(days: Sequence[tuple[dt.date, int]], chart_id: str = "cards-forecast") -> charts.Chart:
    """Cards due per day for the next days, as columns (today's includes the overdue ones); no days
    (a learner without a card yet): no chart."""
    return charts.bar_chart(
        chart_id,
        f"Fiches à revoir sur {len(days)} jours",
        ["auj." if k == 0 else d.strftime("%d/%m") for k, (d, _) in enumerate(days)],
        [count for _, count in days],
        headers=("Jour", "Fiches"),
        notes=[charts.day(d) for d, _ in days],
        note_header="Date",
    )


def retention_chart(weeks: Sequence[tuple[dt.date, int, int]], chart_id: str = "cards-retention") -> charts.Chart:
    """Share of reviews not rated « À revoir » per week, as columns on 0–100 % (no review: no column)."""
    if not any(n for _, n, _ in weeks):
        return charts.EMPTY_CHART
    return charts.bar_chart(
        chart_id,
        f"Rétention par semaine ({len(weeks)} dernières)",
        [monday.strftime("%d/%m") for monday, _, _ in weeks],
        [100 * passed / n if n else None for _, n, passed in weeks],
        top=100,
        fmt=charts.percent,
        headers=("Semaine du", "Rétention"),
        notes=[f"{passed} / {n}" for _, n, passed in weeks],
        note_header="Réussies / révisions",
    )


# --- queries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreCharts:
    over_time: charts.Chart
    by_kind: charts.Chart
    by_episode: charts.Chart


def score_charts(user_id: int, by_kind: Sequence[KindAccuracy], store: DeckStore) -> ScoreCharts:
    """« Mes scores »'s pictures for one learner; `by_kind` is the summary's (`scores.summary`)."""
    finished = db.session.execute(
        select(Attempt.finished_at, Attempt.score, Attempt.total)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(SCORES_SHOWN)
    ).all()
    answered = db.session.execute(  # the learner's counters (services/counters.py): no scan of history
        select(
            LearnerQuestionStat.deck, LearnerQuestionStat.question_id, LearnerQuestionStat.asked, LearnerQuestionStat.right
        ).where(LearnerQuestionStat.user_id == user_id)
    ).all()
    decks = {deck_id: store.decks[deck_id] for deck_id in sorted({row[0] for row in answered}) if deck_id in store.decks}
    episodes = episode_mastery(
        ((d, q, n, int(c or 0)) for d, q, n, c in answered), decks, {deck_id: store.questions(deck_id) for deck_id in decks}
    )
    return ScoreCharts(
        score_chart([(when, score, total) for when, score, total in reversed(finished) if when is not None]),
        mastery_chart(by_kind, "scores-kind", "Réussite par type de question", "Type"),
        mastery_chart(episodes, "scores-episode", "Réussite par épisode", "Épisode"),
    )


@dataclass(frozen=True)
class StudyCharts:
    forecast: charts.Chart
    retention: charts.Chart


def _period(column: SQLColumnExpression[dt.datetime], periods: Periods) -> ColumnElement[int]:
    """SQL: the index of the first period that ends after `column` (earlier rows fall in the first)."""
    return case(*((column < end, k) for k, end in enumerate(periods.ends)))


def study_charts(user_id: int, now: dt.datetime, time_zone: str | None) -> StudyCharts:
    """The flashcards page's pictures for one learner at `now`, days and weeks in `time_zone` (theirs):
    two grouped counts, a row a period."""
    tz = times.zone(time_zone)
    days, weeks = days_ahead(now, tz), last_weeks(now, tz)
    # In a subquery so that PostgreSQL sees one grouping expression (the CASE has its own parameters).
    due = select(_period(CardState.due, days).label("day")).where(CardState.user_id == user_id, CardState.due < days.ends[-1])
    by_day = due.subquery()
    per_day = db.session.execute(select(by_day.c.day, func.count()).group_by(by_day.c.day))
    reviewed = select(_period(Review.reviewed_at, weeks).label("week"), Review.rating).where(
        Review.user_id == user_id, Review.reviewed_at >= weeks.start, Review.reviewed_at < weeks.ends[-1]
    )
    by_week = reviewed.subquery()
    passed = func.sum(case((by_week.c.rating != AGAIN, 1), else_=0))
    per_week = db.session.execute(select(by_week.c.week, func.count(), passed).group_by(by_week.c.week))
    has_cards = db.session.scalar(select(CardState.id).where(CardState.user_id == user_id).limit(1)) is not None
    return StudyCharts(
        forecast_chart(forecast(days, {k: n for k, n in per_day}) if has_cards else []),
        retention_chart(retention(weeks, {k: (n, int(ok or 0)) for k, n, ok in per_week})),
    )
