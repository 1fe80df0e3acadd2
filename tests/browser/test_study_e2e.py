"""In Chromium: study three flashcards (keyboard and buttons) and watch the day's figures change."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import sign_up


def keys_ready(page) -> None:
    """Wait until the page's keyboard script is listening."""
    page.wait_for_selector("html[data-keys='on']", state="attached")


def figures(page) -> dict[str, str]:
    return {key: page.locator(f"#{key}").inner_text() for key in ("due-now", "due-later", "reviewed-today", "new-left")}


def test_study_three_cards(page) -> None:
    sign_up(page, "lea")
    page.get_by_role("link", name="Réviser", exact=True).click()
    expect(page.locator("#new-left")).to_be_visible()
    assert figures(page) == {"due-now": "0", "due-later": "0", "reviewed-today": "0", "new-left": "20"}

    fronts = []
    # 1: keyboard only (space shows the answer, 1 = « À revoir »).
    keys_ready(page)
    fronts.append(page.locator(".front").inner_text())
    page.keyboard.press(" ")
    page.wait_for_url("**/reviser/carte/**")
    keys_ready(page)
    expect(page.locator(".back")).to_be_visible()
    expect(page.get_by_text("Source :")).to_be_visible()
    page.keyboard.press("1")
    page.wait_for_url("**/reviser/")
    # 2: mouse only.
    fronts.append(page.locator(".front").inner_text())
    page.get_by_role("link", name="Afficher la réponse").click()
    page.get_by_role("button", name="3 · Correct").click()
    page.wait_for_url("**/reviser/")
    # 3: keyboard again (3 = « Correct »).
    keys_ready(page)
    fronts.append(page.locator(".front").inner_text())
    page.keyboard.press(" ")
    page.wait_for_url("**/reviser/carte/**")
    keys_ready(page)
    page.keyboard.press("3")
    page.wait_for_url("**/reviser/")

    assert len(set(fronts)) == 3
    # The three come back within the day (learning steps): later today, not « now » while new cards are shown.
    assert figures(page) == {"due-now": "0", "due-later": "3", "reviewed-today": "3", "new-left": "17"}
    expect(page.locator("#shown-kind")).to_have_text("Nouvelle fiche : aucune fiche à revoir maintenant")
