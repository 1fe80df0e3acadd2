"""The learner's charts on « Mes scores » and « Réviser »: their own data, and only theirs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

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
    first = start_quiz(alice, count=5, kinds=["quote"])
    answer_all(app, alice, first, 5, wrong={1, 2})
    clock.advance(days=2)
    second = start_quiz(alice, count=5, kinds=["completion"])
    answer_all(app, alice, second, 5)
    unfinished = start_quiz(alice, count=5)
    answer_all(app, alice, unfinished, 1)
    before = alice.get("/scores").get_data(as_text=True)
    charts = figures(before)
    assert set(charts) == {"scores-time", "scores-kind", "scores-episode"}
    assert marks(charts["scores-time"], "circle") == 2  # the unfinished quiz is not drawn
    assert rows(charts["scores-time"]) == [["26/11/2026", "60 %", "3 / 5"], ["28/11/2026", "100 %", "5 / 5"]]
    kinds = rows(charts["scores-kind"])
    assert ["Citations", "60 %", "3 / 5"] in kinds and ["Citations à compléter", "100 %", "5 / 5"] in kinds
    assert marks(charts["scores-kind"], "rect") == len(kinds)
    episodes = rows(charts["scores-episode"])
    assert episodes and marks(charts["scores-episode"], "rect") == len(episodes)
    assert all(title.startswith("Épisode") for title, *_ in episodes)

    other = start_quiz(bob, count=5, kinds=["quote"])
    answer_all(app, bob, other, 5, wrong={1, 2, 3, 4, 5})
    after = alice.get("/scores").get_data(as_text=True)
    assert [rows(f) for f in figures(after).values()] == [rows(f) for f in charts.values()]  # bob counts for nothing
    mine = figures(bob.get("/scores").get_data(as_text=True))
    assert rows(mine["scores-time"]) == [["28/11/2026", "0 %", "0 / 5"]]
    assert rows(mine["scores-kind"]) == [["Citations", "0 %", "0 / 5"]]


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
    answer_all(app, alice, start_quiz(alice, count=5, kinds=["quote"]), 5, wrong={1})
    make_admin(tmp_path, monkeypatch, app)
    admin = app.test_client()
    assert login(admin, "boss").status_code == 302
    charts = figures(admin.get("/admin/utilisateurs/1").get_data(as_text=True))
    assert rows(charts["scores-time"]) == [["26/11/2026", "80 %", "4 / 5"]]
