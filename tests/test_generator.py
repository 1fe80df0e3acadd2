"""The generator over the whole saga deck: one right answer always, stable ids, correct French."""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from quizapp.content import KINDS, Deck, Question, generate, load_deck, parse_files
from quizapp.content.context import Context
from quizapp.content.generator import polish_question
from quizapp.content.styles import Candidate, events
from quizapp.content.styles.registry import REGISTRY

from .factcheck import verify

SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_question_has_exactly_one_right_answer(saga: Deck, seed: int) -> None:
    bank = generate(saga, random.Random(seed))
    assert len(bank.questions) > 60
    for question in bank.questions:
        verify(saga, question)


def test_typed_answers_accept_aliases_case_accents_and_articles(saga: Deck) -> None:
    q = proposed(saga)["openai-saga:employees-nothing-without-people:quote"]
    bank = generate(saga, 3)
    assert q.format == "text"  # the only group of its kind in the story: no fair wrong answer, so it is typed
    assert q.answer == "Les salariés d'OpenAI"
    for typed in ("Les salariés d'OpenAI", "les salaries", "Salariés", "LES EMPLOYÉS", "le personnel", "salariés d'OpenAI."):
        assert q.is_correct(typed), typed
    assert not q.is_correct("le conseil") and not q.is_correct("") and not q.is_correct("les")
    q = next(q for q in bank.questions if q.id == "openai-saga:murati-replaces-altman:successor")
    wrong = next(c for c in q.choices if c != q.answer)
    assert q.is_correct("murati") and q.is_correct("Mira Murati") and not q.is_correct(wrong)


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


def test_every_fact_is_asked_or_carded_unless_background(saga: Deck) -> None:
    bank = generate(saga, 0)
    asked = {f for q in bank.questions for f in q.facts}
    carded = {c.fact for c in bank.cards}
    facts = {f.id for f in saga.facts() if not f.background}
    background = {f.id for f in saga.facts() if f.background}
    assert len(facts) > 60 and background
    missing = facts - (asked | carded)  # a post held with another one shares that one's card
    assert all(any(o.holder == t.holder and o.id in carded for o in saga.tenures) for t in saga.tenures if t.id in missing)
    assert missing <= {t.id for t in saga.tenures}
    assert len(facts & asked) > 0.75 * len(facts)  # fewer questions, but most facts still asked
    generated = {f for q in bank.questions if q.kind != "authored" for f in q.facts}
    assert not (background & (generated | carded))  # a hand-written question may still cite one


def test_every_kind_is_generated(saga: Deck) -> None:
    kinds = {q.kind for q in generate(saga, 0).questions}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_style_of_why_how_and_what_next_is_asked(saga: Deck, seed: int) -> None:
    counts = Counter(q.kind for q in generate(saga, seed).questions)
    # Each of these asks beyond recall; placing, cause and computed questions are asked only where
    # they are fair (placing: by the dates alone; a cause: no wrong one after the fact nor of its
    # thread, and the saga states four links) and no fact is asked too often (curate): a few each.
    # What Sam Altman's dismissal led to is not asked: every later event of the crisis came of it,
    # linked or not; one cause question is left.
    least = {"completion": 3, "manner": 3, "group": 3, "computed": 2, "placing": 2, "cause": 1}
    for kind, n in least.items():
        assert counts[kind] >= n, (kind, counts[kind])


def proposed(deck: Deck) -> dict[str, Question]:
    """Every question the styles propose, worded as the bank prints it, whether the curator keeps it
    or not: the tests below read a style's French, not the curator's choice."""
    ctx = Context(deck, random.Random(0))
    return {
        out.question.id: polish_question(out.question, ctx.no_elision)
        for style in REGISTRY
        for out in style.build(ctx)
        if isinstance(out, Candidate)
    }


def prompt_of(saga: Deck, qid: str) -> str:
    return proposed(saga)[qid].prompt


