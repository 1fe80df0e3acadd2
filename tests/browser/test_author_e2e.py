"""In Chromium: an author opens the preview, pages through it, filters it by kind and words, and sees
hand-written questions as learners see them; at a desktop's width and a phone's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizapp.services import accounts

from .conftest import NARROW, WIDTHS, assert_accessible, scroll_width, sign_in, sign_up

DUPLICATE_IDS = """() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return ids.filter((id, i) => ids.indexOf(id) !== i); }"""


@pytest.mark.parametrize("width", WIDTHS)
def test_author_preview(page, live_app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, "auteur")
    with live_app.app_context():
        accounts.set_role("auteur", "author")  # which ends the account's sessions
    sign_in(page, "auteur")
    page.get_by_role("link", name="Auteur").click()
    expect(page.get_by_text("En ligne.").first).to_be_visible()
    page.get_by_role("link", name="Aperçu des questions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Aperçu : "))
    bank = live_app.extensions["decks"].bank("openai-saga")
    total = len(bank.questions) + len(bank.cards)

    # Pages of 50, every id once on each page, nothing for axe to say, no sideways scroll.
    expect(page.locator("li.card")).to_have_count(50)
    expect(page.locator("#found")).to_have_text(f"{total} éléments ; 1 à 50 ci-dessous.")
    for _ in range(-(-total // 50)):
        assert page.evaluate(DUPLICATE_IDS) == []
        assert_accessible(page)
        assert width != NARROW or scroll_width(page) <= NARROW
        following = page.get_by_role("navigation", name="Pages (bas de la liste)").get_by_role("link", name="Page suivante →")
        if not following.count():
            break
        following.click()
    expect(page.locator("li.card")).to_have_count(total - 50 * (-(-total // 50) - 1))

    # The filter: a kind, then words; the cards of the match question are as learners see them.
    page.get_by_label("Type").select_option(label="Questions rédigées")
    page.get_by_label("Rechercher").fill("who is who")
    page.get_by_role("button", name="Filtrer").click()
    card = page.locator("li.card", has=page.locator("code", has_text="saga-who-is-who"))
    expect(card.get_by_role("heading")).to_have_text("Associez chaque personne à ce que l'article dit d'elle.")
    selects = card.locator("select")
    assert selects.count() == 4 and selects.first.is_disabled()
    expect(card.get_by_text("Nat Friedman → ancien stratège de GitHub")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tout montrer").click()
    page.get_by_label("Type").select_option(label="Questions rédigées")
    page.get_by_role("button", name="Filtrer").click()
    authored = [q for q in bank.questions if q.kind == "authored"]
    expect(page.locator("li.card")).to_have_count(len(authored))
    multi = page.locator("li.card", has=page.locator("code", has_text="saga-employees-threat"))
    assert multi.locator("input[type=checkbox]").count() == 4
    expect(multi.get_by_text("Plusieurs réponses possibles.")).to_be_visible()
    assert page.evaluate(DUPLICATE_IDS) == []
    assert_accessible(page)
    assert width != NARROW or scroll_width(page) <= NARROW
