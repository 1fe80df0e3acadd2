"""The curator's choice of a bank: no question gives another away, no question twice, no fact asked
over and over; tested on small decks and hand-made candidates, then on the shipped decks."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from pathlib import Path
from typing import Any

import yaml

from quizapp.content import Deck, Question, generate, load_deck, parse_files
from quizapp.content.curate import MAX_ASKED_VS_MEAN, clashing, curate, gives_away
from quizapp.content.styles import Candidate
from quizapp.services.quizzes import draw

ROOT = Path(__file__).parent.parent / "questions"


def small_deck(events: int, posts: int = 0) -> Deck:
    """Events e0…, and a post held by one person at a time: p0 -> p1 -> … (tenures t…, successions s…)."""
    people = [{"id": f"p{i}", "kind": "person", "name": f"Personne {i}", "description": "x"} for i in range(max(posts, 1) + 1)]
    data: dict[str, Any] = {
        "deck": {"id": "t", "title": "Test", "description": "Un deck de test.", "as_of": "2024-03-31"},
        "sources": [{"id": "s", "title": "Chapitre"}],
        "entities": [*people, {"id": "org", "kind": "organisation", "name": "Org", "description": "x"}],
        "roles": [{"id": "chief", "organisation": "org", "title": {"m": "chef", "f": "cheffe"}, "single_holder": True}],
        "events": [
            {"id": f"e{i}", "source": "s", "explanation": "x", "type": "other", "label": f"l'événement {i}"}
            for i in range(events)
        ],
        "tenures": [
            {
                "id": f"t{i}",
                "source": "s",
                "explanation": "x",
                "holder": f"p{i}",
                "role": "chief",
                **({"since": f"2024-01-{i:02d}"} if i else {}),
                **({"until": f"2024-01-{i + 1:02d}"} if i < posts - 1 else {}),
            }
            for i in range(posts)
        ],
        "successions": [
            {
                "id": f"s{i}",
                "source": "s",
                "explanation": "x",
                "role": "chief",
                "outgoing": f"p{i}",
                "incoming": f"p{i + 1}",
                "date": f"2024-01-{i + 1:02d}",
            }
            for i in range(max(posts - 1, 0))
        ],
    }
    return parse_files([("t.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])


def question(
    qid: str, kind: str, prompt: str, answer: str | tuple[str, ...], facts: list[str], fmt: str = "choice", **extra: Any
) -> Question:
    return Question(
        id=f"t:{qid}",
        deck="t",
        kind=kind,
        format=fmt,  # type: ignore[arg-type]
        prompt=prompt,
        answer=answer,
        explanation="",
        source="",
        facts=tuple(facts),
        **extra,
    )


def candidate(q: Question, variant: str, rank: int, anchor: str | None = None) -> Candidate:
    return Candidate(q, rank, ("claim", q.id), anchor or q.facts[0], variant)


def plain(i: int, kind: str, variant: str, fact: str, rank: int = 80) -> Candidate:
    """A question that gives nothing away: its answer is printed nowhere."""
    q = question(f"{fact}-{variant}-{i}", kind, f"Question {kind} numéro {i} sur {fact} ?", f"Réponse {i} {kind}", [fact])
    return candidate(q, variant, rank)


QUOTE = question(
    "q-quote", "quote", "Qui a déclaré : « OpenAI n'est rien sans ses membres » ?", "Les salariés d'OpenAI", ["q"], "text"
)
COMPLETION = question(
    "q-completion",
    "completion",
    "Complétez la citation des salariés d'OpenAI : « OpenAI n'est rien sans _____ »",
    "ses membres",
    ["q"],
    choices=("ses membres", "son patron", "ses fondateurs", "ses investisseurs"),
)


def test_a_quote_and_its_completion_give_each_other_away() -> None:
    assert gives_away(QUOTE, COMPLETION) and gives_away(COMPLETION, QUOTE)


def test_a_name_or_an_event_printed_without_what_is_asked_gives_nothing_away() -> None:
    who = question("who", "actor", "Qui a perdu la présidence du conseil ?", "Greg Brockman", ["e"])
    matching = question(
        "match",
        "group",
        "Associez chaque personne à ce qu'elle a fait.",
        ("A perdu la présidence du conseil", "A démissionné"),
        ["e", "f"],
        "match",
        items=("Greg Brockman", "Sam Altman"),
        choices=("A démissionné", "A perdu la présidence du conseil"),
    )
    assert not gives_away(matching, who)  # the name and the deed, never side by side
    why = question(
        "why", "cause", "Qu'est-ce qui a provoqué le limogeage de Kwasi Kwarteng ?", "Kwasi Kwarteng présente le budget", ["k"]
    )
    ordering = question(
        "order",
        "chronology",
        "Remettez ces événements dans l'ordre.",
        ("Kwasi Kwarteng présente le budget", "La livre chute"),
        ["k", "l"],
        "order",
        choices=("La livre chute", "Kwasi Kwarteng présente le budget"),
    )
    assert not gives_away(ordering, why)  # the cause is listed, not said to be one
    said = question("said", "actor", "Kwasi Kwarteng a été limogé après avoir présenté le budget.", "", ["k"], "truefalse")
    assert not gives_away(said, why)  # a true/false is never given away by a text
    first = question("p1", "placing", "Parmi ces événements, lequel a suivi de plus près la fondation ?", "La victoire", ["a"])
    second = question("p2", "placing", "Parmi ces événements, lequel a suivi de plus près la victoire ?", "La défaite", ["a"])
    assert gives_away(second, first)  # read alone, the shared frame looks like context…
    assert not gives_away(second, first, [first, second])  # …read in its bank, it is only the form of the question


SAID = {  # six quotes, each with the word a completion asks for
    "e0": ("Nous irons jusqu'au bout du chemin", "chemin"),
    "e1": ("Le vent finira toujours par tourner", "tourner"),
    "e2": ("Aucune banque ne survivra sans confiance", "confiance"),
    "e3": ("La reine aimait profondément son pays", "profondément"),
    "e4": ("Chaque erreur sera corrigée demain matin", "corrigée"),
    "e5": ("Personne ne quittera cette maison avant minuit", "maison"),
}


def test_of_a_quote_asked_both_ways_one_stays_and_both_kinds_keep_questions() -> None:
    candidates = []
    for f, (text, word) in SAID.items():
        quote = question(f"{f}-quote", "quote", f"Qui a déclaré : « {text} » ?", f"Personne {f[1]}", [f])
        gapped = text.replace(word, "_____")
        gap = question(f"{f}-completion", "completion", f"Complétez la citation de Personne {f[1]} : « {gapped} »", word, [f])
        candidates += [candidate(quote, "quote", 85), candidate(gap, "completion", 78)]
    kept = curate(small_deck(6), candidates)
    assert sorted(f for c in kept for f in c.question.facts) == sorted(SAID)  # each quote asked once
    kinds = [c.question.kind for c in kept]
    assert kinds.count("quote") == kinds.count("completion") == 3  # the bank keeps its mix


def test_the_question_given_away_goes_not_the_one_that_gives_it() -> None:
    who = question("e0-agent", "actor", "Qui a affiché une attitude décontractée pendant le week-end ?", "Sam Altman", ["e0"])
    how = question(
        "e0-manner",
        "manner",
        "Comment Sam Altman a-t-il affiché une attitude décontractée pendant le week-end ?",
        "En publiant la photo de son badge",
        ["e0"],
    )
    others = [plain(i, "actor", "agent", f"e{i}", 85) for i in range(1, 6)]
    kept = curate(small_deck(6), [candidate(who, "agent", 85), candidate(how, "manner", 79), *others])
    ids = {c.question.id for c in kept}
    assert "t:e0-manner" in ids and "t:e0-agent" not in ids  # the deeper question stays, whatever the ranks


def test_a_kind_keeps_half_its_questions_and_a_hand_written_one_costs_its_fact_nothing() -> None:
    who = question("e0-agent", "actor", "Qui a affiché une attitude décontractée pendant le week-end ?", "Sam Altman", ["e0"])
    how = question(
        "e0-manner",
        "manner",
        "Comment Sam Altman a-t-il affiché une attitude décontractée pendant le week-end ?",
        "Ainsi",
        ["e0"],
    )
    alone = curate(small_deck(2), [candidate(who, "agent", 85), candidate(how, "manner", 79), plain(1, "actor", "agent", "e1")])
    assert len(alone) == 3  # « Qui a fait quoi » has two questions: neither goes (the quiz draw keeps them apart)
    plan = question("e0-plan", "actor", "Qui a présenté un plan pour les 30 jours à venir ?", "Emmett Shear", ["e0"])
    statement = question(
        "authored-plan",
        "authored",
        "Le plan d'Emmett Shear pour les 30 jours à venir prévoyait un retour.",
        "Faux",
        ["e0"],
        "truefalse",
    )
    actors = [plain(i, "actor", "agent", f"e{i}") for i in range(1, 6)]
    kept = curate(
        small_deck(6), [candidate(plan, "agent", 85), Candidate(statement, 100, ("authored", "x"), "x", "truefalse"), *actors]
    )
    assert {"t:e0-plan", "t:authored-plan"} <= {c.question.id for c in kept}  # e0 keeps a question that is not a true/false


def test_one_right_answer_among_the_same_choices_on_one_fact_is_one_question() -> None:
    choices = ("Le licenciement", "La fondation", "La brouille", "Le DevDay")

    def why(qid: str, prompt: str, facts: list[str]) -> Candidate:
        return candidate(question(qid, "cause", prompt, "Le licenciement", facts, choices=choices), "cause", 84)

    kept = curate(
        small_deck(4),
        [
            why("chair", "Qu'est-ce qui a provoqué le départ de B de la présidence ?", ["e0", "e2"]),
            why("resigns", "Qu'est-ce qui a provoqué la démission de B ?", ["e1", "e2"]),
            why("other", "Qu'est-ce qui a provoqué le départ de C ?", ["e3"]),  # one answer, one set of choices, another fact
        ],
    )
    assert [c.question.id for c in kept] == ["t:chair", "t:other"]


def test_no_fact_is_asked_far_more_than_the_others_and_hand_written_questions_stay() -> None:
    kinds = [("date", "date", 65), ("actor", "agent", 85), ("manner", "manner", 79), ("cause", "cause", 84)]
    kinds += [("placing", "placing", 74), ("computed", "duration", 76)]
    on_e0 = [plain(0, kind, variant, "e0", rank) for kind, variant, rank in kinds]
    authored = [
        Candidate(
            question(f"a{i}", "authored", f"Question rédigée {i} ?", f"Rédigée {i}", ["e0"]),
            100,
            ("authored", i),
            f"a{i}",
            "choice",
        )
        for i in range(2)
    ]
    elsewhere = [plain(i, kind, variant, f"e{i}", rank) for i in range(1, 10) for kind, variant, rank in [kinds[i % len(kinds)]]]
    elsewhere += [plain(i + 10, kind, variant, f"e{i}", rank) for i, (kind, variant, rank) in enumerate(kinds, start=1)]
    everything = [*on_e0, *authored, *elsewhere]
    kept = curate(small_deck(10), everything)
    asked = [c for c in everything if "e0" in c.question.facts]
    per_fact = len([c for c in everything if len(c.question.facts) == 1]) / 10
    cap = math.ceil(MAX_ASKED_VS_MEAN * per_fact)
    left = {c.variant for c in kept if c in asked}
    assert len([c for c in kept if c in asked]) == cap < len(asked)
    assert all(c in kept for c in authored)  # the author's questions count, and stay
    assert left - {"choice"} == {"manner", "cause", "duration", "placing"}  # recall went first: the date, the agent
    assert all(c in kept for c in elsewhere)


def test_a_post_and_its_handovers_count_as_one_fact_and_an_even_deck_loses_nothing() -> None:
    deck = small_deck(10, posts=4)
    line = ["t0", "t1", "t2", "t3", "s0", "s1", "s2"]
    on_line = [plain(i, "replaced", "successor", f, 90) for i, f in enumerate(line)]
    events = [plain(i, "manner", "manner", f"e{i}") for i in range(10)]
    events += [plain(i + 10, "cause", "cause", f"e{i}") for i in range(10)]
    kept = curate(deck, [*on_line, *events])
    mean = (len(on_line) + len(events)) / 11
    assert len([c for c in kept if c in on_line]) == math.ceil(MAX_ASKED_VS_MEAN * mean)
    even = [
        plain(i * 10 + k, kind, variant, f"e{i}")
        for i in range(10)
        for k, (kind, variant) in enumerate([("manner", "manner"), ("cause", "cause"), ("date", "date")])
    ]
    assert len(curate(small_deck(10), even)) == len(even)


def test_the_shipped_banks_keep_no_statement_beside_what_it_gives_away() -> None:
    for name in ("openai-saga", "royaume-uni-2022"):
        questions = generate(load_deck(ROOT / name), 0).questions
        for st in questions:
            if st.format != "truefalse" or st.kind == "authored":
                continue
            for other in questions:
                if other is not st and set(other.facts) & set(st.facts):
                    assert not gives_away(st, other, questions), (st.id, other.id)


CHOICES_OF_A_DAY = question(
    "day",
    "moment",
    "Que s'est-il passé le vendredi 14 octobre 2022 ?",
    ("Liz Truss limoge Kwasi Kwarteng",),
    ["k"],
    "multi",
    choices=("Liz Truss limoge Kwasi Kwarteng", "Penny Mordaunt se retire"),
)
FIRED_BY = question("fired", "actor", "Qui a limogé Kwasi Kwarteng ?", "Liz Truss", ["k"], accepted=("Liz Truss", "Truss"))


def test_every_choice_of_a_kind_of_real_events_is_shown_as_true() -> None:
    assert gives_away(CHOICES_OF_A_DAY, FIRED_BY)  # a wrong choice of « ce jour-là » is still a true event
    names = question(
        "names",
        "actor",
        "Qui a remplacé Kwasi Kwarteng ?",
        "Jeremy Hunt",
        ["k"],
        choices=("Liz Truss limoge Kwasi Kwarteng", "B"),
    )
    assert not gives_away(names, FIRED_BY)  # the choices of another kind state nothing


def test_an_accepted_spelling_and_a_paraphrase_give_an_answer_away() -> None:
    who = question(
        "who", "actor", "Qui a nommé Liz Truss Première ministre ?", "Elizabeth II", ["t"], "text", accepted=("la reine",)
    )
    where = question("where", "authored", "Où la reine a-t-elle nommé Liz Truss Première ministre ?", "À Balmoral", ["t"])
    assert gives_away(where, who)
    how = question(
        "how",
        "manner",
        "Comment Greg Brockman a-t-il annoncé sa démission d'OpenAI ?",
        "Par un message sur le réseau social X",
        ["b"],
        choices=("Par un message sur le réseau social X", "Dans une interview télévisée", "Par une lettre au conseil"),
    )
    week = question(
        "week",
        "authored",
        "Remettez ces moments dans l'ordre.",
        ("Greg Brockman annonce sa démission sur X", "Satya Nadella annonce l'arrivée de Sam Altman"),
        ["b", "n"],
        "order",
        choices=("Satya Nadella annonce l'arrivée de Sam Altman", "Greg Brockman annonce sa démission sur X"),
    )
    assert gives_away(week, how)  # « sur X »: the only choice that says X
    why = question(
        "why",
        "cause",
        "Qu'est-ce qui a provoqué l'annulation du mini-budget par Jeremy Hunt ?",
        "Liz Truss limoge Kwasi Kwarteng",
        ["h"],
        choices=("Liz Truss limoge Kwasi Kwarteng", "Kwasi Kwarteng présente le mini-budget", "La livre chute"),
    )
    fired = question(
        "fired-why",
        "cause",
        "Qu'est-ce qui a provoqué le limogeage de Kwasi Kwarteng ?",
        "Kwasi Kwarteng présente le mini-budget",
        ["k"],
        choices=("Kwasi Kwarteng présente le mini-budget", "La livre chute"),
    )
    assert not gives_away(fired, why)  # an event printed as an event says nothing of what it caused


DEEDS = question(
    "deeds",
    "group",
    "Associez chaque personne à ce qu'elle a fait.",
    ("A quitté son poste de whip adjoint", "A démissionné du ministère de la Santé"),
    ["e0", "e1"],
    "match",
    items=("Chris Pincher", "Sajid Javid"),
    choices=("A démissionné du ministère de la Santé", "A quitté son poste de whip adjoint"),
)


def test_a_matching_that_re_asks_recall_questions_takes_them_while_the_kind_keeps_questions() -> None:
    quit_post = question("e0-agent", "actor", "Qui a quitté son poste de whip adjoint ?", "Chris Pincher", ["e0"])
    assert not gives_away(DEEDS, quit_post) and clashing()(DEEDS, quit_post)  # solving it answers it
    actors = [plain(i, "actor", "agent", f"e{i}") for i in range(2, 8)]
    kept = curate(small_deck(8), [candidate(DEEDS, "matching", 70), candidate(quit_post, "agent", 85), *actors])
    assert {c.question.id for c in kept} == {"t:deeds", *(c.question.id for c in actors)}


def test_a_recall_question_that_gives_away_one_held_by_its_kind_goes_instead() -> None:
    when = question(
        "e0-date", "date", "Quel jour Chris Pincher a-t-il quitté son poste de whip adjoint ?", "30 juin 2022", ["e0"]
    )
    who = question("e0-agent", "actor", "Qui a quitté son poste de whip adjoint ?", "Chris Pincher", ["e0"])
    actors = [plain(1, "actor", "agent", "e1")]  # « Qui a fait quoi » has two questions: neither may go
    dates = [plain(i, "date", "date", f"e{i}") for i in range(2, 6)]
    kept = curate(small_deck(6), [candidate(when, "date", 65), candidate(who, "agent", 85), *actors, *dates])
    ids = {c.question.id for c in kept}
    assert "t:e0-agent" in ids and "t:e0-date" not in ids


def test_orderings_that_repeat_two_events_in_a_row_keep_the_first_while_the_kind_keeps_questions() -> None:
    def ordering(i: int, events: list[int]) -> Candidate:
        labels = tuple(f"Événement numéro {e} a lieu" for e in events)
        q = question(f"o{i}", "chronology", "Remettez ces événements dans l'ordre.", labels, [f"e{e}" for e in events], "order")
        return candidate(q, "chronology", 60)

    orderings = [ordering(0, [0, 1, 2, 3]), ordering(1, [4, 0, 1, 5]), ordering(2, [6, 7, 8, 9]), ordering(3, [0, 1, 10, 11])]
    others = [plain(i, "manner", "manner", f"e{i}") for i in range(12)]
    kept = curate(small_deck(12), [*orderings, *others])
    assert [c.question.id for c in kept if c in orderings] == ["t:o0", "t:o2"]  # the kind keeps half: both repeats go
    two = curate(small_deck(12), [*orderings[:2], *others])
    assert [c.question.id for c in two if c in orderings] == ["t:o0", "t:o1"]  # the kind's last two: neither goes


def test_the_shipped_banks_balance_their_generated_statements_and_a_quiz_never_holds_a_clash() -> None:
    for name in ("openai-saga", "royaume-uni-2022"):
        deck = load_deck(ROOT / name)
        for seed in range(3):
            questions = generate(deck, seed).questions
            said = [q for q in questions if q.format == "truefalse" and q.kind != "authored"]
            true = sum(q.answer == "Vrai" for q in said)
            assert abs(2 * true - len(said)) <= 1, (name, seed)  # as many « Faux » as « Vrai », give or take one
            assert len({f for q in said for f in q.facts}) == sum(len(q.facts) for q in said)  # one per fact
            clash = clashing(questions)
            for draw_seed in range(10):
                quiz = draw(list(questions), 20, random.Random(draw_seed))
                assert not any(clash(a, b) for a, b in itertools.combinations(quiz, 2)), (name, seed, draw_seed)


def test_the_draw_leaves_out_a_question_given_away_rather_than_fill_the_quiz_with_it() -> None:
    other = question("other", "actor", "Qui a limogé quelqu'un d'autre ?", "Personne 9", ["z"])
    for seed in range(10):
        quiz = draw([CHOICES_OF_A_DAY, dataclasses.replace(FIRED_BY, facts=("j",)), other], 3, random.Random(seed))
        assert len(quiz) == 2 and other in quiz