NB, NN = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("qid", "prompt"),
    [
        (
            "openai-saga:shear-replaces-murati:successor",
            "Qui a succédé par intérim à Mira Murati à la direction générale d'OpenAI "
            f"à l'issue du week-end des 18 et 19 novembre 2023{NN}?",
        ),
        (
            "openai-saga:murati-replaces-altman:date",
            f"Quel jour Mira Murati a-t-elle succédé par intérim à Sam Altman à la direction générale d'OpenAI{NN}?",
        ),
        ("openai-saga:heart-emoji:manner", f"Comment Sam Altman a-t-il répondu au message de solidarité des salariés{NN}?"),
        (
            "openai-saga:sutskever-regrets:quote",
            f"Qui a déclaré{NB}: «{NB}Je regrette profondément mon rôle dans cette décision. "
            f"Je n'avais jamais eu l'intention de nuire à OpenAI{NB}»{NN}?",
        ),
        (
            "openai-saga:employees-nothing-without-people:quote",
            f"Qui a déclaré{NB}: «{NB}OpenAI n'est rien sans ses membres{NB}»{NN}?",
        ),
        (
            "openai-saga:altman-single-goal:quote",  # a fragment, in reported speech
            f"Qui a dit n'avoir qu'un objectif{NB}: «{NB}préserver son équipe et la mission d'OpenAI{NB}»{NN}?",
        ),
        ("openai-saga:microsoft-investment:figure", f"Combien Microsoft a-t-il investi dans OpenAI{NN}?"),
        ("openai-saga:openai-headcount:figure", f"Combien de salariés comptait OpenAI au moment de la crise{NN}?"),
        ("openai-saga:altman-dismissed:moment", f"Que s'est-il passé le vendredi 17 novembre 2023{NN}?"),
        (
            "openai-saga:mistral-founders-origin:group",
            f"Selon l'article, de quelles entreprises viennent les fondateurs de Mistral AI{NN}?",
        ),
        (
            "openai-saga:kyutai-backers:odd",
            f"Lequel de ces noms ne figure pas parmi les soutiens de Kyutai{NN}?",
        ),
        (
            "openai-saga:altman-dismissed:manner",
            f"Comment le conseil d'administration d'OpenAI a-t-il démis Sam Altman de ses fonctions{NN}?",
        ),
        (
            "openai-saga:altman-replaces-shear:cause",
            f"Qu'est-ce qui a provoqué le retour de Sam Altman à la direction générale{NN}?",
        ),
        (
            "openai-saga:altman-single-goal:completion",  # a fragment: the lead in a relative clause, one colon
            f"Complétez la citation de Sam Altman, qui a dit n'avoir qu'un objectif{NB}: «{NB}préserver _____ et la mission "
            f"d'OpenAI{NB}»",
        ),
        (
            "openai-saga:letter-endangers:completion",
            f"Complétez la citation des salariés d'OpenAI{NB}: «{NB}Vos actions mettent en danger notre travail, notre _____, "
            f"et notre entreprise.{NB}»",
        ),
        (
            "openai-saga:devday:placing",
            f"Parmi ces événements, lequel est survenu juste après l'OpenAI DevDay{NN}?",
        ),
        (
            "openai-saga:microsoft-long-term-partnership:completion",
            f"Complétez la citation de Microsoft, qui a indiqué dans un communiqué «{NB}avoir un partenariat de long terme avec "
            "OpenAI, et rester engagé auprès _____ et des équipes alors que nous allons apporter une nouvelle ère de "
            f"l'intelligence artificielle aux utilisateurs{NB}»",
        ),
        (
            "openai-saga:altman-dismissed:duration-altman-replaces-shear",
            "Combien de jours séparent le licenciement de Sam Altman de son retour à la direction générale "
            f"(à un jour près){NN}?",
        ),
        (
            "openai-saga:murati-interim-ceo:length",
            f"Pendant combien de jours Mira Murati a-t-elle été directrice générale par intérim d'OpenAI{NN}?",
        ),
        (
            "openai-saga:letter-signatories:share-openai-headcount",
            "Quelle part des salariés d'OpenAI, au moins, a signé la lettre ouverte au conseil (en pourcentage, "
            f"à 5 points près){NN}?",
        ),
        (
            "openai-saga:musk-sides-with-board:agent",
            f"Qui a semblé être le seul à approuver la décision du conseil d'administration{NN}?",
        ),
    ],
)
def test_french_prompts_word_for_word(saga: Deck, qid: str, prompt: str) -> None:
    assert prompt_of(saga, qid) == prompt


