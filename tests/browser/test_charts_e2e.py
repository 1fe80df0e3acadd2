"""The learner's charts in Chromium at 1280 px and 390 px: drawn, readable as a table, no sideways scroll."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..conftest import register, start_quiz
from ..test_study import next_card, rate
from ..test_web_scores import answer_all
from .conftest import sign_in

PAGES = {"/scores": 3, "/reviser/": 2}  # page -> charts on it


@pytest.fixture
def learner_with_history(live_app) -> str:
    """A learner with two finished quizzes and three reviewed cards (made through the app's own routes)."""
    client = live_app.test_client()
    assert register(client, "dana").status_code == 302
    for wrong in ({1}, {2, 3}):
        attempt = start_quiz(client, count=5)
        answer_all(live_app, client, attempt, 5, wrong=wrong)
    for rating in (3, 1, 4):
        card = next_card(client)
        assert card is not None and rate(client, card, rating) == 303
    return "dana"


@pytest.mark.parametrize("width", [1280, 390])
def test_charts_are_drawn_and_fit_the_screen(page, learner_with_history: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, learner_with_history)
    for path, count in PAGES.items():
        page.goto(path)
        svgs = page.locator("figure.chart svg[role=img]")
        expect(svgs).to_have_count(count)
        for i in range(count):
            svg = svgs.nth(i)
            svg.scroll_into_view_if_needed()
            expect(svg).to_be_visible()
            box = svg.bounding_box()
            assert box is not None and 200 < box["width"] <= width and box["height"] > 50, (path, i, box)
            assert svg.locator(".bar, .point").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        details = page.locator("figure.chart details").first
        table = details.locator("table")
        expect(table).to_be_hidden()
        details.locator("summary").click()
        expect(table).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} with a table open"


@pytest.mark.parametrize("width", [1280, 390])
def test_chart_pages_pass_axe(page, learner_with_history: str, width: int) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, learner_with_history)
    for path in PAGES:
        page.goto(path)
        for details in page.locator("figure.chart details").all():
            details.locator("summary").click()  # the tables too
        results = axe.Axe().run(page)
        assert results.violations_count == 0, f"{path}: {results.generate_report()}"
        incomplete = [item["id"] for item in results.response["incomplete"] if "duplicate-id" in item["id"]]
        assert not incomplete, f"{path}: {incomplete}"
