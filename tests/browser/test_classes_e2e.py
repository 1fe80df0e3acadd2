"""In Chromium, at 1280 px and 390 px wide: a learner reports an error on a correction and an author
resolves it; a teacher creates a class and sets a quiz, a learner joins with the code and starts it.
At 390 px no page scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from quizapp.services import accounts

from .conftest import scroll_width, sign_in, sign_up, start_practice_quiz
from .test_quiz_e2e import answer_current_question

WIDTHS = [1280, 390]


def fits(page, width: int) -> None:
    """Nothing wider than the window: at 390 px, the page must not scroll sideways (measured once the
    page and its stylesheet have loaded: a click's navigation may still be under way)."""
    scroll = scroll_width(page)
    assert scroll <= width, f"{page.url}: {scroll} px wide at {width} px"


def sign_out(page, username: str) -> None:
    page.get_by_role("button", name=f"Se déconnecter ({username})").click()
    expect(page.locator("header").get_by_role("link", name="Se connecter")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_report_an_error_and_resolve_it(page, live_app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, "lecteur")
    start_practice_quiz(page)
    answer_current_question(page)
    prompt = page.get_by_role("heading", level=1).inner_text()
    page.get_by_text("Signaler une erreur").click()
    field = page.get_by_label("Qu'est-ce qui ne va pas ?")
    expect(field).to_be_visible()
    fits(page, width)
    field.fill("La date donnée est fausse <b>vraiment</b>")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("Merci : votre signalement est transmis aux auteurs.")).to_be_visible()
    expect(page.locator(".verdict")).to_be_visible()  # back on the correction
    sign_out(page, "lecteur")

    sign_up(page, "autrice")
    with live_app.app_context():
        accounts.set_role("autrice", "author")  # which ends the account's sessions
    sign_in(page, "autrice")
    page.get_by_role("link", name="Auteur").click()
    page.get_by_role("link", name="Signalements d'erreurs des apprenants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalements ouverts")
    report = page.locator("li.error-report").first
    expect(report.get_by_text("La date donnée est fausse <b>vraiment</b>")).to_be_visible()  # shown as text
    expect(report.get_by_text(prompt, exact=False).first).to_be_visible()
    fits(page, width)
    report.get_by_role("button", name="Marquer comme résolu").click()
    expect(page.get_by_text("Signalement marqué comme résolu.")).to_be_visible()
    expect(page.locator("li.error-report")).to_have_count(0)
    page.get_by_role("link", name="Voir les signalements résolus").click()
    expect(page.locator("li.error-report").first).to_contain_text("résolu le")
    fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_create_a_class_set_a_quiz_join_and_start_it(page, live_app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, "prof")
    with live_app.app_context():
        accounts.set_role("prof", "teacher")
    sign_in(page, "prof")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Nom de la classe").fill("3e B")
    page.get_by_role("button", name="Créer la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classe « 3e B »")
    code = page.locator("#join-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    page.get_by_label("5", exact=True).check()
    page.get_by_label("À faire pour le").fill("2026-12-31")
    fits(page, width)
    page.get_by_role("button", name="Donner ce devoir").click()
    expect(page.get_by_text("Devoir donné à la classe.")).to_be_visible()
    expect(page.get_by_text("Fait : 0 / 0")).to_be_visible()
    sign_out(page, "prof")

    sign_up(page, "eleve")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label(re.compile("^Code de la classe")).fill("WRONGCDE")
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.get_by_role("alert")).to_contain_text("Aucune classe n'a ce code")
    fits(page, width)
    page.get_by_label(re.compile("^Code de la classe")).fill(code.lower())
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.get_by_text("Vous avez rejoint la classe « 3e B ».")).to_be_visible()
    expect(page.get_by_text("à faire pour le 31/12/2026")).to_be_visible()
    fits(page, width)
    page.get_by_role("button", name="Commencer ce quiz").click()
    expect(page.get_by_text("Question 1 sur 5")).to_be_visible()
    answer_current_question(page)
    expect(page.locator(".verdict")).to_be_visible()
    sign_out(page, "eleve")

    sign_in(page, "prof")
    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="3e B").click()
    expect(page.get_by_text("Commencé : eleve")).to_be_visible()
    expect(page.locator("table.members tbody tr")).to_have_count(1)
    fits(page, width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les scores (CSV)").click()
    assert download.value.suggested_filename.endswith("-scores.csv")


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_changes_a_role_in_the_browser(page, live_app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, "futureprof")
    sign_out(page, "futureprof")
    sign_up(page, "chef")
    with live_app.app_context():
        accounts.set_role("chef", "admin")
    sign_in(page, "chef")
    page.get_by_role("link", name="Administration").click()
    fits(page, width)
    page.get_by_role("link", name="Changer le rôle de futureprof").click()
    page.get_by_label("Rôle").select_option(label="enseignant")
    fits(page, width)
    page.get_by_role("button", name="Changer le rôle").click()
    expect(page.get_by_text("« futureprof » est maintenant enseignant ; ses sessions sont fermées.")).to_be_visible()
    page.get_by_role("link", name="Changer le rôle de chef").click()
    page.get_by_label("Rôle").select_option(label="apprenant")
    page.get_by_role("button", name="Changer le rôle").click()
    expect(page.get_by_role("alert")).to_contain_text("dernier compte administrateur")