def test_a_year_question_inverts_its_verb(saga: Deck) -> None:
    """Read from what the style proposes: the curator may ask this claim as a true/false instead."""
    ctx = Context(saga, random.Random(0))
    (found,) = [c for c in events.STYLE.build(ctx) if isinstance(c, Candidate) and c.question.id.endswith("falling-out:date")]
    assert polish_question(found.question).prompt == f"En quelle année Elon Musk s'est-il brouillé avec Sam Altman{NN}?"


@pytest.mark.parametrize(
    ("qid", "prompt"),
    [
        (
            "royaume-uni-2022:johnson-announces:date",
            f"Quel jour Boris Johnson a-t-il annoncé qu'il quittait la tête du Parti conservateur{NN}?",
        ),
        ("royaume-uni-2022:queen-dies:moment", f"Que s'est-il passé le jeudi 8 septembre 2022{NN}?"),
        (
            "royaume-uni-2022:truss-succeeds:successor",
            f"Qui a succédé à Boris Johnson au poste de Premier ministre du Royaume-Uni le 6 septembre 2022{NN}?",
        ),
        (
            "royaume-uni-2022:truss-fighter:quote",  # the quote's own period goes before a question mark
            f"Qui a déclaré{NB}: «{NB}Je suis une battante, pas une lâcheuse{NB}»{NN}?",
        ),
        (
            "royaume-uni-2022:charles-succeeds:date",  # neutral_at: « sur le trône »
            f"Quel jour Charles III a-t-il succédé à Elizabeth II sur le trône du Royaume-Uni{NN}?",
        ),
        (
            "royaume-uni-2022:truss-resigns:manner",
            f"Comment Liz Truss a-t-elle annoncé sa démission après six semaines au pouvoir{NN}?",
        ),
        (
            "royaume-uni-2022:truss-fighter:completion",
            f"Complétez la citation de Liz Truss{NB}: «{NB}Je suis une _____, pas une lâcheuse.{NB}»",
        ),
        (
            "royaume-uni-2022:johnson-pm:length",
            f"Pendant combien d'années Boris Johnson a-t-il été Premier ministre du Royaume-Uni (à un an près){NN}?",
        ),
        (
            "royaume-uni-2022:october-withdrawals:group",  # two answers: a plural question
            f"Quels candidats ont cherché des parrainages pour succéder à Liz Truss en octobre 2022, avant de renoncer{NN}?",
        ),
        (
            "royaume-uni-2022:truss-vote:figure",
            f"Quelle part des voix des adhérents conservateurs Liz Truss a-t-elle obtenue{NN}?",
        ),
    ],
)
def test_second_story_prompts_word_for_word(qid: str, prompt: str) -> None:
    uk = load_deck(Path(__file__).parent.parent / "questions" / "royaume-uni-2022")
    assert proposed(uk)[qid].prompt == prompt


