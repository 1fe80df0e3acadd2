"""Hand-written questions: every kind loads, is judged right, and every mistake is located."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizapp.content import ContentError, generate, load_all, parse_files
from quizapp.content.yamlsafe import parse_text

HEADER = """deck: {id: t, title: T, description: D}
sources: [{id: s1, title: Épisode 1}]
entities: [{id: ann, kind: person, name: Ann, description: x}]
events: [{id: e1, type: other, label: un fait, date: 2023-11-17, source: s1, explanation: x}]
"""

GOOD = (
    HEADER
    + """questions:
  - id: q-one
    kind: choice
    prompt: Une seule bonne ?
    choices: [A, B, C]
    answers: [B]
    tags: [alpha]
    difficulty: 2
    source: s1
    facts: [e1]
  - id: q-many
    kind: choice
    prompt: Plusieurs ?
    choices: [A, B, C, D]
    answers: [A, C]
  - id: q-tf
    kind: truefalse
    statement: Le ciel est vert.
    answer: false
  - id: q-short
    kind: short
    prompt: Qui ?
    answer: Jean-Noël Barrot
    accepted: [Barrot]
  - id: q-order
    kind: order
    prompt: Dans l'ordre ?
    items: [un, deux, trois]
  - id: q-match
    kind: match
    prompt: Associez.
    pairs:
      - {left: France, right: Paris}
      - {left: Italie, right: Rome}
      - {left: Espagne, right: Madrid}
    tags: [beta]
"""
)


def deck_of(text: str):
    return parse_files([("t.yaml", parse_text(text, "t.yaml"))])


def errors_of(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        deck_of(text)
    return [str(p) for p in info.value.problems]


def test_every_kind_loads_and_is_judged() -> None:
    bank = generate(deck_of(GOOD), random.Random(3))
    q = {x.id: x for x in bank.questions if x.kind == "authored"}
    assert set(q) == {"q-one", "q-many", "q-tf", "q-short", "q-order", "q-match"}
    assert q["q-one"].format == "choice" and q["q-one"].is_correct("B") and not q["q-one"].is_correct("A")
    assert q["q-one"].tags == ("alpha",) and q["q-one"].difficulty == 2 and q["q-one"].source == "Épisode 1"
    assert q["q-many"].format == "multi" and set(q["q-many"].answer) == {"A", "C"}
    assert (
        q["q-many"].is_correct(["C", "A"]) and not q["q-many"].is_correct(["A"]) and not q["q-many"].is_correct(["A", "C", "D"])
    )
    assert q["q-tf"].answer == "Faux" and q["q-tf"].is_correct("Faux")
    assert q["q-short"].format == "text" and q["q-short"].is_correct("jean noel barrot") and q["q-short"].is_correct("BARROT")
    assert q["q-order"].answer == ("un", "deux", "trois") and q["q-order"].choices != q["q-order"].answer
    assert q["q-order"].is_correct(["un", "deux", "trois"]) and not q["q-order"].is_correct(["deux", "un", "trois"])
    match = q["q-match"]
    assert match.items == ("France", "Italie", "Espagne") and sorted(match.choices) == ["Madrid", "Paris", "Rome"]
    assert match.is_correct(["Paris", "Rome", "Madrid"]) and not match.is_correct(["Rome", "Paris", "Madrid"])
    assert [x.id for x in bank.by_kind(["authored"], ["beta"])] == ["q-match"]


def test_hand_written_questions_are_in_the_export() -> None:
    from quizapp.content.export import bank_records

    records = {r["id"]: r for r in bank_records([generate(deck_of(GOOD), 0)])}
    assert records["q-match"]["items"] == ["France", "Italie", "Espagne"] and records["q-match"]["tags"] == ["beta"]
    assert records["q-many"]["format"] == "multi" and sorted(records["q-many"]["answer"]) == ["A", "C"]
    assert records["q-one"]["difficulty"] == 2 and records["q-one"]["facts"] == ["e1"]


@pytest.mark.parametrize(
    ("questions", "at", "message"),
    [
        (
            "  - {id: q, kind: choice, prompt: P, choices: [A, B], answers: [Z]}",
            "Z]",
            "la réponse « Z » n'est pas dans « choices » (recopiez-la exactement)",
        ),
        (
            "  - {id: q, kind: choice, prompt: P, choices: [Alpha, B], answers: [Alpah]}",
            "Alpah",
            "la réponse « Alpah » n'est pas dans « choices » : vouliez-vous dire « Alpha » ?",
        ),
        ("  - {id: q, kind: choice, prompt: P, choices: [A, A], answers: [A]}", "A], answers", "proposition « A » en double"),
        ("  - {id: q, kind: order, prompt: P, items: [a, b, a]}", "a]", "élément « a » en double"),
        (
            "  - {id: q, kind: match, prompt: P, pairs: [{left: a, right: x}, {left: a, right: y}]}",
            "{left: a, right: y",
            "élément de gauche « a » en double",
        ),
        (
            "  - {id: q, kind: quiz, prompt: P}",
            "{id",
            "type de question « quiz » inconnu (attendu : 'choice', 'truefalse', 'short', 'order', 'match')",
        ),
        ("  - {id: q, prompt: P}", "{id", "champ « kind » manquant : quel type de question ?"),
        (
            "  - {id: q, kind: short, prompt: P, answer: A, acepted: [B]}",
            "acepted",
            "champ inconnu « acepted » : vouliez-vous dire « accepted » ?",
        ),
        ("  - {id: q, kind: truefalse, statement: S, answer: yes}", "yes", "« answer » doit être true ou false"),
        ("  - {id: q, kind: truefalse, statement: S, answer: true, difficulty: 9}", "9", "« difficulty » doit être entre 1 et 5"),
        ("  - {id: q, kind: truefalse, statement: S, answer: true, facts: [nope]}", "nope", "fait inconnu « nope »"),
        ("  - {id: q, kind: truefalse, statement: S, answer: true, source: ep9}", "ep9", "source inconnue « ep9 »"),
        ("  - {id: e1, kind: truefalse, statement: S, answer: true}", "e1,", "identifiant « e1 » en double"),
        ("  - {id: q, kind: order, prompt: P, items: [seul]}", "[seul", "« items » doit contenir au moins un élément"),
    ],
)
def test_question_errors_are_located(questions: str, at: str, message: str) -> None:
    errors = errors_of(HEADER + "questions:\n" + questions + "\n")
    expected = f"t.yaml:6:{questions.rindex(at) + 1}: {message}"
    assert any(e.startswith(expected) for e in errors), (expected, errors)


def test_one_question_id_in_two_decks_is_an_error(tmp_path: Path) -> None:
    for deck in ("a", "b"):
        (tmp_path / deck).mkdir()
        (tmp_path / deck / "deck.yaml").write_text(GOOD.replace("id: t,", f"id: {deck},"), encoding="utf-8")
    decks, problems = load_all(tmp_path)
    assert list(decks) == ["a"]
    where = tmp_path.name
    expected = f"{where}/b/deck.yaml:6:9: question « q-one » déjà définie dans le deck « a » ({where}/a/deck.yaml:6:9)"
    assert expected in [str(p) for p in problems], problems
