"""Hostile and random decks: every one loads and generates without an exception, or is refused by the
loader with a located message; no loop of the generator depends on luck to end."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quizapp.content import ContentError, generate, parse_files

from .factcheck import verify
from .quality import audit

GENERATION_LIMIT_SECONDS = 20  # a hang detector, far above any real deck's time: never a speed check


@contextlib.contextmanager
def must_end(seconds: int = GENERATION_LIMIT_SECONDS) -> Iterator[None]:
    """Fail instead of hanging when the block does not end (SIGALRM, main thread only)."""

    def stop(_signum: int, _frame: Any) -> None:
        raise AssertionError(f"did not end within {seconds} s: a loop depends on luck")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load(data: dict[str, Any]) -> Any:
    return parse_files([("hostile.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])


HEADER = {"deck": {"id": "h", "title": "H", "description": "D", "as_of": "2024-01-31"}, "sources": [{"id": "s", "title": "S"}]}


def test_events_sharing_one_label_are_refused_with_their_place() -> None:
    """The deck that hung every worker: dated events with one label (the ordering could never differ)."""
    events = [
        {"id": f"e{i}", "type": "other", "label": "la même chose", "date": f"2024-01-{10 + i}", "source": "s", "explanation": "x"}
        for i in range(4)
    ]
    with must_end(), pytest.raises(ContentError) as error:
        load({**HEADER, "events": events})
    messages = [str(p) for p in error.value.problems]
    assert len(messages) == 3 and all("libellé « la même chose » déjà pris par « e0 »" in m for m in messages)
    assert all(m.startswith("hostile.yaml:") and int(m.split(":")[1]) > 1 for m in messages)


@pytest.mark.parametrize("value", ["1.0e308", "1" + "0" * 400, "1" + "0" * 5000, "-3", ".nan"])
def test_numbers_out_of_bounds_are_refused_with_their_place(value: str) -> None:
    text = (
        "deck: {id: h, title: H, description: D}\nsources: [{id: s, title: S}]\n"
        f"figures:\n  - id: f\n    label: le nombre\n    value: {value}\n    source: s\n    explanation: x\n"
    )
    with must_end(), pytest.raises(ContentError) as error:
        parse_files([("f.yaml", text.encode())])
    (problem,) = error.value.problems
    assert (problem.line, problem.col) == (6, 12) and "« value »" in problem.message


# --- random decks ---------------------------------------------------------------------------------
NAMES = st.sampled_from(["Ana Lima", "Ana Lima", "Bo", "Élie Faure", "le comité", "les amis", "Yves", "xAI", "Uber"])
LABELS = st.sampled_from(["la fête", "la fête", "le départ", "l'arrivée", "la crise", "les aveux"])
SUBKINDS = st.sampled_from([None, None, "a", "b"])
EXTREME_DATES = st.sampled_from(
    ["0001-01-01", "0001", "9999-12-31", "9999-12", "9999", "2024-01-15", "2024-01-15", "2024-01-16", "2023", "unknown"]
)
DATES = st.one_of(
    EXTREME_DATES,
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(
        lambda a, b, label: {
            "earliest": min(a, b).isoformat(),
            "latest": max(a, b).isoformat(),
            **({"label": label} if label else {}),
        },
        st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 1)),
        st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 1)),
        st.sampled_from([None, "ce week-end-là", "avant la fin"]),
    ),
)
VALUES = st.one_of(
    st.sampled_from([0, 1, 2, 7, 10, 50, 99.5, 100, 1e15, 10**15, 13_000_000_000, 0.001]),
    st.integers(0, 10**6),
    st.floats(0, 1e6, allow_nan=False),
)


def unique_name(draw: st.DrawFn, i: int) -> str:
    """Mostly distinct names (elision, articles, brands); now and then two alike, which the loader refuses."""
    base = draw(NAMES)
    return base if draw(st.integers(0, 9)) == 0 else f"{base} {'ABCDEFGHIJKLMNOP'[i]}"


@st.composite
def decks(draw: st.DrawFn) -> dict[str, Any]:
    n_people = draw(st.integers(0, 6))
    entities = [
        {
            "id": f"p{i}",
            "kind": "person",
            "name": unique_name(draw, i),
            "gender": draw(st.sampled_from(["m", "f"])),
            "subkind": draw(SUBKINDS),
            "description": "x",
        }
        for i in range(n_people)
    ]
    entities += [
        {
            "id": f"o{i}",
            "kind": "organisation" if i == 0 else draw(st.sampled_from(["organisation", "group"])),
            "name": unique_name(draw, 10 + i),
            "plural": draw(st.booleans()),
            "subkind": draw(SUBKINDS),
            "part_of": draw(st.lists(st.sampled_from([f"o{j}" for j in range(i)]), max_size=1)) if i else [],
            "description": "x",
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    entities = [{k: v for k, v in e.items() if v is not None} for e in entities]
    people = [e["id"] for e in entities if e["kind"] == "person"]
    anyone = [e["id"] for e in entities]
    roles = [
        {
            "id": f"r{i}",
            "organisation": "o0",
            "title": {"m": "chef", "f": "cheffe"},
            "single_holder": i == 0 or draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    fact = lambda i, kind: {"id": f"{kind}{i}", "source": "s", "explanation": "Une explication."}  # noqa: E731
    tenures, successions = [], []
    if len(people) > 1 and roles:  # a chain of holders of the first role, each succession between two tenures
        holders = draw(st.lists(st.sampled_from(people), min_size=2, max_size=4))
        holders = [h for i, h in enumerate(holders) if i == 0 or h != holders[i - 1]]
        days = sorted(draw(st.lists(st.dates(dt.date(1, 1, 2), dt.date(9999, 12, 30)), min_size=len(holders), unique=True)))
        for i, holder in enumerate(holders):
            t = {**fact(i, "t"), "holder": holder, "role": "r0"}
            if i:
                t["since"] = days[i - 1].isoformat()
                successions.append(
                    {**fact(i, "s"), "role": "r0", "outgoing": holders[i - 1], "incoming": holder, "date": t["since"]}
                )
            if i < len(holders) - 1:
                t["until"] = days[i].isoformat()
            tenures.append(t)
    if people and len(roles) > 1:  # anything at all for the other role, coherent or not
        for i in range(draw(st.integers(0, 3))):
            t = {**fact(10 + i, "t"), "holder": draw(st.sampled_from(people)), "role": "r1"}
            for bound in ("since", "until"):
                if draw(st.booleans()):
                    t[bound] = draw(DATES)
            tenures.append(t)
    events = []
    for i in range(draw(st.integers(0, 8))):
        label = draw(LABELS)
        e = {**fact(i, "e"), "type": "other", "label": label if draw(st.integers(0, 4)) == 0 else f"{label} numéro {i}"}
        if draw(st.booleans()):
            e["date"] = draw(DATES)
        if draw(st.booleans()):
            e["agent"], e["action"] = (
                draw(st.sampled_from(anyone)),
                draw(st.sampled_from(["a agi", "a parlé de Bo", "est parti(e)"])),
            )
        events.append(e)
    quotes = [
        {
            **fact(i, "q"),
            "speaker": draw(st.sampled_from(anyone)),
            "text": draw(st.sampled_from(["Oui.", "Jamais !", "ça suffit"])),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    figures = []
    for i in range(draw(st.integers(0, 4))):
        label = "le nombre" if draw(st.integers(0, 9)) == 0 else f"le nombre numéro {i}"  # now and then two alike: refused
        f = {**fact(i, "f"), "label": label, "value": draw(VALUES), "unit": draw(st.sampled_from([None, "jours", "%"]))}
        f["qualifier"] = draw(st.sampled_from(["exact", "about", "more_than", "less_than"]))
        if draw(st.booleans()) and figures:
            f["part_of"] = figures[0]["id"]
        figures.append({k: v for k, v in f.items() if v is not None})
    predicates = [{"id": "p", "statement": "{subject} soutient {object}", "ask_subject": "Qui soutient {object} ?"}]
    relations = [
        {
            **fact(i, "rel"),
            "predicate": "p",
            "subjects": draw(st.lists(st.sampled_from(anyone), min_size=1, max_size=3, unique=True)),
            "object": anyone[i % len(anyone)],
            "exhaustive": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, min(2, len(anyone)))))
    ]
    return {
        **HEADER,
        "entities": entities,
        "roles": roles,
        "predicates": predicates,
        "tenures": tenures,
        "successions": successions,
        "events": events,
        "quotes": quotes,
        "figures": figures,
        "relations": relations,
    }


@settings(
    max_examples=int(os.environ.get("HOSTILE_DECK_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=decks(), seed=st.integers(0, 2**32 - 1))
def test_random_decks_load_and_generate_or_are_refused_with_a_place(data: dict[str, Any], seed: int) -> None:
    with must_end():
        try:
            deck = load(data)
        except ContentError as error:
            event("refused")
            assert error.problems
            for problem in error.problems:
                assert problem.path == "hostile.yaml" and problem.line >= 1 and problem.col >= 1 and problem.message
            return
        bank = generate(deck, seed)
    event("generated" if bank.questions else "generated, no question")
    for question in bank.questions:
        verify(deck, question)
    assert audit(bank) == []


@pytest.mark.parametrize("seed", range(6))
def test_the_odd_one_out_shows_no_subject_its_prompt_names(seed: int) -> None:
    """Found by the test above: « Lequel de ces noms ne soutient pas Bo K ? » with « Bo », one of the
    three who do, among the choices. Such a subject is never shown; with fewer than three others left,
    the question is not asked."""
    people = ["Bo", "Ana Lima", "Yves", "Élie Faure", "Uber"]
    entities = [{"id": f"p{i}", "kind": "person", "name": n, "gender": "m", "description": "x"} for i, n in enumerate(people)]
    entities.append({"id": "o0", "kind": "organisation", "name": "Bo K", "gender": "f", "description": "x"})
    predicates = [{"id": "p", "statement": "{subject} soutient {object}", "ask_subject": "Qui soutient {object} ?"}]

    def relation(*subjects: str) -> dict[str, Any]:
        return {
            "id": "r",
            "source": "s",
            "explanation": "x",
            "predicate": "p",
            "subjects": list(subjects),
            "object": "o0",
            "exhaustive": True,
        }

    for subjects in (["p0", "p1", "p2"], ["p0", "p1", "p2", "p3"]):
        bank = generate(
            load({**HEADER, "entities": entities, "predicates": predicates, "relations": [relation(*subjects)]}), seed
        )
        odd = [q for q in bank.questions if q.basis.get("check") == "odd"]
        assert audit(bank) == [], audit(bank)
        assert all("Bo" not in q.choices for q in odd)
        if len(subjects) == 3:
            assert odd == []  # two left to show: not asked
