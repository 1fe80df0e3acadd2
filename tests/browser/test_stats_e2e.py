"""In Chromium, at 1280 px and 390 px: an author reads a deck's item statistics, sorts them, turns
the page and opens a question; no page scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert

from quizapp.extensions import db
from quizapp.models import QuestionChoiceStat, QuestionStat
from quizapp.services import accounts

from .conftest import sign_in, sign_up

DECK = "openai-saga"
LONG = "une-tres-longue-histoire-de-conseil-d-administration-sans-espace"


def _seed(live_app) -> None:
    questions = [
        {
            "deck": DECK,
            "question_id": f"{DECK}:{LONG}-{i:02d}:successor",
            "kind": "replaced",
            "prompt": f"Qui a remplacé la personne numéro {i} ?",
            "asked": 40,
            "right": i % 40,
            "timed": 0,
            "seconds": 0.0,
            "n": 0,
            "sum_x": 0,
            "sum_y": 0.0,
            "sum_yy": 0.0,
            "sum_xy": 0.0,
        }
        for i in range(60)
    ]
    choices = [
        {
            "deck": DECK,
            "question_id": f"{DECK}:{LONG}-00:successor",
            "digest": d,
            "choice": c,
            "is_answer": a,
            "offered": 40,
            "picked": p,
        }
        for d, c, a, p in (
            ("a" * 64, "Emmett Shear", True, 0),
            ("b" * 64, "Mira Murati", False, 40),
            ("c" * 64, "Un leurre", False, 0),
        )
    ]
    with live_app.app_context():
        db.session.execute(insert(QuestionStat), questions)
        db.session.execute(insert(QuestionChoiceStat), choices)
        db.session.commit()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_an_author_reads_the_item_statistics(page, live_app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _seed(live_app)
    sign_up(page, "autrice")
    with live_app.app_context():
        accounts.set_role("autrice", "author")
    sign_in(page, "autrice")
    page.get_by_role("link", name="Statistiques").click()
    no_sideways_scroll(page)
    page.get_by_role("link", name="OpenAI").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions de")
    expect(page.get_by_text("Page 1 sur 2 (60 en tout)")).to_be_visible()
    rows = page.locator("tbody tr")
    assert rows.count() == 50
    expect(rows.first).to_contain_text("Qui a remplacé qui")  # the kind's label, not « replaced »
    expect(rows.first).to_contain_text("0 %")  # hardest first
    no_sideways_scroll(page)
    page.get_by_role("link", name="nombre de réponses").click()
    page.get_by_role("link", name="Page suivante").click()
    expect(page.get_by_text("Page 2 sur 2")).to_be_visible()
    assert page.locator("tbody tr").count() == 10
    page.goto(f"/statistiques/{DECK}")
    page.get_by_role("link", name="Qui a remplacé la personne numéro 0 ?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qui a remplacé la personne numéro 0 ?")
    expect(page.get_by_text("Un leurre jamais choisi")).to_be_visible()
    no_sideways_scroll(page)
    page.goto(f"/statistiques/{DECK}/faits")
    no_sideways_scroll(page)
