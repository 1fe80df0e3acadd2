"""The learner's charts on « Mes scores » and « Réviser »: their own data, and only theirs."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from fsrs import Card as MemoryCard

from quizapp.extensions import db
from quizapp.models import CardState, Review

from .conftest import Clock, login, make_app, register, start_quiz
from .test_study import next_card, rate
from .test_web_scores import answer_all, make_admin

SVG = "{http://www.w3.org/2000/svg}"


def figures(page: str) -> dict[str, ET.Element]:
    """Each chart of the page, parsed, by its id prefix."""
    found = {}
    for html in re.findall(r'<figure class="chart">.*?</figure>', page, flags=re.S):
        figure = ET.fromstring(html)
        svg = figure.find(f"{SVG}svg")
        assert svg is not None
        found[(svg.get("aria-labelledby") or "").split()[0].removesuffix("-title")] = figure
    return found


def rows(figure: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()) for cell in row] for row in figure.iterfind("details/table/tbody/tr")]


def marks(figure: ET.Element, tag: str) -> int:
    return sum(1 for e in figure.iter(f"{SVG}{tag}") if e.get("class") in ("bar", "point"))


def test_my_scores_draw_my_finished_quizzes_only(app: Flask, clock: Clock) -> None:
    alice, bob = app.test_client(), app.test_client()
    register(alice, "alice")
    register(bob, "bob")
    first = start_quiz(alice, count=5, kinds=["authored"])
    answer_all(app, alice, first, 5, wrong={1, 2})
    clock.advance(days=2)
    second = start_quiz(alice, count=5, kinds=["group"])
    answer_all(app, alice, second, 5)
    unfinished = start_quiz(alice, count=5, kinds=["actor"])  # a kind of its own: its answer shows in « actor » alone
    answer_all(app, alice, unfinished, 1)
    before = alice.get("/scores").get_data(as_text=True)
    charts = figures(before)
    assert set(charts) == {"scores-time", "scores-kind", "scores-episode"}
    assert marks(charts["scores-time"], "circle") == 2  # the unfinished quiz is not drawn
    assert rows(charts["scores-time"]) == [["26/11/2026", "60 %", "3 / 5"], ["28/11/2026", "100 %", "5 / 5"]]
    kinds = rows(charts["scores-kind"])
    assert ["Questions rédigées", "60 %", "3 / 5"] in kinds and ["Lesquels, l'intrus, associations", "100 %", "5 / 5"] in kinds
    assert marks(charts["scores-kind"], "rect") == len(kinds)
    episodes = rows(charts["scores-episode"])
    assert episodes and marks(charts["scores-episode"], "rect") == len(episodes)
    assert all(title.startswith("Épisode") for title, *_ in episodes)

    other = start_quiz(bob, count=5, kinds=["authored"])
    answer_all(app, bob, other, 5, wrong={1, 2, 3, 4, 5})
    after = alice.get("/scores").get_data(as_text=True)
    assert [rows(f) for f in figures(after).values()] == [rows(f) for f in charts.values()]  # bob counts for nothing
    mine = figures(bob.get("/scores").get_data(as_text=True))
    assert rows(mine["scores-time"]) == [["28/11/2026", "0 %", "0 / 5"]]
    assert rows(mine["scores-kind"]) == [["Questions rédigées", "0 %", "0 / 5"]]


def test_a_new_learner_sees_no_empty_chart(logged_in: FlaskClient) -> None:
    scores = logged_in.get("/scores").get_data(as_text=True)
    assert scores.count("Pas encore de données.") == 3 and "<svg" not in scores
    cards = logged_in.get("/reviser/").get_data(as_text=True)
    assert cards.count("Pas encore de données.") == 2 and "<svg" not in cards


@pytest.fixture
def study_app(tmp_path: Path, clock: Clock) -> Flask:
    return make_app(tmp_path, clock, FSRS_FUZZING=False)


def test_the_flashcards_forecast_and_retention_are_mine(study_app: Flask, clock: Clock) -> None:
    alice, bob = study_app.test_client(), study_app.test_client()
    register(alice, "alice")
    register(bob, "bob")
    for rating in (3, 1, 4):
        card = next_card(alice)
        assert card is not None and rate(alice, card, rating) == 303
    for _ in range(2):
        card = next_card(bob)
        assert card is not None and rate(bob, card, 1) == 303
    charts = figures(alice.get("/reviser/").get_data(as_text=True))
    forecast, retention = charts["cards-forecast"], charts["cards-retention"]
    days = rows(forecast)
    assert len(days) == 30 and marks(forecast, "rect") == 30
    assert days[0] == ["auj.", "2", "26/11/2026"]  # Good and Again: again within the day; Easy: days later
    assert sum(int(count) for _, count, _ in days) == 3
    weeks = rows(retention)
    assert len(weeks) == 12 and weeks[-1] == ["23/11", "67 %", "2 / 3"]
    assert all(value == "—" for _, value, _ in weeks[:-1]) and marks(retention, "rect") == 1

    clock.advance(days=8)  # a week later, overdue cards count today
    later = figures(alice.get("/reviser/").get_data(as_text=True))
    assert rows(later["cards-forecast"])[0][1] == "3"
    assert rows(later["cards-retention"])[-2] == ["23/11", "67 %", "2 / 3"]


def test_the_admin_sees_a_learners_charts(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = app.test_client()
    register(alice, "alice")
    answer_all(app, alice, start_quiz(alice, count=5, kinds=["authored"]), 5, wrong={1})
    make_admin(tmp_path, monkeypatch, app)
    admin = app.test_client()
    assert login(admin, "boss").status_code == 302
    charts = figures(admin.get("/admin/utilisateurs/1").get_data(as_text=True))
    assert rows(charts["scores-time"]) == [["26/11/2026", "80 %", "4 / 5"]]


def test_templates_call_the_teachers_charts_through_one_global(app: Flask) -> None:
    source = (
        "{{ charts.facility_discrimination(items, chart_id='deck-' ~ deck) }}"
        "{% for q in questions %}{{ charts.choice_bars(q, chart_id='choices-' ~ loop.index) }}{% endfor %}"
    )
    with app.test_request_context():
        page = render_template_string(
            source,
            deck="openai-saga",
            items=[("<q1>", 0.5, 0.3), ("q2", 0.95, -0.1)],
            questions=[[("<script>", 3, True), ("B", 1, False)], [("C", 0, False), ("D", 2, True)]],
        )
    parsed = figures(page)
    assert set(parsed) == {"deck-openai-saga", "choices-1", "choices-2"}
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;q1&gt;" in page
    assert rows(parsed["choices-2"]) == [["C", "0", "0 %"], ["D (✓ bonne réponse)", "2", "100 %"]]
    assert sum(1 for e in parsed["deck-openai-saga"].iter(f"{SVG}circle")) == 2


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def add_history(app: Flask, user_id: int, dues: list[dt.datetime], reviews: list[tuple[dt.datetime, int]]) -> None:
    with app.app_context():
        for k, due in enumerate(dues):
            db.session.add(
                CardState(user_id=user_id, card_id=f"c{k}", fact=f"f{k}", fsrs=MemoryCard(card_id=k + 1).to_dict(), due=due)
            )
        for at, rating in reviews:
            db.session.add(
                Review(user_id=user_id, card_id="c0", fact="f0", rating=rating, origin="study", reviewed_at=at, state_after={})
            )
        db.session.commit()


def test_cards_and_reviews_are_counted_per_local_day_and_week(app: Flask) -> None:
    """Now: Thursday 26 November 2026, 10:00 in Paris (the study time zone)."""
    alice, bob = app.test_client(), app.test_client()
    register(alice, "alice")
    register(bob, "bob")
    dues = [
        utc(2026, 11, 20, 8, 0),  # overdue: today
        utc(2026, 11, 26, 22, 30),  # 23:30 in Paris: today
        utc(2026, 11, 26, 23, 30),  # 00:30 the next day in Paris
        utc(2026, 12, 25, 12, 0),  # the 30th day
        utc(2026, 12, 25, 23, 0),  # midnight after the 30th day: not shown
    ]
    reviews = [
        (utc(2026, 11, 22, 23, 30), 3),  # Monday 00:30 in Paris: this week
        (utc(2026, 11, 25, 8, 0), 1),  # « À revoir »
        (utc(2026, 11, 25, 9, 0), 2),
        (utc(2026, 11, 22, 22, 30), 4),  # Sunday 23:30 in Paris: last week
        (utc(2026, 9, 6, 21, 59), 1),  # before the twelve weeks
        (utc(2026, 9, 6, 22, 0), 1),  # the first minute of the twelve weeks
    ]
    add_history(app, 1, dues, reviews)
    add_history(app, 2, dues[:1] * 7, [(utc(2026, 11, 25, 8, 0), 1)] * 9)
    charts = figures(alice.get("/reviser/").get_data(as_text=True))
    days = rows(charts["cards-forecast"])
    assert [count for _, count, _ in days] == ["2", "1", *["0"] * 27, "1"]
    assert days[-1] == ["25/12", "1", "25/12/2026"]
    weeks = rows(charts["cards-retention"])
    assert weeks[-1] == ["23/11", "67 %", "2 / 3"] and weeks[-2] == ["16/11", "100 %", "1 / 1"]
    assert weeks[0] == ["07/09", "0 %", "0 / 1"]
    assert [value for _, value, _ in weeks[1:-2]] == ["—"] * 9
    assert marks(charts["cards-retention"], "rect") == 3
