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
    assert len(bank.questions) > 90
    for question in bank.questions:
        verify(saga, question)


def test_typed_answers_accept_aliases_case_and_accents(saga: Deck) -> None:
    bank = generate(saga, 3)
    q = next(q for q in bank.questions if q.id == "openai-saga:barrot-digital-minister:holder")
    assert q.format == "text"  # the only politician of the story: no fair wrong answer, so it is typed
    assert q.is_correct("Jean-Noël Barrot")
    assert q.is_correct("jean noel barrot") and q.is_correct("  BARROT ") and q.is_correct("Barrot.")
    assert not q.is_correct("Xavier Niel") and not q.is_correct("")
    q = next(q for q in bank.questions if q.id == "openai-saga:murati-replaces-altman:successor")
    wrong = next(c for c in q.choices if c != q.answer)
    assert q.is_correct("murati") and not q.is_correct(wrong)


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
    text = roles.read_text(encoding="utf-8")
    assert "Dès l'éviction" in text
    roles.write_text(text.replace("Dès l'éviction", "Juste après l'éviction"), encoding="utf-8")
    edited = generate(load_deck(copy), 0)
    original = generate(saga, 0)
    assert [q.id for q in edited.questions] == [q.id for q in original.questions]
    assert [c.id for c in edited.cards] == [c.id for c in original.cards]
    pairs = [*zip(edited.questions, original.questions, strict=True), *zip(edited.cards, original.cards, strict=True)]
    changed = [a.id for a, b in pairs if a.explanation != b.explanation]
    assert changed and all(":murati-interim-ceo:" in i for i in changed)


def test_every_fact_is_asked_and_carded_unless_background(saga: Deck) -> None:
    bank = generate(saga, 0)
    asked = {f for q in bank.questions for f in q.facts}
    # A post held between two successions is asked through them (« Qui a remplacé X ? »).
    replaced = {(s.role, p) for s in saga.successions if s.id in asked for p in (s.incoming, s.outgoing)}
    asked |= {t.id for t in saga.tenures if (t.role, t.holder) in replaced}
    carded = {c.fact for c in bank.cards}
    facts = {f.id for f in saga.facts() if not f.background}
    background = {f.id for f in saga.facts() if f.background}
    assert len(facts) > 60 and background
    assert facts - asked == set()
    assert facts - carded == set()
    assert not (background & (asked | carded))


def test_every_kind_is_generated(saga: Deck) -> None:
    kinds = {q.kind for q in generate(saga, 0).questions}
    assert kinds == {"replaced", "date", "moment", "quote", "role", "figure", "chronology", "truefalse", "actor", "authored"}


def prompt_of(saga: Deck, qid: str) -> str:
    return next(q.prompt for q in generate(saga, 0).questions if q.id == qid)


NB, NN = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("qid", "prompt"),
    [
        (
            "openai-saga:shear-replaces-murati:successor",
            "Qui a remplacé Mira Murati par intérim à la direction générale d'OpenAI "
            f"à l'issue du week-end du 18-19 novembre 2023{NN}?",
        ),
        (
            "openai-saga:murati-replaces-altman:predecessor",
            f"Qui Mira Murati a-t-elle remplacé par intérim à la direction générale d'OpenAI le 17 novembre 2023{NN}?",
        ),
        (
            "openai-saga:altman-dismissed:date",
            "Quand le conseil d'administration d'OpenAI a-t-il démis Sam Altman de ses fonctions lors d'une "
            f"visioconférence surprise{NN}?",
        ),
        (
            "openai-saga:sutskever-regrets:quote",
            f"Qui a déclaré{NB}: «{NB}Je regrette profondément mon rôle dans cette décision. "
            f"Je n'avais jamais eu l'intention de nuire à OpenAI{NB}»{NN}?",
        ),
        (
            "openai-saga:letter-endangers:quote",  # the quote's own period goes before a question mark
            f"Qui a écrit au conseil{NB}: «{NB}Vos actions mettent en danger notre travail, notre mission, "
            f"et notre entreprise{NB}»{NN}?",
        ),
        (
            "openai-saga:altman-single-goal:quote",  # a fragment, in reported speech
            f"Qui a dit n'avoir qu'un objectif{NB}: «{NB}préserver son équipe et la mission d'OpenAI{NB}»{NN}?",
        ),
        (
            "openai-saga:microsoft-long-term-partnership:quote",
            f"Qui a indiqué dans un communiqué «{NB}avoir un partenariat de long terme avec OpenAI, et rester engagé "
            "auprès de Mira et des équipes alors que nous allons apporter une nouvelle ère de l'intelligence "
            f"artificielle aux utilisateurs{NB}»{NN}?",
        ),
        ("openai-saga:murati-cto:holder", f"Qui occupait la direction des technologies d'OpenAI à l'époque des faits{NN}?"),
        ("openai-saga:microsoft-investment:figure", f"Combien Microsoft a-t-il investi dans OpenAI{NN}?"),
        ("openai-saga:openai-headcount:figure", f"Combien de salariés compte OpenAI{NN}?"),
        ("openai-saga:altman-dismissed:moment", f"Que s'est-il passé le vendredi 17 novembre 2023{NN}?"),
        ("openai-saga:altman-father-of-chatgpt:subject", f"Qui l'article présente-t-il comme le père de ChatGPT{NN}?"),
        ("openai-saga:interim-declined:subject", f"Qui a décliné l'offre de diriger OpenAI par intérim{NN}?"),
        ("openai-saga:musk-board:true", "Jusqu'en 2018, Elon Musk a été membre du conseil d'administration d'OpenAI."),
        (
            "openai-saga:employees-demand:agent",
            f"Qui a exigé la démission du conseil d'administration et le retour de Sam Altman{NN}?",
        ),
        (
            "openai-saga:leadership-agreed:agent",
            f"Qui s'est mis d'accord avec Sam Altman et Greg Brockman sur leur rôle central dans la direction d'OpenAI{NN}?",
        ),
    ],
)
def test_french_prompts_word_for_word(saga: Deck, qid: str, prompt: str) -> None:
    assert prompt_of(saga, qid) == prompt


def test_answers_read_as_french(saga: Deck) -> None:
    by_id = {q.id: q for q in generate(saga, 0).questions}
    assert by_id["openai-saga:microsoft-investment:figure"].answer == "13 milliards de dollars"
    assert by_id["openai-saga:letter-signatories:figure"].answer == "plus de 500 salariés"
    assert by_id["openai-saga:signatories-share:figure"].answer == f"plus de 60{NN}%"
    assert by_id["openai-saga:altman-dismissed:date"].answer == "17 novembre 2023"
    assert by_id["openai-saga:employees-threaten:agent"].answer == "Les salariés d'OpenAI"
    assert by_id["openai-saga:murati-replaces-altman:successor"].answer == "Mira Murati"


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
    assert card.front == f"Qui a remplacé Emmett Shear à la direction générale d'OpenAI le 21 novembre 2023{NN}?"
    assert card.back == "Sam Altman"
    assert card.source == "Épisode 7" and card.explanation
    assert cards["openai-saga:kyutai-backers:card"].back == "Xavier Niel, Rodolphe Saadé et Eric Schmidt"
    quote = cards["openai-saga:sutskever-regrets:card"]
    assert quote.back.startswith("Ilya Sutskever (") and "traduits de l'anglais" in quote.explanation
