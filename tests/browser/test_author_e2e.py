"""In Chromium: an author opens the preview and sees hand-written questions as learners see them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quizapp.services import accounts

from .conftest import sign_in, sign_up


def test_author_preview(page, live_app) -> None:
    sign_up(page, "auteur")
    with live_app.app_context():
        accounts.set_role("auteur", "author")  # which ends the account's sessions
    sign_in(page, "auteur")
    page.get_by_role("link", name="Auteur").click()
    expect(page.get_by_text("En ligne.").first).to_be_visible()
    page.get_by_role("link", name="Aperçu des questions").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Aperçu : "))
    card = page.locator("li.card", has=page.locator("code", has_text="saga-who-is-who"))
    assert card.get_by_role("heading").inner_text() == "Associez chaque personne à ce que l'article dit d'elle."
    selects = card.locator("select")
    assert selects.count() == 4 and selects.first.is_disabled()
    expect(card.get_by_text("Nat Friedman → ancien stratège de GitHub")).to_be_visible()
    multi = page.locator("li.card", has=page.locator("code", has_text="saga-employees-threat"))
    assert multi.locator("input[type=checkbox]").count() == 4
    expect(multi.get_by_text("Plusieurs réponses possibles.")).to_be_visible()
    store = live_app.extensions["decks"]
    bank = store.bank("openai-saga")
    assert page.locator("li.card").count() == len(bank.questions) + len(bank.cards)
