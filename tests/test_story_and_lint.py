"""Story mode (nothing from after the learner's point in the story) and the author's lint."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.content import Deck, generate, load_deck, parse_files
from quizapp.content.dates import DateSpec
from quizapp.content.french import MONTHS
from quizapp.content.lint import CODES, lint
from quizapp.content.story import Point, cut, cutoff
from quizapp.paths import shipped

from .factcheck import verify
from .test_question_quality import FOREIGN, PEOPLE, fact

_DAY = re.compile(r"\b(1er|\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def shipped_decks() -> list[Deck]:
    return [load_deck(p) for p in sorted((shipped("questions")).iterdir()) if p.is_dir()]


def days_named(text: str) -> list[dt.date]:
    """Every full date a text spells out (« 21 novembre 2023 »)."""
    return [dt.date(int(y), MONTHS.index(m) + 1, 1 if d == "1er" else int(d)) for d, m, y in _DAY.findall(text)]


def points(deck: Deck) -> list[Point]:
    """Every episode, and every date of the deck's facts with the day before it (where a cut bites)."""
    found = [Point(episode=s) for s in deck.sources]
    days = {
        f.date.exact
        for f in deck.facts()
        if getattr(f, "date", None) is not None and isinstance(f.date, DateSpec) and f.date.exact
    }
    for day in sorted(days):
        found += [Point(day=day - dt.timedelta(days=1)), Point(day=day)]
    return found


def _check(deck: Deck, point: Point, seed: int) -> None:
    last = cutoff(deck, point)
    known = cut(deck, point)
    bank = generate(known, seed)
    kept = {f.id: f for f in known.facts()}
    for q in bank.questions:
        verify(known, q)
        for fact_id in q.facts:
            assert fact_id in kept, (point, q.id)
            when = getattr(kept[fact_id], "date", None)
            if last is not None and when is not None and when.is_known():
                assert when.latest is not None and when.latest <= last, (point, q.id)
        if last is not None:
            texts = " ".join(
                [q.prompt, q.explanation, *q.choices, *q.items, *(q.answer if isinstance(q.answer, tuple) else (q.answer,))]
            )
            assert all(day <= last for day in days_named(texts)), (point, q.id, texts)
    for card in bank.cards:
        assert card.fact in kept
        if last is not None:
            assert all(day <= last for day in days_named(f"{card.front} {card.back}")), (point, card.id)


@pytest.mark.parametrize("deck", shipped_decks(), ids=lambda d: d.id)
def test_no_question_speaks_of_what_comes_after_the_point_in_the_story(deck: Deck) -> None:
    for i, point in enumerate(points(deck)):
        _check(deck, point, seed=i)


def test_a_point_in_the_story_cuts_facts_posts_and_entities() -> None:
    saga = load_deck(shipped("questions") / "openai-saga")
    after_first = cut(saga, Point(episode="ep1"))
    assert {s for s in after_first.sources} == {"intro", "ep1"}
    assert "emmett-shear" not in after_first.entities  # he comes in episode 3
    murati = next(t for t in after_first.tenures if t.id == "murati-interim-ceo")
    assert murati.until is None  # the end of her interim is later news
    assert after_first.as_of == dt.date(2023, 11, 17)
    whole = cut(saga, Point())
    assert whole is saga
    assert Point.parse(saga, "ep3") == Point(episode="ep3")
    assert Point.parse(saga, "2023-11-19") == Point(day=dt.date(2023, 11, 19))
    assert Point.parse(saga, "n'importe quoi").whole


def deck_with(**sections: object) -> Deck:
    data = {
        "deck": {"id": "l", "title": "L", "description": "D", "as_of": "2024-03-31"},
        "sources": [{"id": "s", "title": "S"}],
        **sections,
    }
    return parse_files([("l.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])


def test_lint_names_each_weak_spot_with_its_place() -> None:
    deck = deck_with(
        entities=[*PEOPLE, {"id": "solo", "kind": "person", "name": "Sam Seul", "subkind": "mayor", "description": "x"}],
        events=[
            fact(f"e{i}", type="other", label=f"le geste {i}", date="2024-03-01", agent=p["id"], action=f"a fait le geste {i}")
            for i, p in enumerate(PEOPLE[:3])
        ]
        + [fact("m", type="other", label="la mairie", agent="solo", action="a ouvert la mairie")],
        quotes=[fact("q", speaker="ann", text="pas de phrase entière ici")],
        figures=[fact("f", label="le prix", value=30, unit="euros")],
    )
    report = lint(deck)
    codes = {(w.item, w.code) for w in report.warnings}
    assert {("solo", "pool"), ("solo", "gender"), ("q", "fragment"), ("f", "band"), ("e0", "moment")} <= codes
    assert all(re.fullmatch(r"l\.yaml:\d+:\d+", w.place) for w in report.warnings)
    assert all(w.code in CODES for w in report.warnings)
    assert "vrai ou faux" in report.summary() and report.open == report.warnings


def test_lint_warns_of_an_explanation_naming_someone_who_enters_later() -> None:
    """In story mode, « comme le fera Fabien Blanc » in episode 1 would tell who comes in episode 2."""
    data = {
        "deck": {"id": "l", "title": "L", "description": "D", "as_of": "2024-03-31"},
        "sources": [{"id": "s", "title": "S"}, {"id": "t", "title": "T"}],
        "entities": PEOPLE,
        "events": [
            fact("e1", type="other", label="le geste", agent="ann", action="a fait le geste", date="2024-03-01")
            | {"explanation": "Anne Martin ouvre la voie, comme le fera Fabien Blanc."},
            fact("e2", type="other", label="la suite", agent="fab", action="a fait la suite", date="2024-03-05", source="t"),
        ],
    }
    deck = parse_files([("l.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())])
    (ahead,) = [w for w in lint(deck).warnings if w.code == "ahead"]
    assert ahead.item == "e1" and "Fabien Blanc" in ahead.message and ahead.place.startswith("l.yaml:")


def test_a_reason_in_the_deck_accepts_a_warning() -> None:
    deck = deck_with(
        entities=[
            *PEOPLE,
            {
                "id": "solo",
                "kind": "person",
                "name": "Sam Seul",
                "gender": "m",
                "subkind": "mayor",
                "description": "x",
                "lint": {"pool": "le seul maire"},
            },
        ],
        events=[fact("m", type="other", label="la mairie", agent="solo", action="a ouvert la mairie")],
    )
    pool = next(w for w in lint(deck).warnings if w.item == "solo" and w.code == "pool")
    assert pool.reason == "le seul maire" and "accepté : le seul maire" in str(pool)
    assert pool not in lint(deck).open


def test_lint_command_never_blocks_but_strict_does(tmp_path: Path) -> None:
    runner = CliRunner()
    shipped_run = runner.invoke(main, ["lint", "--strict"])
    assert shipped_run.exit_code == 0, shipped_run.output  # every warning of the shipped decks has its reason
    assert "0 avertissement(s)" in shipped_run.output
    foreign = runner.invoke(main, ["lint", str(FOREIGN)])
    assert foreign.exit_code == 0 and "[band]" in foreign.output
    strict = runner.invoke(main, ["lint", "--strict", str(FOREIGN)])
    assert strict.exit_code == 1
