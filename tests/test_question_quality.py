"""Questions a teacher would sign: each fault class on a small deck written to provoke it, and the
whole audit (tests/quality.py) on every shipped deck and on a deck the rules were not tuned on."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.content import Bank, ContentError, Deck, generate, load_deck, parse_files
from quizapp.content.context import Context
from quizapp.content.loader import load_all
from quizapp.content.styles import Candidate, events
from quizapp.paths import shipped

from .factcheck import verify
from .quality import audit, explanation_faults, fold, unexplained, wording_faults

FOREIGN = Path(__file__).parent / "data" / "decks" / "royaume-uni-2022"
SEEDS = (0, 1, 2)
NB, NN = "\u00a0", "\u202f"


def all_decks() -> list[Deck]:
    decks, problems = load_all(shipped("questions"))
    assert not problems and decks
    return [*decks.values(), load_deck(FOREIGN)]


@pytest.mark.parametrize("seed", SEEDS)
def test_no_fault_in_any_bank(seed: int) -> None:
    for deck in all_decks():
        assert audit(generate(deck, seed)) == [], deck.id


@pytest.mark.parametrize("seed", range(12))
def test_one_right_answer_on_a_deck_the_rules_were_not_tuned_on(seed: int) -> None:
    deck = load_deck(FOREIGN)
    bank = generate(deck, random.Random(seed))
    assert len(bank.questions) > 30
    for question in bank.questions:
        verify(deck, question)


def test_the_audit_sees_the_faults_it_names() -> None:
    """The reader used above is not blind: each fault it names is found in a sentence that has it."""
    assert wording_faults("Qui a déclaré : « Vos actions. » ?")  # plain spaces, doubled punctuation
    assert wording_faults(f"Il a dit{NB}: «{NB}fin.{NB}».")
    assert wording_faults("Le conseil appartient à le groupe.")
    assert wording_faults("Le nombre est de environ 40.")
    assert wording_faults("Qui?")
    assert not wording_faults(f"Qui a dit{NB}: «{NB}Je viens.{NB}»")
    assert not wording_faults("Le chiffre de onze joueurs, le yaourt de Yann.")


# --- small decks written for one fault each ------------------------------------------------------
def deck(**sections: Any) -> Deck:
    """A one-file deck from Python data (a header and one source are added)."""
    data = {
        "deck": {"id": "t", "title": "Test", "description": "Un deck de test.", "as_of": "2024-03-31"},
        "sources": [{"id": "s", "title": "Chapitre"}],
        **sections,
    }
    return parse_files([("t.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])


def person(pid: str, name: str, gender: str = "m", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "kind": "person", "name": name, "gender": gender, "description": name, **extra}


def org(oid: str, name: str, gender: str = "f", **extra: Any) -> dict[str, Any]:
    return {"id": oid, "kind": "organisation", "name": name, "gender": gender, "description": name, **extra}


def fact(fid: str, **fields: Any) -> dict[str, Any]:
    return {"id": fid, "source": "s", "explanation": f"Explication de {fid}.", **fields}


PEOPLE = [
    person("ann", "Anne Martin", "f", subkind="artist"),
    person("bea", "Béatrice Roy", "f", subkind="artist"),
    person("cle", "Clémence Petit", "f", subkind="artist"),
    person("dan", "Daniel Morel", subkind="artist"),
    person("eli", "Élie Faure", subkind="artist"),
    person("fab", "Fabien Blanc", subkind="artist"),
]


def texts_of(bank: Bank) -> list[str]:
    out = []
    for q in bank.questions:
        out += [q.prompt, q.explanation, *q.choices]
    for c in bank.cards:
        out += [c.front, c.back]
    return out


def test_typography_and_one_closing_punctuation() -> None:
    d = deck(
        entities=PEOPLE,
        quotes=[fact("q1", speaker="ann", text="Nous irons jusqu'au bout."), fact("q2", speaker="dan", text="Assez !")],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        faults = [f for t in texts_of(bank) for f in wording_faults(t)]
        assert faults == []
        q1 = next(q for q in bank.questions if q.id == "t:q1:quote")
        assert q1.prompt.endswith(f"jusqu'au bout{NB}»{NN}?")
        assert q1.prompt.startswith(f"Qui a déclaré{NB}:")


def test_contraction_in_an_authors_sentence() -> None:
    d = deck(
        entities=[*PEOPLE, org("lum", "le groupe Lumière", "m"), org("verts", "les Verts", "m", plural=True)],
        predicates=[
            {"id": "in", "statement": "{subject} appartient à {object}", "ask_subject": "Qui appartient à {object} ?"},
            {"id": "fan", "statement": "{subject} est proche de {object}", "ask_subject": "Qui est proche de {object} ?"},
        ],
        relations=[
            fact("r1", predicate="in", subjects=["ann"], object="lum"),
            fact("r2", predicate="fan", subjects=["dan"], object="verts"),
        ],
    )
    text = " ".join(texts_of(generate(d, 0)))
    assert "au groupe Lumière" in text and "des Verts" in text
    assert not re.search(r"\b(de|à) (le|les) ", text)


def test_elision_before_environ_and_vowel_names() -> None:
    d = deck(
        entities=[*PEOPLE, org("opera", "Opéra Nova")],
        figures=[fact("f1", label="le nombre de salariés de Opéra Nova", value=40, qualifier="about", unit="salariés")],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        text = " ".join(texts_of(bank))
        assert "de environ" not in text and "de Opéra" not in text
        assert "d'Opéra Nova" in text


def test_a_role_without_a_neutral_title_and_agreement_with_a_queen() -> None:
    d = deck(
        entities=[
            person("eli2", "Élisabeth", "f", subkind="royal"),
            person("ch", "Charles", subkind="royal"),
            person("an", "Anne", "f", subkind="royal"),
            person("ed", "Édouard", subkind="royal"),
            org("kingdom", "le royaume", "m"),
        ],
        roles=[{"id": "mon", "organisation": "kingdom", "title": {"m": "roi", "f": "reine"}, "single_holder": True}],
        tenures=[
            fact("t1", holder="eli2", role="mon", since="2000-01-01", until="2024-02-01"),
            fact("t2", holder="ch", role="mon", since="2024-02-01"),
        ],
        successions=[fact("s1", role="mon", outgoing="eli2", incoming="ch", date="2024-02-01", type="death")],
        predicates=[
            {
                "id": "heir",
                "statement": "{subject} est présenté(e) comme [l'héritier|l'héritière] de {object}",
                "ask_subject": "Qui est l'héritier désigné de {object} ?",
            }
        ],
        relations=[fact("r1", predicate="heir", subjects=["an"], object="kingdom")],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        text = " ".join(texts_of(bank))
        assert "poste de roi ou de reine du royaume" in text
        assert "poste de roi du royaume" not in text  # the post is never named in one gender when asking who
        assert "Élisabeth était roi" not in text and "Élisabeth a été roi" not in text
        statements = [q.prompt for q in bank.questions if q.format == "truefalse"] + [c.front for c in bank.cards]
        assert not any("Anne est présenté " in s or "Anne est présenté comme l'héritier " in s for s in statements)
        heir = [q for q in bank.questions if q.id.startswith("t:r1:")]
        assert all("présentée comme l'héritière" in q.prompt for q in heir if q.format == "truefalse")


def test_a_name_in_the_question_is_never_a_wrong_answer() -> None:
    d = deck(
        entities=PEOPLE,
        events=[
            fact(
                "e1", type="statement", label="la critique d'Anne Martin", agent="dan", action="a critiqué Anne Martin en public"
            ),
            fact(
                "e2", type="statement", label="la défense de Fabien", agent="eli", action="a défendu Fabien Blanc et Béatrice Roy"
            ),
        ],
    )
    for seed in range(6):
        for q in generate(d, seed).questions:
            if q.id == "t:e1:agent":
                assert "Anne Martin" not in q.choices
            if q.id == "t:e2:agent":
                assert not {"Fabien Blanc", "Béatrice Roy"} & set(q.choices)
            if q.id in ("t:e1:false", "t:e2:false"):
                swapped = q.prompt.split(" a ", 1)[0]
                assert swapped not in q.prompt.split(" a ", 1)[1]


def test_who_speaks_for_the_answer_is_never_a_wrong_answer() -> None:
    d = deck(
        entities=[
            *PEOPLE,
            org("acme", "Acme", subkind="company"),
            org("labs", "Acme Labs", subkind="company", part_of=["acme"]),
            org("bolt", "Bolt", subkind="company"),
            org("cogs", "Cogs", subkind="company"),
            org("dyna", "Dyna", subkind="company"),
        ],
        quotes=[fact("q1", speaker="acme", text="Nous restons confiants.")],
        events=[fact("e1", type="other", label="le rachat de Bolt", agent="acme", action="a racheté une usine")],
    )
    for seed in range(8):
        bank = generate(d, seed)
        for q in bank.questions:
            assert "Acme Labs" not in q.choices, q.id
            assert not (q.format == "truefalse" and q.prompt.startswith("Acme Labs")), q.prompt


def test_figures_share_their_qualifier_and_stay_plausible() -> None:
    d = deck(
        entities=PEOPLE,
        figures=[
            fact("about", label="le nombre de spectateurs", value=2000, qualifier="about", unit="spectateurs"),
            fact("total", label="le nombre de salariés", value=120, unit="salariés"),
            fact("part", label="le nombre de grévistes", value=90, qualifier="more_than", unit="salariés", part_of="total"),
            fact("band", label="le prix du billet", value=30, unit="euros", band={"low": 10, "high": 60}),
            fact("pct", label="la part des voix", gender="f", value=88.5, unit="%"),
        ],
    )
    for seed in range(8):
        by_id = {q.id: q for q in generate(d, seed).questions}
        assert all(c.startswith("environ ") for c in by_id["t:about:figure"].choices)
        for choice in by_id["t:part:figure"].choices:
            numbers = [int(n) for n in re.findall(r"\d+", choice)]
            assert max(numbers) <= 120, choice  # never more than the whole it is a part of
        for choice in by_id["t:band:figure"].choices:
            assert 10 <= int(re.findall(r"\d+", choice)[0]) <= 60
        for choice in by_id["t:pct:figure"].choices:
            value = float(re.findall(r"[\d,]+", choice)[0].replace(",", "."))
            assert value <= 100 and not value.is_integer(), choice  # same precision as 88,5 %
        values = [int(re.findall(r"\d+", c.replace(NN, ""))[0]) for c in by_id["t:total:figure"].choices]
        assert len(set(values)) == 4 and all(v % 10 == 0 for v in values)  # 120 is given to the ten


def test_dates_at_the_answers_precision_and_inside_the_story() -> None:
    d = deck(
        entities=PEOPLE,
        events=[
            fact(  # « Qui a fondé la troupe ? » would take this question's place (each prints the other's answer)
                "founding",
                type="founding",
                label="la fondation de la troupe",
                date=2015,
                agent="ann",
                action="a fondé la troupe",
                skip=["agent"],
            ),
            fact("premiere", type="other", label="la première du spectacle", date="2024-03-01"),
            fact("tour", type="other", label="le départ en tournée", date="2024-03-10"),
            fact("prize", type="other", label="la remise du prix", date="2024-03-20"),
            fact("week", type="other", label="la semaine de relâche", date={"earliest": "2024-03-11", "latest": "2024-03-17"}),
        ],
    )
    for seed in range(6):
        by_id = {q.id: q for q in generate(d, seed).questions}
        years = [int(c) for c in by_id["t:founding:date"].choices]
        assert all(2012 <= y <= 2024 for y in years)
        for q in by_id.values():
            if q.kind == "date" and q.id != "t:founding:date":
                assert all(re.fullmatch(r"\d{1,2}(er)? \w+ 2024", c) for c in q.choices), q.choices
            if q.id.startswith("t:week:"):  # a span of days is never set against a year (« … en 2015 »)
                assert "2015" not in q.prompt and "2015" not in " ".join(q.choices)


def test_one_day_is_asked_once() -> None:
    day = "2024-03-15"
    d = deck(
        entities=PEOPLE,
        events=[fact(f"e{i}", type="other", label=f"l'événement numéro {i}", date=day) for i in range(5)]
        + [
            fact("before", type="other", label="la veille", date="2024-03-14"),
            fact("after", type="other", label="le lendemain", date="2024-03-16"),
        ],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        same = [q for q in bank.questions if q.kind == "date" and q.answer == "15 mars 2024"]
        assert len(same) <= 2
        moments = [q for q in bank.questions if q.kind == "moment"]
        assert len(moments) == 1 and len(moments[0].answer) >= 2
        assert moments[0].prompt == f"Que s'est-il passé le vendredi 15 mars 2024{NN}?"
        verify(d, moments[0])


def test_true_false_is_at_most_a_quarter_of_the_bank() -> None:
    d = deck(
        entities=[*PEOPLE, org("club", "le club", "m")],
        predicates=[
            {"id": "member", "statement": "{subject} est membre de {object}", "ask_subject": "Qui est membre de {object} ?"}
        ],
        relations=[
            fact(f"r{i}", predicate="member", subjects=[p["id"]], object="club", exhaustive=False)
            for i, p in enumerate(PEOPLE[:1])
        ]
        + [],
        events=[
            fact(f"e{i}", type="other", label=f"le geste numéro {i}", agent=p["id"], action=f"a fait le geste numéro {i}")
            for i, p in enumerate(PEOPLE)
        ],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        share = sum(q.format == "truefalse" for q in bank.questions) / len(bank.questions)
        assert share <= 0.25


def test_a_quote_that_shows_its_speakers_gender_gets_wrong_answers_of_that_gender() -> None:
    d = deck(entities=PEOPLE, quotes=[fact("q1", speaker="ann", text="Je suis ravie et fière.")])
    for seed in range(6):
        q = next(q for q in generate(d, seed).questions if q.id == "t:q1:quote")
        assert set(q.choices) <= {"Anne Martin", "Béatrice Roy", "Clémence Petit"}


def test_too_few_fair_wrong_answers_asks_the_name_to_type() -> None:
    d = deck(
        entities=[*PEOPLE, person("mayor", "Paul Durand", subkind="politician"), org("city", "la ville", "f")],
        roles=[{"id": "m", "organisation": "city", "title": {"m": "maire", "f": "maire"}, "single_holder": True}],
        tenures=[fact("t1", holder="mayor", role="m")],
    )
    q = next(q for q in generate(d, 0).questions if q.id == "t:t1:holder")
    assert q.format == "text" and q.choices == () and q.is_correct("paul durand")


def test_background_facts_and_skipped_variants_are_not_asked() -> None:
    d = deck(
        entities=PEOPLE,
        events=[
            fact(
                "e1",
                type="other",
                label="la première",
                date="2024-03-01",
                agent="ann",
                action="a joué la première",
                skip=["date"],
            ),
            fact(
                "e2",
                type="other",
                label="la tournée",
                date="2024-03-10",
                agent="dan",
                action="a mené la tournée",
                background=True,
            ),
            fact("e3", type="other", label="le prix", date="2024-03-20", agent="eli", action="a reçu le prix"),
        ],
    )
    bank = generate(d, 0)
    ids = {q.id for q in bank.questions} | {c.id for c in bank.cards}
    assert "t:e1:date" not in ids and "t:e1:agent" in ids
    assert not any(":e2:" in i for i in ids)
    assert not any("tournée" in c for q in bank.questions for c in q.choices)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"skip": ["dates"]}, "variante inconnue « dates » dans « skip » : vouliez-vous dire « date » ?"),
        ({"label": "la première"}, "libellé « la première » déjà pris par « e0 »"),
    ],
)
def test_loader_refuses_what_cannot_be_asked(entry: dict[str, Any], message: str) -> None:
    events = [
        fact("e0", type="other", label="la première", date="2024-03-01"),
        {**fact("e1", type="other", label="la seconde", date="2024-03-02"), **entry},
    ]
    with pytest.raises(ContentError) as error:
        deck(entities=PEOPLE, events=events)
    assert any(message in p.message for p in error.value.problems), error.value.problems


def test_two_entities_with_one_name_and_a_decoy_that_is_the_answer_are_refused() -> None:
    """Names compared as a reader sees them (case and spaces aside); a decoy equal to the manner."""
    twin = person("ann2", "anne  MARTIN", "f", subkind="artist")
    with pytest.raises(ContentError) as error:
        deck(
            entities=[*PEOPLE, twin],
            events=[
                fact(
                    "e0",
                    type="other",
                    label="la visite",
                    agent="ann",
                    action="a visité l'atelier",
                    manner="à pied",
                    manner_decoys=["À  pied", "en train"],
                )
            ],
        )
    messages = [p.message for p in error.value.problems]
    assert any("nom « anne  MARTIN » déjà pris par « ann »" in m for m in messages), messages
    assert sum("un leurre ne peut pas être la bonne réponse" in m for m in messages) == 1, messages


def test_every_question_of_the_small_decks_has_one_right_answer() -> None:
    d = deck(
        entities=[*PEOPLE, org("acme", "Acme", subkind="company"), org("bolt", "Bolt", subkind="company")],
        events=[
            fact(
                f"e{i}",
                type="other",
                label=f"l'étape {i}",
                date=f"2024-03-{10 + i}",
                agent=p["id"],
                action=f"a franchi l'étape {i}",
            )
            for i, p in enumerate(PEOPLE)
        ],
        quotes=[fact("q", speaker="acme", text="Tout va bien.")],
    )
    for seed in range(12):
        for q in generate(d, seed).questions:
            verify(d, q)
            assert fold(q.prompt)


# --- several answers, dates given away, posts on a changeover day -------------------------------
def test_several_answers_are_asked_in_the_plural() -> None:
    """A card or a question whose answer lists several names asks for several: the predicate's
    `ask_all`, else its singular question saying how many answers are wanted; two posts held over
    one period make « Quelles fonctions… ? »."""
    d = deck(
        entities=[*PEOPLE, org("acme", "Acme", subkind="company"), org("bolt", "Bolt", subkind="company")],
        predicates=[
            {
                "id": "backs",
                "statement": "{subject} figure parmi les soutiens de {object}",
                "ask_subject": "Qui figure parmi les soutiens de {object} ?",
            },
            {
                "id": "founded",
                "statement": "{subject} compte parmi les fondateurs de {object}",
                "ask_subject": "Qui compte parmi les fondateurs de {object} ?",
                "ask_all": "Qui sont les fondateurs de {object} ?",
            },
        ],
        relations=[
            fact("r1", predicate="backs", subjects=["ann", "bea", "cle"], object="acme"),
            fact("r2", predicate="founded", subjects=["dan", "eli"], object="bolt"),
        ],
        roles=[
            {"id": "ceo", "organisation": "acme", "title": {"m": "directeur", "f": "directrice"}, "single_holder": True},
            {"id": "cfo", "organisation": "acme", "title": {"m": "trésorier", "f": "trésorière"}, "single_holder": True},
        ],
        tenures=[fact("t1", holder="fab", role="ceo"), fact("t2", holder="fab", role="cfo")],
    )
    bank = generate(d, 0)
    fronts = {c.fact: c.front for c in bank.cards if c.id.endswith(":card")}
    assert fronts["r1"] == f"Qui figure parmi les soutiens d'Acme (trois réponses){NN}?"
    assert fronts["r2"] == f"Qui sont les fondateurs de Bolt{NN}?"
    assert fronts["t1"] == f"Quelles fonctions Fabien Blanc occupait-il à l'époque des faits{NN}?"
    multi = {q.facts[0]: q.prompt for q in bank.questions if q.format == "multi"}
    assert multi["r1"] == f"Qui figure parmi les soutiens d'Acme (plusieurs réponses){NN}?"
    assert multi["r2"] == f"Qui sont les fondateurs de Bolt{NN}?"
    from quizapp.content.lint import lint

    assert {w.item for w in lint(d, bank).warnings if w.code == "plural"} == {"r1"}


def test_a_date_card_never_gives_its_date_away() -> None:
    """« Quand Sam Altman a-t-il affiché une attitude décontractée pendant le week-end ? » → « Pendant le
    week-end… »: the action says the date, so the card (and the question) ask from the headline, then
    the label; when every form says it, no date is asked and the card asks who."""
    weekend = {"earliest": "2024-03-16", "latest": "2024-03-17", "label": "pendant le week-end des 16 et 17 mars 2024"}
    d = deck(
        entities=PEOPLE,
        events=[
            fact(
                "photo",
                type="other",
                label="la photo de son badge",
                headline="Anne Martin publie la photo de son badge",
                date=dict(weekend),
                agent="ann",
                action="a paru détendue pendant le week-end",
            ),
            fact(
                "talks",
                type="other",
                label="les discussions du week-end",
                date=dict(weekend),
                agent="bea",
                action="a discuté pendant le week-end",
            ),
            fact("e1", type="other", label="l'étape 1", date="2024-03-12", agent="cle", action="a franchi l'étape 1"),
            fact("e2", type="other", label="l'étape 2", date="2024-03-14", agent="dan", action="a franchi l'étape 2"),
        ],
    )
    for seed in SEEDS:
        bank = generate(d, seed)
        cards = {c.fact: c for c in bank.cards}
        assert cards["photo"].front == f"Quand Anne Martin publie-t-elle la photo de son badge{NN}?"
        assert cards["photo"].back.startswith("Pendant le week-end")
        assert cards["talks"].front.startswith("Qui a discuté") and cards["talks"].back == "Béatrice Roy"
        for c in bank.cards:
            assert "week-end" not in c.front or not c.back.startswith("Pendant"), c.front
        for q in bank.questions:
            if q.kind == "date":
                assert "week-end" not in q.prompt, q.prompt


def test_a_post_is_neither_asked_on_its_changeover_day_nor_ended_by_a_later_one() -> None:
    """Mira Murati is CTO all along and interim CEO from the 17th to the weekend: nothing says she was
    CTO « avant le 17 », nothing asks her post on the 17th or on the weekend, and « which post » on
    the interim's days has both posts as its answer."""
    weekend = {"earliest": "2024-03-19", "latest": "2024-03-20", "label": "à l'issue du week-end des 18 et 19 mars 2024"}
    d = deck(
        entities=[*PEOPLE, org("acme", "Acme", subkind="company")],
        roles=[
            {"id": "ceo", "organisation": "acme", "title": {"m": "directeur", "f": "directrice"}, "single_holder": True},
            {
                "id": "cto",
                "organisation": "acme",
                "title": {"m": "ingénieur en chef", "f": "ingénieure en chef"},
                "single_holder": True,
            },
            {"id": "cfo", "organisation": "acme", "title": {"m": "trésorier", "f": "trésorière"}, "single_holder": True},
            {"id": "coo", "organisation": "acme", "title": {"m": "intendant", "f": "intendante"}, "single_holder": True},
        ],
        tenures=[
            fact("ceo-dan", holder="dan", role="ceo", until="2024-03-17"),
            fact("ceo-ann", holder="ann", role="ceo", interim=True, since="2024-03-17", until=dict(weekend)),
            fact("ceo-eli", holder="eli", role="ceo", since=dict(weekend)),
            fact("cto-ann", holder="ann", role="cto"),
            fact("cfo-bea", holder="bea", role="cfo"),
            fact("coo-cle", holder="cle", role="coo"),
        ],
        events=[
            fact("e1", type="other", label="l'étape 1", date="2024-03-17", agent="ann", action="a franchi l'étape 1"),
            fact("e2", type="other", label="l'étape 2", date="2024-03-22", agent="bea", action="a franchi l'étape 2"),
        ],
    )
    changeover = {"2024-03-17", "2024-03-19", "2024-03-20"}
    for seed in SEEDS:
        bank = generate(d, seed)
        assert not any("avant le" in t for t in texts_of(bank))
        for q in bank.questions:
            day = q.basis.get("day")
            if "ann" in (q.basis.get("person"), q.basis.get("entity")) or "Anne Martin" in (q.items or ()):
                assert day not in changeover, (q.id, day)
            if q.kind == "role" and q.format == "choice" and q.prompt.startswith("Quelle fonction Anne"):
                assert day not in changeover and "époque" not in q.prompt, q.prompt
        fronts = {c.front: c.back for c in bank.cards}
        assert fronts[
            f"Quelles fonctions Anne Martin occupait-elle du 17 mars jusqu'à l'issue du week-end des 18 et 19 mars 2024{NN}?"
        ] == ("Directrice par intérim d'Acme et ingénieure en chef d'Acme")
        # over the whole story her post is not one: only the reverse card asks it
        assert not any(f.startswith("Quelle fonction Anne Martin occupait-elle à l'époque") for f in fronts)
        assert fronts[f"Qui occupait le poste d'ingénieur en chef ou d'ingénieure en chef d'Acme à l'époque des faits{NN}?"] == (
            "Anne Martin"
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_every_explanation_states_its_answer(seed: int) -> None:
    """The year of a founding, the amount invested, who spoke, every pair of a matching: the
    explanation of each generated question says it (the fact's own explanation often does not)."""
    for deck_ in all_decks():
        assert explanation_faults(deck_, generate(deck_, seed)) == [], deck_.id


def test_explanations_state_the_answer_when_the_facts_own_do_not() -> None:
    """Every fact here explains itself with « Explication de … », which states no answer: each
    question's explanation must say its answer, a false statement what is true, a matching every pair."""
    d = deck(
        entities=[*PEOPLE, org("troupe", "la troupe", "f"), org("acme", "Acme", subkind="company")],
        roles=[
            {"id": "dir", "organisation": "troupe", "title": {"m": "directeur", "f": "directrice"}, "single_holder": True},
            {"id": "reg", "organisation": "troupe", "title": {"m": "régisseur", "f": "régisseuse"}, "single_holder": True},
            {"id": "tre", "organisation": "troupe", "title": {"m": "trésorier", "f": "trésorière"}, "single_holder": True},
        ],
        tenures=[
            fact("t1", holder="ann", role="dir", until="2024-03-12"),
            fact("t2", holder="dan", role="dir", since="2024-03-12"),
            fact("t3", holder="bea", role="reg"),
            fact("t4", holder="eli", role="tre"),
        ],
        successions=[fact("s1", role="dir", outgoing="ann", incoming="dan", date="2024-03-12")],
        events=[
            fact("found", type="founding", label="la fondation de la troupe", date=2015, agent="cle", action="a fondé la troupe"),
            fact("tour", type="other", label="le départ en tournée", date="2024-03-10", agent="fab", action="a lancé la tournée"),
            fact(
                "letter",
                type="statement",
                label="la lettre des comédiens",
                date="2024-03-20",
                agent="bea",
                action="a écrit aux comédiens par une lettre ouverte",
                manner="par une lettre ouverte",
                manner_decoys=["par un courriel", "lors d'une réunion", "par un communiqué"],
            ),
        ],
        quotes=[fact("q", speaker="eli", text="Nous jouerons jusqu'au bout.")],
        figures=[fact("f", label="le nombre de spectateurs", value=1300, unit="spectateurs")],
    )
    for seed in range(6):
        bank = generate(d, seed)
        assert explanation_faults(d, bank) == []
        by_id = {q.id: q for q in bank.questions}
        if "t:found:date" in by_id:
            assert "2015" in by_id["t:found:date"].explanation
        assert f"1{NN}300 spectateurs" in by_id["t:f:figure"].explanation
        for q in bank.questions:
            if q.kind in ("date", "figure", "actor", "role", "replaced", "quote", "manner", "truefalse"):
                assert "Explication de" in q.explanation  # the fact's own words follow the answer
            if q.format == "match":
                assert all(left in q.explanation for left in q.items)


def test_the_explanation_check_sees_an_unstated_answer() -> None:
    """The reader above is not blind: the fact's bare explanation fails it, for each format."""
    d = load_deck(FOREIGN)
    bank = generate(d, 0)
    formats = set()
    for q in bank.questions:
        if q.kind == "authored" or unexplained(d, q) is not None:
            continue
        bare = dataclasses.replace(q, explanation="Une explication qui ne dit rien.")
        assert unexplained(d, bare) is not None, q.id
        formats.add(q.format)
    assert formats >= {"choice", "multi", "truefalse", "order", "match"}


def _values(q: Any) -> list[float]:
    return [float(re.findall(r"[\d,]+", c.replace(NN, ""))[0].replace(",", ".")) for c in q.choices]


def test_wrong_figures_do_not_give_the_answer_away_by_their_ratios() -> None:
    """45 among 90, 112, 135, or 100 always the smallest of 100, 120, 130, 150: the series shows the
    answer. The answer's place among the sorted choices varies across a deck's figure questions and
    no set of choices is a series of multiples of the answer, evenly spaced, or a double and a triple."""
    d = deck(
        entities=PEOPLE,
        figures=[
            fact("cut", label="le montant des baisses", value=45, unit="milliards", band={"low": 10, "high": 200}),
            fact("sig", label="le nombre de parrainages", value=100, unit="parrainages", band={"low": 20, "high": 300}),
            fact("vote", label="la part des voix", gender="f", value=57.4, unit="%", band={"low": 51, "high": 90}),
            fact("staff", label="le nombre de salariés", value=770, unit="salariés", band={"low": 200, "high": 3000}),
            fact("invest", label="le montant investi", value=13_000_000_000, unit="dollars"),
            fact("seats", label="le nombre de sièges", value=60, qualifier="about", unit="sièges", band={"low": 10, "high": 200}),
        ],
    )
    places: set[int] = set()
    for seed in range(6):
        questions = [q for q in generate(d, seed).questions if q.kind == "figure"]
        assert len(questions) == 6
        assert [q.choices for q in questions] == [q.choices for q in generate(d, seed).questions if q.kind == "figure"]
        seed_places = set()
        for q in questions:
            values, answer = _values(q), _values(q)[list(q.choices).index(q.answer)]
            wrongs = [v for v in values if v != answer]
            ordered = sorted(values)
            seed_places.add(ordered.index(answer))
            assert not all((w / answer).is_integer() for w in wrongs), q.choices
            assert len({round(b - a, 6) for a, b in itertools.pairwise(ordered)}) > 1, q.choices
            assert not any(abs(w - answer * k) < 1e-6 * answer for w in wrongs for k in (0.5, 2, 3)), q.choices
        assert len(seed_places) >= 2, seed  # not the same place for every figure of the deck
        places |= seed_places
    assert places == {0, 1, 2, 3}


def test_a_false_date_is_clearly_false_for_a_date_told_at_midnight_or_a_span() -> None:
    """« Lundi 20 novembre à minuit pétante » is the 21st for many readers: neither the 19th nor the
    21st may be the false date of a true/false or a wrong date choice; a span (« pendant le week-end »)
    never has a wrong date next to it; and a fact told at midnight is never a wrong « ce jour-là »
    for the day after."""
    d = deck(
        entities=PEOPLE,
        events=[
            fact(
                "night",
                type="announcement",
                label="l'annonce de minuit",
                date="2024-03-20",
                agent="ann",
                action="a annoncé la tournée",
                explanation="Le lundi 20 mars, à minuit pile, Anne Martin annonce la tournée.",
            ),
            *(
                fact(
                    f"e{day}",
                    type="other",
                    label=f"l'étape du {day} mars",
                    date=f"2024-03-{day}",
                    agent=p["id"],
                    action=f"a joué le {day}",
                )
                for day, p in zip((15, 17, 18, 19, 21, 22, 23, 25), [*PEOPLE[1:], *PEOPLE[1:]], strict=False)
            ),
            fact(
                "week",
                type="other",
                label="la répétition",
                date={"earliest": "2024-03-09", "latest": "2024-03-10", "label": "pendant le week-end des 9 et 10 mars 2024"},
                agent="dan",
                action="a répété",
            ),
            fact(
                "eve",
                type="other",
                label="la veille du week-end",
                date={"earliest": "2024-03-08", "latest": "2024-03-08", "label": "le vendredi 8 mars 2024 au soir"},
                agent="eli",
                action="a prévenu la troupe",
            ),
            fact(
                "later",
                type="other",
                label="la semaine suivante",
                date={"earliest": "2024-03-12", "latest": "2024-03-13", "label": "au milieu de la semaine suivante"},
                agent="fab",
                action="a loué la salle",
            ),
        ],
    )
    false_dates = set()
    for seed in range(12):
        bank = generate(d, seed)
        candidates = [c.question for c in events.STYLE.build(Context(d, random.Random(seed))) if isinstance(c, Candidate)]
        for q in [*bank.questions, *candidates]:
            if q.id == "t:night:false":
                false_dates.add(q.prompt.split(",")[0])
                assert not re.search(r"\b(19|20|21) mars", q.prompt), q.prompt
            if q.id == "t:night:date":
                assert not {"19 mars 2024", "21 mars 2024"} & set(q.choices), q.choices
            if q.id == "t:week:false":  # 8 March ends the day before the weekend: too close to be clearly false
                assert "8 mars" not in q.prompt, q.prompt
            if q.kind == "moment" and "21 mars" in q.prompt:
                assert "Anne Martin annonce la tournée" not in q.choices and "L'annonce de minuit" not in q.choices
    assert len(false_dates) >= 2  # the rule leaves false dates to ask, and they vary


def test_a_share_question_reads_as_french_and_shows_its_computation() -> None:
    """« Quelle part des salariés, au moins, a fait grève ? » from a least count (« plus de 90 sur
    120 » is at least 91, so « plus de 75 % »); « Quelle part du nombre de salariés représente… ? » when
    the part has no question of its own; the explanation gives the division either way."""
    whole = fact("total", label="le nombre de salariés", value=120, unit="salariés")
    strikers = fact(
        "part",
        label="le nombre de grévistes",
        value=90,
        qualifier="more_than",
        unit="salariés",
        part_of="total",
        question="Combien de salariés ont fait grève ?",
    )
    cadres = fact("cadres", label="le nombre de cadres", value=30, unit="salariés", part_of="total")
    by_id = {q.id: q for q in generate(deck(entities=PEOPLE, figures=[whole, strikers, cadres]), 0).questions}
    least = by_id["t:part:share-total"]
    assert least.prompt == f"Quelle part des salariés, au moins, a fait grève (en pourcentage, à 5 points près){NN}?"
    assert least.answer == f"au moins 75{NN}%"
    assert f"Plus de 90 sur 120, c'est au moins 91 / 120 ≈ 75,8{NN}%, soit au moins 75{NN}%." in least.explanation
    exact = by_id["t:cadres:share-total"]
    assert exact.prompt == (
        f"Quelle part du nombre de salariés représente le nombre de cadres (en pourcentage, à 5 points près){NN}?"
    )
    assert f"30 / 120 = 25{NN}%, soit 25{NN}%." in exact.explanation
