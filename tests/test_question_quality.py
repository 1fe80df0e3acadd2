"""Questions a teacher would sign: each fault class on a small deck written to provoke it, and the
whole audit (tests/quality.py) on every shipped deck and on a deck the rules were not tuned on."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.content import Bank, ContentError, Deck, generate, load_deck, parse_files
from quizapp.content.loader import load_all
from quizapp.paths import shipped

from .factcheck import verify
from .quality import audit, fold, wording_faults

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