def test_years_between_two_linked_facts_read_as_french() -> None:
    """« Combien d'années séparent … (à un an près) ? », on a deck of its own: the saga's only such
    pair (the 2018 falling-out and the 2023 letter) rested on a link the article only guessed."""

    def person(pid: str, name: str, gender: str) -> dict[str, str]:
        return {"id": pid, "kind": "person", "subkind": "artist", "name": name, "gender": gender, "description": name}

    data = {
        "deck": {"id": "t", "title": "Test", "description": "Un deck de test.", "as_of": "2024-03-31"},
        "sources": [{"id": "s", "title": "Chapitre"}],
        "entities": [person("ann", "Anne Martin", "f"), person("dan", "Daniel Morel", "m"), person("eli", "Élie Faure", "m")],
        "events": [
            {
                "id": "quarrel",
                "source": "s",
                "explanation": "x",
                "type": "other",
                "date": 2018,
                "led_to": ["suit"],
                "label": "la brouille entre Anne Martin et Daniel Morel",
            },
            {
                "id": "suit",
                "source": "s",
                "explanation": "x",
                "type": "other",
                "date": "2023-11-21",
                "label": "le procès intenté par Anne Martin",
                "agent": "ann",
                "action": "a attaqué Daniel Morel en justice",
            },
        ],
    }
    deck = parse_files([("t.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])
    asked = next(q for q in generate(deck, 0).questions if q.id == "t:quarrel:duration-suit")
    assert asked.prompt == (
        "Combien d'années séparent la brouille entre Anne Martin et Daniel Morel du procès intenté par Anne Martin "
        f"(à un an près){NN}?"
    )
    assert asked.answer == "5 ans"


def test_answers_read_as_french(saga: Deck) -> None:
    by_id = proposed(saga)
    assert by_id["openai-saga:microsoft-investment:figure"].answer == "13 milliards de dollars"
    assert by_id["openai-saga:openai-headcount:figure"].answer == "770 salariés"
    assert by_id["openai-saga:letter-signatories:share-openai-headcount"].answer == "au moins 65\u202f%"
    assert by_id["openai-saga:murati-replaces-altman:date"].answer == "17 novembre 2023"
    assert by_id["openai-saga:employees-nothing-without-people:quote"].answer == "Les salariés d'OpenAI"
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
    assert card.front == f"Qui a succédé à Emmett Shear à la direction générale d'OpenAI le 21 novembre 2023{NN}?"
    assert card.back == "Sam Altman"
    assert card.source == "Épisode 7" and card.explanation
    assert cards["openai-saga:kyutai-backers:card"].back == "Xavier Niel, Rodolphe Saadé et Eric Schmidt"
    quote = cards["openai-saga:sutskever-regrets:card"]
    assert quote.back.startswith("Ilya Sutskever (") and "traduits de l'anglais" in quote.explanation


def both_decks() -> list[Deck]:
    root = Path(__file__).parent.parent / "questions"
    return [load_deck(root / "openai-saga"), load_deck(root / "royaume-uni-2022")]


def test_each_causal_link_and_each_pair_of_neighbours_is_asked_once() -> None:
    for deck in both_decks():
        questions = generate(deck, 0).questions
        links = [frozenset(q.facts) for q in questions if q.kind == "cause"]
        assert links and len(links) == len(set(links)), deck.id
        placed = [frozenset(q.facts) for q in questions if q.kind == "placing" and len(q.facts) == 2]
        assert placed and len(placed) == len(set(placed)), deck.id


def test_completion_choices_each_read_as_french_in_the_sentence() -> None:
    """« vols d'_____ » with « chœurs » among the choices would read « vols d'chœurs »."""
    vowel = "aeiouyéèêàâîïôûœ"
    seen = 0
    for deck in both_decks():
        for q in proposed(deck).values():  # every completion a style writes, kept or not
            if q.kind != "completion" or q.format != "choice":
                continue
            gapped = q.prompt[q.prompt.index("«") :]
            for choice in q.choices:
                filled = gapped.replace("_____", choice)
                seen += 1
                assert not re.search(rf"\bde [{vowel}]", filled, re.I), filled
                assert not re.search(rf"\bd'[^{vowel}h]", filled, re.I), filled
    assert seen >= 40
