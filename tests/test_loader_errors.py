"""Every class of bad deck file is refused with a located, French message; nothing is half-loaded."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quizapp.content import ContentError, load_deck
from quizapp.content.yamlsafe import MAX_DEPTH

BAD = Path(__file__).resolve().parent / "data" / "bad"


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_deck(path, root=path.parent)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "line", "col", "message"),
    [
        ("syntax.yaml", 7, 1, "erreur de syntaxe YAML"),
        ("tabs.yaml", 3, 1, "caractère de tabulation"),
        ("duplicate_key.yaml", 7, 5, "clé « name » en double (déjà définie ligne 6)"),
        ("unknown_field.yaml", 7, 5, "champ inconnu « speeker » : vouliez-vous dire « speaker » ?"),
        ("wrong_type.yaml", 6, 12, "« value » doit être un nombre"),
        ("missing_field.yaml", 4, 5, "champ obligatoire « name » manquant"),
        ("duplicate_id.yaml", 5, 10, "identifiant « ann » en double (déjà utilisé : duplicate_id.yaml:4)"),
        ("unknown_entity.yaml", 7, 14, "entité inconnue « anne » : vouliez-vous dire « ann » ?"),
        ("impossible_date.yaml", 7, 11, "date impossible : « 2023-02-30 »"),
        ("malformed_date.yaml", 7, 11, "date mal formée : « 17/11/2023 »"),
        ("period_reversed.yaml", 13, 12, "la fonction se termine (17 novembre 2023) avant de commencer (20 novembre 2023)"),
        ("overlap.yaml", 14, 12, "n'a qu'un titulaire à la fois, mais « bob » l'occupe en même temps que « ann »"),
        ("anchor.yaml", 4, 5, "ancre YAML « &ann » non autorisée"),
        ("empty.yaml", 1, 1, "fichier vide"),
        ("top_list.yaml", 1, 1, "pas une liste"),
    ],
)
def test_bad_file_is_located(name: str, line: int, col: int, message: str) -> None:
    errors = errors_of(BAD / name)
    assert any(e.startswith(f"{name}:{line}:{col}: ") and message in e for e in errors), errors


def test_every_message_reads_path_line_col() -> None:
    for path in sorted(BAD.glob("*.yaml")):
        for error in errors_of(path):
            assert re.match(rf"{re.escape(path.name)}:\d+:\d+: \S", error), error


def test_one_run_reports_every_problem() -> None:
    errors = errors_of(BAD / "several.yaml")
    assert [e.split(": ", 1)[0] for e in errors] == [
        "several.yaml:4:48",
        "several.yaml:5:21",
        "several.yaml:7:23",
        "several.yaml:7:50",
    ]
    assert "« gender »" in errors[0] and "« persn »" in errors[1]
    assert "entité inconnue « carl »" in errors[2] and "source inconnue « s2 »" in errors[3]


def test_alias_without_anchor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("deck: {id: t, title: T, description: D}\nsources: *x\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert error.startswith("alias.yaml:2:")


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("deck: {id: t, title: T, description: D}\n#" + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert error.startswith("big.yaml:1:1: fichier trop volumineux")


def test_non_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("deck: {id: t, title: T, description: D}\nsources: [{id: s, title: Épisode}]\n".encode("latin-1"))
    (error,) = errors_of(path)
    assert error.startswith("latin1.yaml:2:26: octet 0xc9 invalide")


def test_deep_nesting_is_refused_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("deck: " + "[" * 40 + "]" * 40 + "\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert error.startswith(f"deep.yaml:1:{6 + MAX_DEPTH}: imbrication trop profonde")


@pytest.mark.parametrize("depth", [1_100, 100_000])
def test_pathological_nesting_is_refused_not_a_recursion_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("deck: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert re.match(r"deep\.yaml:1:\d+: imbrication trop profonde", error), error


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text("deck: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert "étiquette YAML" in error and "non autorisée" in error


def test_unknown_section_suggests(tmp_path: Path) -> None:
    path = tmp_path / "sec.yaml"
    path.write_text("deck: {id: t, title: T, description: D}\nquote: []\n", encoding="utf-8")
    (error,) = errors_of(path)
    assert error == "sec.yaml:2:1: section inconnue « quote » : vouliez-vous dire « quotes » ?"


def test_errors_across_files_of_one_deck(tmp_path: Path, saga_path: Path) -> None:
    deck = tmp_path / "saga"
    shutil.copytree(saga_path, deck)
    quotes = deck / "quotes.yaml"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace("speaker: sam-altman", "speaker: sam-altmann", 1), encoding="utf-8"
    )
    (deck / "extra.yaml").write_text("deck: {id: x, title: X, description: X}\n", encoding="utf-8")
    errors = errors_of(deck)
    assert any(e.startswith("saga/extra.yaml:1:1: en-tête « deck » en double (déjà dans saga/deck.yaml:4)") for e in errors), (
        errors
    )
    assert any(
        "saga/quotes.yaml:" in e and "entité inconnue « sam-altmann » : vouliez-vous dire « sam-altman » ?" in e for e in errors
    ), errors


def test_succession_must_match_tenures(tmp_path: Path, saga_path: Path) -> None:
    deck = tmp_path / "saga"
    shutil.copytree(saga_path, deck)
    roles = deck / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(text.replace("    date: 2023-11-21\n", "    date: 2023-11-25\n"), encoding="utf-8")
    errors = errors_of(deck)
    assert any("la date (25 novembre 2023) ne correspond à aucune fin de période de « emmett-shear »" in e for e in errors), (
        errors
    )


def test_duplicate_relation_pair(tmp_path: Path, saga_path: Path) -> None:
    deck = tmp_path / "saga"
    shutil.copytree(saga_path, deck)
    (deck / "zz-more.yaml").write_text(
        "relations:\n  - {id: again, predicate: backs, subjects: [sam-altman], object: kyutai, source: ep2, explanation: x}\n",
        encoding="utf-8",
    )
    errors = errors_of(deck)
    assert errors == [
        "saga/zz-more.yaml:2:67: « backs » vers « kyutai » est déjà dans la relation « kyutai-backers » : "
        "regroupez les sujets dans une seule relation"
    ]


def test_a_manner_decoy_that_is_the_manner_is_located(tmp_path: Path, saga_path: Path) -> None:
    deck = tmp_path / "saga"
    shutil.copytree(saga_path, deck)
    events = deck / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(
        text.replace("      - par un communiqué publié sans le prévenir\n", "      - Lors d'une  visioconférence surprise\n"),
        encoding="utf-8",
    )
    (error,) = errors_of(deck)
    assert error.startswith("saga/events.yaml:14:9: ") and "un leurre ne peut pas être la bonne réponse" in error, error
