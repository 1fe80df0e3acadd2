"""In Chromium: the learner's own account (password, time zone, my data, deletion) and resuming a
quiz from « Mes scores », at 1280 px and 390 px (no horizontal scroll at 390 px)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, scroll_width, sign_up, start_practice_quiz
from .test_quiz_e2e import answer_current_question

WIDTHS = [1280, 390]
NEW_PASSWORD = "a brand new secret"


def fits(page, width: int) -> None:
    """Nothing wider than the window: no horizontal scroll (once the page and its stylesheet loaded)."""
    scroll = scroll_width(page)
    assert scroll <= width, f"{page.url} is {scroll} px wide in a {width} px window"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_account_page_at_each_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, f"compte{width}")
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()
    for heading in ("Fuseau horaire", "Changer de mot de passe", "Mes données", "Sessions", "Supprimer mon compte"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    fits(page, width)
    page.get_by_role("combobox", name="Fuseau horaire").select_option("America/New_York")
    page.get_by_role("button", name="Enregistrer le fuseau").click()
    expect(page.get_by_text("Fuseau horaire enregistré : America/New_York.")).to_be_visible()
    expect(page.get_by_role("combobox", name="Fuseau horaire")).to_have_value("America/New_York")
    fits(page, width)
    # A refusal shows its message in the page, still without horizontal scroll.
    page.get_by_label("Mot de passe actuel").fill("not my password")
    page.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmer le nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_text("Mot de passe actuel incorrect.")).to_be_visible()
    fits(page, width)


def test_change_the_password_then_sign_in_with_it(page) -> None:
    sign_up(page, "mila")
    page.goto("/compte/")
    page.get_by_label("Mot de passe actuel").fill(PASSWORD)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmer le nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_text(re.compile(r"^Mot de passe changé\. Vos autres sessions ont été fermées \(0\)"))).to_be_visible()
    page.get_by_role("button", name="Se déconnecter (mila)").click()
    page.goto("/compte/connexion")
    page.get_by_label("Identifiant").fill("mila")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    page.get_by_label("Mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter (mila)")).to_be_visible()


def test_download_my_data_then_delete_the_account(page, tmp_path: Path) -> None:
    sign_up(page, "noe")
    page.goto("/compte/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger mes données").click()
    download = info.value
    assert download.suggested_filename == "quizapp-noe.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["account"]["username"] == "noe" and "password_hash" not in data["account"]
    assert len(data["tables"]["login_sessions"]) == 1

    page.get_by_role("button", name="Supprimer mon compte").click()
    expect(page.get_by_text("Cochez la case pour confirmer la suppression.")).to_be_visible()
    page.locator("#del-current").fill(PASSWORD)
    page.get_by_label(re.compile("^Je comprends que mon compte")).check()
    page.get_by_role("button", name="Supprimer mon compte").click()
    expect(page.get_by_text("Votre compte et toutes vos données ont été supprimés.")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="Se connecter")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_resume_an_unfinished_quiz_from_my_scores(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_up(page, f"reprise{width}")
    start_practice_quiz(page)
    answer_current_question(page)
    expect(page.locator(".verdict")).to_be_visible()
    page.get_by_role("link", name="Mes scores").first.click()
    expect(page.get_by_role("heading", name="Quiz en cours")).to_be_visible()
    fits(page, width)
    page.get_by_role("link", name=re.compile("^Reprendre le quiz")).click()
    expect(page.get_by_text("Question 2 sur 5")).to_be_visible()
    for position in range(2, 6):
        expect(page.get_by_text(f"Question {position} sur 5")).to_be_visible()
        answer_current_question(page)
        page.get_by_role("link", name="Question suivante" if position < 5 else "Voir mon score").click()
    expect(page.get_by_text("Temps total :")).to_be_visible()
    page.goto(page.url.split("?")[0] + "?voir=tout")  # every question, right ones too
    expect(page.locator(".answers .time")).to_have_count(5)
    fits(page, width)
    page.get_by_role("link", name="Mes scores").first.click()
    expect(page.get_by_role("heading", name="Quiz en cours")).to_have_count(0)
