"""The generator over the whole saga deck: one right answer always, stable ids, correct French."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from quizapp.content import Deck, generate, load_deck

from .factcheck import verify

SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_question_has_exactly_one_right_answer(saga: Deck, seed: int) -> None:
    bank = generate(saga, random.Random(seed))
    assert len(bank.questions) > 150
    for question in bank.questions:
        verify(saga, question)


def test_typed_answers_accept_aliases_case_and_accents(saga: Deck) -> None:
    bank = generate(saga, 3)
    q = next(q for q in bank.questions if q.id == "openai-saga:barrot-digital-minister:holder")
    assert q.is_correct("Jean-Noël Barrot")
    assert q.is_correct("jean noel barrot") and q.is_correct("  BARROT ") and q.is_correct("Barrot.")
    assert not q.is_correct("Xavier Niel") and not q.is_correct("")
    wrong = next(c for c in q.choices if c != q.answer)
    assert not q.is_correct(wrong)


def test_ids_are_stable_and_unique(saga: Deck) -> None:
    one, two = generate(saga, 1), generate(saga, 2)
    ids = [q.id for q in one.questions]
    assert len(ids) == len(set(ids))
    assert ids == [q.id for q in two.questions]
    generated = [q for q in one.questions if q.kind != "authored"]
    assert all(q.id.startswith("openai-saga:") and q.id.count(":") == 2 for q in generated)
    assert {q.id for q in one.questions if q.kind == "authored"} == {q.id for q in saga.questions}


def test_same_seed_same_quiz_choice_order_included(saga: Deck) -> None:
    assert generate(saga, random.Random(7)) == generate(saga, random.Random(7))
    assert generate(saga, 7).questions != generate(saga, 8).questions


def test_editing_an_explanation_keeps_ids(tmp_path: Path, saga_path: Path, saga: Deck) -> None:
    copy = tmp_path / "saga"
    shutil.copytree(saga_path, copy)
    roles = copy / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("Dès l'éviction", "Juste après l'éviction"), encoding="utf-8")
    edited = generate(load_deck(copy), 0)
    original = generate(saga, 0)
    assert [q.id for q in edited.questions] == [q.id for q in original.questions]
    changed = [q.id for q, r in zip(edited.questions, original.questions, strict=True) if q.explanation != r.explanation]
    assert changed and all(":murati-interim-ceo:" in i for i in changed)


def test_every_fact_yields_a_question_and_a_card(saga: Deck) -> None:
    bank = generate(saga, 0)
    asked = {f for q in bank.questions for f in q.facts}
    carded = {c.fact for c in bank.cards}
    facts = {f.id for f in saga.facts()}
    assert len(facts) > 40
    assert facts - asked == set()
    assert facts - carded == set()


def test_every_kind_is_generated(saga: Deck) -> None:
    kinds = {q.kind for q in generate(saga, 0).questions}
    assert kinds == {"replaced", "date", "quote", "role", "figure", "chronology", "truefalse", "actor", "authored"}


def prompt_of(saga: Deck, qid: str) -> str:
    return next(q.prompt for q in generate(saga, 0).questions if q.id == qid)


@pytest.mark.parametrize(
    ("qid", "prompt"),
    [
        (
            "openai-saga:shear-replaces-murati:successor",
            "Qui a remplacé Mira Murati au poste de directeur général d'OpenAI "
            "à l'issue du week-end du 18-19 novembre 2023\u202f?",
        ),
        (
            "openai-saga:murati-replaces-altman:predecessor",
            "Qui Mira Murati a-t-elle remplacé au poste de directeur général d'OpenAI le 17 novembre 2023\u202f?",
        ),
        ("openai-saga:altman-dismissed:date", "À quelle date a eu lieu le licenciement de Sam Altman\u202f?"),
        (
            "openai-saga:sutskever-regrets:quote",
            "Qui a déclaré\u00a0: «\u00a0Je regrette profondément mon rôle dans cette décision. "
            "Je n'avais jamais eu l'intention de nuire à OpenAI\u00a0»\u202f?",
        ),
        ("openai-saga:murati-interim-ceo:role", "Lequel de ces postes Mira Murati occupait-elle le 18 novembre 2023\u202f?"),
        (
            "openai-saga:murati-interim-ceo:true",
            "Le 18 novembre 2023, Mira Murati était directrice générale par intérim d'OpenAI.",
        ),
        ("openai-saga:microsoft-investment:figure", "Quel est le montant investi par Microsoft dans OpenAI\u202f?"),
        ("openai-saga:shear-plan-length:figure", "Quelle est la durée du plan présenté par Emmett Shear\u202f?"),
        (
            "openai-saga:weekend-negotiations:true",
            "Les tentatives de négociation pour faire revenir Sam Altman ont eu lieu pendant le week-end du 18-19 novembre 2023.",
        ),
        ("openai-saga:employees-threaten:true", "Les salariés d'OpenAI ont menacé de démissionner en masse."),
        ("openai-saga:xai-rivals-openai:true", "xAI est une entreprise rivale d'OpenAI."),
        ("openai-saga:interim-declined:subject", "Qui a décliné l'offre de diriger OpenAI par intérim ?"),
    ],
)
def test_french_prompts_word_for_word(saga: Deck, qid: str, prompt: str) -> None:
    assert prompt_of(saga, qid) == prompt


def test_answers_read_as_french(saga: Deck) -> None:
    by_id = {q.id: q for q in generate(saga, 0).questions}
    assert by_id["openai-saga:murati-interim-ceo:role"].answer == "directrice générale par intérim d'OpenAI"
    assert by_id["openai-saga:microsoft-investment:figure"].answer == "13 milliards de dollars"
    assert by_id["openai-saga:letter-signatories:figure"].answer == "plus de 500 salariés"
    assert by_id["openai-saga:altman-dismissed:date"].answer == "17 novembre 2023"
    assert by_id["openai-saga:employees-threaten:agent"].answer == "Les salariés d'OpenAI"


def test_vague_dates_are_never_asked_precisely(saga: Deck) -> None:
    vague = {f.id for f in (*saga.events, *saga.successions) if f.date and f.date.precision == "range"}
    assert vague, "the saga has ranged dates (the weekend)"
    dated = {q.facts[0] for q in generate(saga, 0).questions if q.kind == "date"}
    assert dated and not (dated & vague)
    # Nobody is asked who led OpenAI on the hand-over weekend's uncertain days.
    for q in generate(saga, 0).questions:
        if q.basis.get("check") == "holder" and q.basis.get("role") == "openai-ceo":
            assert q.basis["day"] not in ("2023-11-17", "2023-11-19", "2023-11-20", "2023-11-21")


def test_cards_front_and_back(saga: Deck) -> None:
    cards = {c.id: c for c in generate(saga, 0).cards}
    card = cards["openai-saga:altman-replaces-shear:card"]
    assert card.front == "Qui a remplacé Emmett Shear au poste de directeur général d'OpenAI le 21 novembre 2023\u202f?"
    assert card.back == "Sam Altman"
    assert card.source == "Épisode 7" and card.explanation
    assert cards["openai-saga:kyutai-backers:card"].back == "Xavier Niel, Rodolphe Saadé et Eric Schmidt"
