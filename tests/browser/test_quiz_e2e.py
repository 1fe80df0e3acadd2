"""End to end in Chromium: register, take a 5-question quiz in the page, see the score and « Mes scores »."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import PASSWORD, sign_up


def answer_current_question(page) -> None:
    """Answer whatever the page asks, the way a learner would: click, type or order."""
    radios = page.locator("input[type=radio]")
    boxes = page.locator("input[type=checkbox]")
    ranks = page.locator("ol.order select")
    pairs = page.locator("ul.order select")
    if radios.count():
        radios.first.check()
    elif boxes.count():
        boxes.first.check()
    elif ranks.count():
        for i in range(ranks.count()):
            ranks.nth(i).select_option(str(i + 1))
    elif pairs.count():
        for i in range(pairs.count()):
            pairs.nth(i).select_option(index=i + 1)
    else:
        page.get_by_label("Votre réponse").fill("Sam Altman")
    page.get_by_role("button", name="Valider ma réponse").click()


def test_register_quiz_score_and_my_scores(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Identifiant").fill("camille")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmer le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Compte créé : bienvenue !")).to_be_visible()

    page.get_by_role("link", name="Faire un quiz").click()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("Entraînement : la correction après chaque question").check()
    page.get_by_role("button", name="Commencer").click()

    for position in range(1, 6):
        expect(page.get_by_text(f"Question {position} sur 5")).to_be_visible()
        answer_current_question(page)
        expect(page.locator(".verdict")).to_have_text(re.compile(r"^(Bonne réponse !|Mauvaise réponse\.)$"))
        expect(page.get_by_text("Source :")).to_be_visible()
        page.get_by_role("link", name="Question suivante" if position < 5 else "Voir mon score").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Résultat : "))
    heading = page.get_by_role("heading", level=1).inner_text()
    match = re.fullmatch(r"Résultat : (\d) / 5 \((\d+) %\)", heading)
    assert match, heading
    score = int(match.group(1))

    page.get_by_role("link", name="Mes scores").first.click()
    expect(page.get_by_role("heading", name="Mes scores")).to_be_visible()
    row = page.locator("table").first.locator("tbody tr")
    expect(row).to_have_count(1)
    assert f"{score} / 5" in row.inner_text() and "OpenAI, novembre 2023" in row.inner_text()
    row.get_by_role("link").click()
    expect(page.locator(".answers > li")).to_have_count(5)


def test_every_answer_format_works_in_the_page(page, live_app) -> None:
    """Quizzes of hand-written questions only: checkboxes, pairs and typed answers, by clicks and keys."""
    sign_up(page, "formats")
    page.goto("/quiz/")
    for box in page.locator("input[name=kinds]").all():
        box.uncheck()
    page.locator("input[name=kinds][value=authored]").check()
    page.get_by_label("20", exact=True).check()
    page.get_by_role("button", name="Commencer").click()
    total = min(20, len(live_app.extensions["decks"].decks["openai-saga"].questions))
    for position in range(1, total + 1):
        expect(page.get_by_text(f"Question {position} sur {total}")).to_be_visible()
        answer_current_question(page)
        expect(page.locator(".verdict")).to_have_text(re.compile(r"^(Bonne réponse !|Mauvaise réponse\.)$"))
        page.get_by_role("link", name="Question suivante" if position < total else "Voir mon score").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Résultat : \d+ / {total}"))
