"""The learner's progress figures, computed from plain rows and an injected `now` (no app, no database)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace
from typing import Any

from quizapp.content import Deck
from quizapp.services import progress

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)  # a Thursday, 10:00 in Paris
TODAY = dt.date(2026, 11, 26)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_the_next_days_end_at_local_midnight() -> None:
    days = progress.days_ahead(NOW, PARIS)
    assert len(days.firsts) == len(days.ends) == 30
    assert days.firsts == [TODAY + dt.timedelta(days=k) for k in range(30)]
    assert days.start == utc(2026, 11, 25, 23, 0)  # midnight in Paris (UTC+1)
    assert days.ends[0] == utc(2026, 11, 26, 23, 0) and days.ends[-1] == utc(2026, 12, 25, 23, 0)


def test_a_day_of_the_clock_change_lasts_23_hours() -> None:
    days = progress.days_ahead(utc(2027, 3, 27, 12, 0), PARIS, days=3)
    assert [b - a for a, b in zip([days.start, *days.ends], days.ends, strict=False)] == [
        dt.timedelta(hours=24),
        dt.timedelta(hours=23),  # 28 March 2027: summer time
        dt.timedelta(hours=24),
    ]


def test_the_last_weeks_run_monday_to_monday() -> None:
    weeks = progress.last_weeks(NOW, PARIS)
    assert len(weeks.firsts) == 12 and all(monday.weekday() == 0 for monday in weeks.firsts)
    assert weeks.firsts[-1] == dt.date(2026, 11, 23) and weeks.firsts[0] == dt.date(2026, 9, 7)
    assert weeks.start == utc(2026, 9, 6, 22, 0)  # midnight in Paris, still summer time
    assert weeks.ends[-1] == utc(2026, 11, 29, 23, 0)


def test_counts_per_period_fill_the_missing_ones_with_zero() -> None:
    days = progress.days_ahead(NOW, PARIS, days=3)
    assert progress.forecast(days, {0: 4, 2: 1}) == [
        (TODAY, 4),
        (TODAY + dt.timedelta(days=1), 0),
        (TODAY + dt.timedelta(days=2), 1),
    ]
    weeks = progress.last_weeks(NOW, PARIS, weeks=2)
    assert progress.retention(weeks, {1: (3, 2)}) == [(dt.date(2026, 11, 16), 0, 0), (dt.date(2026, 11, 23), 3, 2)]


def _two_sources(deck: Deck) -> tuple[Any, Any]:
    by_source: dict[str, Any] = {}
    for fact in deck.facts():
        by_source.setdefault(fact.source, fact)
    first, second = list(by_source.values())[:2]
    return first, second


def test_episode_mastery_follows_each_questions_facts(saga: Deck) -> None:
    first, second = _two_sources(saga)
    authored = next(q for q in saga.questions if q.source == first.source)
    questions = {
        "q-a": SimpleNamespace(facts=(first.id,)),
        "q-b": SimpleNamespace(facts=(second.id,)),
        "q-ab": SimpleNamespace(facts=(first.id, second.id)),  # counts for both episodes
        "q-none": SimpleNamespace(facts=()),
        authored.id: SimpleNamespace(facts=()),  # hand-written, on no fact: the source it names
    }
    answered = [
        ("openai-saga", "q-a", 4, 3),
        ("openai-saga", "q-b", 2, 0),
        ("openai-saga", "q-ab", 1, 1),
        ("openai-saga", "q-none", 5, 5),  # no fact: no episode
        ("openai-saga", authored.id, 2, 1),
        ("openai-saga", "q-gone", 9, 9),  # a question the deck no longer has
        ("other-deck", "q-a", 9, 9),  # a deck no longer there
    ]
    rows = progress.episode_mastery(answered, {"openai-saga": saga}, {"openai-saga": questions})  # type: ignore[dict-item]
    assert [(r.label, r.asked, r.correct) for r in rows] == [
        (saga.sources[first.source].title, 7, 5),
        (saga.sources[second.source].title, 3, 1),
    ]
    assert rows[0].percent == 100 * 5 / 7


def test_score_chart_shows_each_quiz_percentage() -> None:
    chart = progress.score_chart([(utc(2026, 11, 1, 9, 0), 3, 4), (utc(2026, 11, 2, 9, 0), 0, 5)])
    assert "75 %" in str(chart.table) and "3 / 4" in str(chart.table) and "0 / 5" in str(chart.table)


def test_study_charts_without_data_say_so() -> None:
    assert progress.forecast_chart([]).empty
    assert progress.retention_chart([(dt.date(2026, 11, 23), 0, 0)]).empty
    zeros = progress.forecast_chart([(TODAY, 0), (TODAY + dt.timedelta(days=1), 0)])
    assert not zeros.empty  # cards, none due soon: a flat chart says it
