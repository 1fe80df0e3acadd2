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


def test_forecast_counts_overdue_cards_today_and_uses_local_days() -> None:
    dues = [
        utc(2026, 11, 20, 8, 0),  # overdue: today
        utc(2026, 11, 26, 22, 30),  # 23:30 in Paris: today
        utc(2026, 11, 26, 23, 30),  # 00:30 the next day in Paris
        utc(2026, 12, 25, 12, 0),  # the 30th day
        utc(2026, 12, 26, 12, 0),  # the 31st: not shown
    ]
    days = progress.forecast(dues, NOW, PARIS)
    assert len(days) == 30 and days[0] == (TODAY, 2) and days[1] == (TODAY + dt.timedelta(days=1), 1)
    assert days[-1] == (dt.date(2026, 12, 25), 1)
    assert sum(count for _, count in days) == 4
    assert [d for d, _ in days] == [TODAY + dt.timedelta(days=k) for k in range(30)]


def test_retention_per_local_week_counts_all_but_again() -> None:
    reviews = [
        (utc(2026, 11, 22, 23, 30), 3),  # Monday 00:30 in Paris: this week
        (utc(2026, 11, 25, 8, 0), 1),  # « À revoir »
        (utc(2026, 11, 25, 9, 0), 2),
        (utc(2026, 11, 22, 22, 30), 4),  # Sunday 23:30 in Paris: last week
        (utc(2026, 9, 6, 12, 0), 1),  # before the twelve weeks: left out
        (utc(2026, 9, 7, 12, 0), 1),  # the first of the twelve weeks
    ]
    weeks = progress.retention(reviews, NOW, PARIS)
    assert len(weeks) == 12
    assert weeks[-1] == (dt.date(2026, 11, 23), 3, 2)
    assert weeks[-2] == (dt.date(2026, 11, 16), 1, 1)
    assert weeks[0] == (dt.date(2026, 9, 7), 1, 0)
    assert all(monday.weekday() == 0 for monday, _, _ in weeks)
    assert sum(n for _, n, _ in weeks) == 5
    assert progress.first_of_window(NOW, PARIS) == dt.datetime(2026, 9, 7, tzinfo=PARIS).astimezone(dt.UTC)


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
