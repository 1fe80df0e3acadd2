"""In Chromium, at 1280 and 390 px: the results page puts the score and buttons first and lets the
learner pick the errors or everything; ordering and matching line each item up with its control;
the progress bar shows the first question as begun."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from .conftest import NARROW, WIDTHS, assert_accessible, scroll_width, sign_in
from .world import build_world


def open_as_learner(page: Any, app: Flask, width: int, height: int = 800) -> Any:
    world = build_world(app)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, world.account("learner"))
    return world


def fits(page: Any, width: int) -> None:
    assert width != NARROW or scroll_width(page) <= NARROW
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_results_summary_and_buttons_first_then_errors_or_everything(page: Any, live_app: Flask, width: int) -> None:
    world = open_as_learner(page, live_app, width)
    page.goto(f"/quiz/{world.finished}/resultat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultat : 3 / 5 (60 %)")
    for name in ("Nouveau quiz", "Mes scores"):  # on the first screen, without scrolling
        box = page.locator("form.actions").get_by_role("link", name=name).bounding_box()
        assert box and box["y"] + box["height"] <= 800, (name, box)
    corrections = page.locator(".answers > li")
    expect(corrections).to_have_count(2)
    expect(corrections.locator(".verdict")).to_have_text(["Mauvaise réponse.", "Mauvaise réponse."])
    assert [corrections.nth(i).get_attribute("value") for i in range(2)] == ["2", "4"]
    fits(page, width)
    page.get_by_role("link", name="Tout (5)").click()
    expect(corrections).to_have_count(5)
    expect(page.get_by_role("link", name="Tout (5)")).to_have_attribute("aria-current", "true")
    fits(page, width)
    page.get_by_role("link", name="Erreurs seulement (2)").click()
    expect(corrections).to_have_count(2)


@pytest.mark.parametrize("width", WIDTHS)
def test_ordering_and_matching_line_items_up_with_their_controls(page: Any, live_app: Flask, width: int) -> None:
    world = open_as_learner(page, live_app, width)
    page.goto(world.questions["order"])
    items = page.locator("ol.order li")
    assert items.count() >= 3
    lefts = set()
    for i in range(items.count()):
        select, label = items.nth(i).locator("select").bounding_box(), items.nth(i).locator("label").bounding_box()
        assert select and label
        lefts.add(round(select["x"]))
        assert label["x"] >= select["x"] + select["width"]  # the control first, its item beside it
        assert select["y"] < label["y"] + label["height"] and label["y"] < select["y"] + select["height"]  # on one line
        assert label["x"] + label["width"] <= width  # the item's text wraps inside the page
        items.nth(i).locator("select").select_option(str(i + 1))
    assert len(lefts) == 1  # the controls in one column
    fits(page, width)
    page.get_by_role("button", name="Valider ma réponse").click()
    expect(page.locator(".verdict")).to_be_visible()

    page.goto(world.questions["match"])
    pairs = page.locator("ul.order.match li")
    assert pairs.count() >= 3
    lefts = set()
    for i in range(pairs.count()):
        select, label = pairs.nth(i).locator("select").bounding_box(), pairs.nth(i).locator("label").bounding_box()
        assert select and label
        lefts.add(round(select["x"]))
        assert select["y"] >= label["y"] + label["height"] - 1  # the item above its control
        assert select["x"] + select["width"] <= width and label["x"] + label["width"] <= width
        pairs.nth(i).locator("select").select_option(index=i + 1)
    assert len(lefts) == 1
    fits(page, width)
    page.get_by_role("button", name="Valider ma réponse").click()
    expect(page.locator(".verdict")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_progress_bar_shows_question_one_as_begun(page: Any, live_app: Flask, width: int) -> None:
    world = open_as_learner(page, live_app, width)
    attempt = world.questions["choice"].split("/")[2]
    page.goto(f"/quiz/{attempt}/1")
    expect(page.get_by_text("Question 1 sur 6")).to_be_visible()
    bar = page.get_by_role("progressbar", name="Question 1 sur 6")
    expect(bar).to_be_visible()
    assert bar.evaluate("p => [p.value, p.max, p.position]") == [1, 6, pytest.approx(1 / 6)]
    box, main = bar.bounding_box(), page.locator("main").bounding_box()
    assert box and main and box["height"] >= 10 and box["width"] >= main["width"] * 0.8  # a bar, not a thin line
    fits(page, width)
