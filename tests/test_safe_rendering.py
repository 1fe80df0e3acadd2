"""Markup in a deck is shown as text, never run: quiz, correction, scores, preview, study, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from quizapp.cli import main
from quizapp.extensions import db
from quizapp.models import Attempt

from .conftest import Clock, client_with_role, make_app, start_quiz
from .webhelpers import form_for, snapshot

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
EVIL = f"{SCRIPT}{IMG}"


def q(text: str) -> str:
    """A YAML double-quoted scalar holding `text`."""
    return json.dumps(text, ensure_ascii=False)


DECK = f"""deck: {{id: evil, title: {q("Titre " + EVIL)}, description: {q("Desc " + EVIL)}}}
sources: [{{id: s1, title: {q("Source " + EVIL)}}}]
entities:
  - {{id: ann, kind: person, name: {q("Ann " + EVIL)}, aliases: [{q(EVIL)}], gender: f, description: {q(EVIL)}}}
  - {{id: bob, kind: person, name: {q("Bob " + IMG)}, gender: m, description: x}}
  - {{id: cat, kind: person, name: Cat, gender: f, description: x}}
  - {{id: dan, kind: person, name: Dan, gender: m, description: x}}
  - {{id: eve, kind: person, name: Eve, gender: f, description: x}}
  - {{id: org, kind: organisation, name: {q("Org " + EVIL)}, description: x}}
roles:
  - {{id: boss, organisation: org, title: {{m: {q("chef " + EVIL)}, f: {q("cheffe " + EVIL)}}}, single_holder: true}}
  - {{id: aide, organisation: org, title: {{m: aide, f: aide}}}}
  - {{id: sage, organisation: org, title: {{m: sage, f: sage}}}}
  - {{id: juge, organisation: org, title: {{m: juge, f: juge}}}}
tenures:
  - {{id: t1, holder: ann, role: boss, until: 2023-11-17, source: s1, explanation: {q("Expl " + EVIL)}}}
  - {{id: t2, holder: bob, role: boss, since: 2023-11-17, source: s1, explanation: {q("Expl " + EVIL)}}}
successions:
  - {{id: s-1, role: boss, outgoing: ann, incoming: bob, date: 2023-11-17, source: s1, explanation: {q(EVIL)}}}
events:
  - {{id: e1, type: other, label: {q("le fait " + EVIL)}, date: 2023-11-18, agent: ann, action: {q("a fait " + EVIL)},
      source: s1, explanation: {q(EVIL)}}}
  - {{id: e2, type: other, label: second, date: 2023-11-20, source: s1, explanation: x}}
  - {{id: e3, type: other, label: troisième, date: 2023-11-22, source: s1, explanation: x}}
quotes:
  - {{id: q1, speaker: ann, text: {q("Je dis " + EVIL)}, context: {q(EVIL)}, source: s1, explanation: {q(EVIL)}}}
figures:
  - {{id: f1, label: {q("le chiffre " + EVIL)}, value: 42, unit: {q("unités " + IMG)}, source: s1, explanation: {q(EVIL)}}}
questions:
  - {{id: evil-choice, kind: choice, prompt: {q("Choix " + EVIL)}, choices: [{q("A " + EVIL)}, B, C], answers: [{q("A " + EVIL)}],
      explanation: {q(EVIL)}, source: s1}}
  - {{id: evil-multi, kind: choice, prompt: {q("Multi " + EVIL)}, choices: [{q("A " + IMG)}, B, C],
      answers: [{q("A " + IMG)}, B]}}
  - {{id: evil-short, kind: short, prompt: {q("Court " + EVIL)}, answer: {q("R " + EVIL)}, accepted: [{q(IMG)}]}}
  - {{id: evil-order, kind: order, prompt: {q("Ordre " + EVIL)}, items: [{q("1 " + EVIL)}, {q("2 " + IMG)}, trois]}}
  - {{id: evil-match, kind: match, prompt: {q("Assoc " + EVIL)},
      pairs: [{{left: {q("G " + EVIL)}, right: {q("D " + IMG)}}}, {{left: g2, right: d2}}]}}
  - {{id: evil-tf, kind: truefalse, statement: {q("Vrai " + EVIL)}, answer: true, tags: [evil]}}
"""


def assert_safe(html: str, where: str, shown: bool = True) -> bool:
    """No payload runs; returns whether one is displayed (escaped), which `shown` requires."""
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html and "onerror=" not in html.replace("onerror=&#34;", ""), where
    displayed = "&lt;script&gt;" in html or "&lt;img" in html
    assert displayed or not shown, f"{where}: the payload should be shown, escaped"
    return displayed


@pytest.fixture
def evil_app(tmp_path: Path, clock: Clock) -> Flask:
    (tmp_path / "questions" / "evil").mkdir(parents=True)
    (tmp_path / "questions" / "evil" / "deck.yaml").write_text(DECK, encoding="utf-8")
    return make_app(tmp_path, clock, QUESTIONS_DIR=str(tmp_path / "questions"))


def test_every_page_escapes_deck_text(evil_app: Flask, clock: Clock) -> None:
    client = client_with_role(evil_app, "alice", "admin")
    with evil_app.app_context():
        total = len(evil_app.extensions["decks"].bank("evil").questions)
    assert_safe(client.get("/").get_data(as_text=True), "home")
    attempt = start_quiz(client, count=20, deck="evil")
    with evil_app.app_context():
        drawn = db.session.get(Attempt, attempt).total  # never two questions that give each other away
    assert 0 < drawn <= min(20, total)
    shown = 0
    for position in range(1, drawn + 1):
        shown += assert_safe(client.get(f"/quiz/{attempt}/{position}").get_data(as_text=True), f"question {position}", False)
        snap = snapshot(evil_app, attempt, position)
        client.post(f"/quiz/{attempt}/{position}", data=form_for(snap, right=position % 2 == 0))
        assert_safe(client.get(f"/quiz/{attempt}/{position}").get_data(as_text=True), f"correction {position}", False)
    assert shown >= 10  # most questions carry a payload somewhere
    assert_safe(client.get("/admin").get_data(as_text=True), "/admin", shown=False)  # users only, no deck text
    clock.advance(hours=1)  # the cards the quiz reviewed are due again
    for path in (
        f"/quiz/{attempt}/resultat",
        "/scores",
        f"/scores/{attempt}",
        "/admin/utilisateurs/1",
        "/statistiques/",
        "/statistiques/evil",
        "/statistiques/evil/faits",
        "/auteur/",
        "/auteur/apercu/evil",
        "/reviser/",
    ):
        assert_safe(client.get(path).get_data(as_text=True), path)
    card = client.get("/reviser/").get_data(as_text=True).split('href="/reviser/carte/')[1].split('"')[0]
    assert_safe(client.get(f"/reviser/carte/{card}").get_data(as_text=True), "flashcard")


def test_upload_errors_escape_the_file_name_and_content(evil_app: Flask) -> None:
    from io import BytesIO

    client = client_with_role(evil_app, "alice", "author")
    bad = f"deck: {{id: x, title: T, description: D}}\n{SCRIPT}: 1\n".encode()
    response = client.post("/auteur/deposer", data={"file": (BytesIO(bad), "a<b>.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert_safe(response.get_data(as_text=True), "upload errors")


def test_json_export_keeps_text_as_data(tmp_path: Path, evil_app: Flask) -> None:
    result = CliRunner().invoke(main, ["export", "--questions", str(tmp_path / "questions")])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert any(SCRIPT in r["prompt"] for r in records)  # the exact text, for other tools to escape as they show it
