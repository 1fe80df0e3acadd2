"""Item statistics for teachers, read from the counters (services/counters.py), never from the history:
facility, discrimination, pick rate of each choice, median time, flags; roll-ups per fact and per
episode. The same rows for a set of learners (a class) are computed from those learners' history.

The formulas and their Moodle source: docs/statistics.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select

from ..content import KINDS, Question
from ..decks import DeckStore
from ..extensions import db
from ..paging import Page, of_select
from . import counters

EASY = 0.9  # facility above: too easy
HARD = 0.2  # facility below: too hard
LOW_DISCRIMINATION = 0.1  # discrimination below (or negative): the item does not separate strong and weak learners
MIN_ANSWERS = 5  # answers (for facility) or finished quizzes (for discrimination) before a question is flagged
MIN_OFFERED = 30  # times a wrong choice was shown before « nobody picks it » means something (docs/statistics.md)
SORTS = ("facilite", "discrimination", "posees")
OTHER_KIND = "Autre type"


def facility(asked: int, right: int) -> float | None:
    """Share of right answers (Moodle's facility index for a question scored 0 or 1)."""
    return right / asked if asked else None


def discrimination(n: int, sum_x: float, sum_y: float, sum_yy: float, sum_xy: float) -> float | None:
    """Pearson's r between the item's score x and the rest of the quiz's share y, from running sums:
    r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)), with Σx² = Σx since x is 0 or 1.
    None when it is undefined (fewer than two quizzes, or no spread in x or y)."""
    vx = n * sum_x - sum_x * sum_x
    vy = n * sum_yy - sum_y * sum_y
    if n < 2 or vx <= 0 or vy <= 1e-12:
        return None
    return max(-1.0, min(1.0, (n * sum_xy - sum_x * sum_y) / math.sqrt(vx * vy)))


def median_seconds(histogram: Mapping[int, int]) -> float | None:
    """The median time taken, read from the bucket histogram (bucket -> answers), assuming the
    answers of the middle bucket spread evenly over it; the last bucket has no upper bound: its
    lower bound is given. None without any timed answer."""
    total = sum(histogram.values())
    if not total:
        return None
    half, before = total / 2, 0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        if before + count >= half and count:
            low, high = counters.bucket_bounds(bucket)
            return low if high is None else low + (high - low) * (half - before) / count
        before += count
    return None  # not reached: the counts add up to `total`


def kind_label(kind: str) -> str:
    return KINDS.get(kind, OTHER_KIND)


@dataclass(frozen=True)
class ChoiceRow:
    """One choice of a question: how often shown and picked."""

    choice: str
    is_answer: bool
    offered: int
    picked: int

    @property
    def rate(self) -> float:
        return self.picked / self.offered if self.offered else 0.0

    @property
    def never_picked(self) -> bool:
        """A wrong choice shown often enough (MIN_OFFERED) and never picked."""
        return not self.is_answer and self.picked == 0 and self.offered >= MIN_OFFERED


@dataclass(frozen=True)
class ItemRow:
    """One question's statistics (over everyone, or over a class)."""

    deck: str
    question_id: str
    kind: str
    prompt: str
    asked: int
    right: int
    n: int
    facility: float | None
    discrimination: float | None
    median_seconds: float | None
    choices: tuple[ChoiceRow, ...]
    histogram: tuple[int, ...]  # answers per time bucket (counters.BUCKETS)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def flags(self) -> list[str]:
        """What a teacher should look at, in words."""
        found = []
        if self.asked >= MIN_ANSWERS and self.facility is not None:
            if self.facility > EASY:
                found.append("trop facile")
            elif self.facility < HARD:
                found.append("trop difficile")
        if self.n >= MIN_ANSWERS and self.discrimination is not None:
            if self.discrimination < 0:
                found.append("discrimination négative")
            elif self.discrimination < LOW_DISCRIMINATION:
                found.append("discrimination faible")
        if any(c.never_picked for c in self.choices):
            found.append("distracteur jamais choisi")
        return found


def _row(stat: Mapping[Any, Any], choices: Iterable[Mapping[Any, Any]], times: Mapping[int, int]) -> ItemRow:
    ordered = sorted(
        (ChoiceRow(c["choice"], bool(c["is_answer"]), c["offered"], c["picked"]) for c in choices),
        key=lambda c: (not c.is_answer, -c.picked, c.choice),
    )
    return ItemRow(
        deck=stat["deck"],
        question_id=stat["question_id"],
        kind=stat["kind"],
        prompt=stat["prompt"],
        asked=stat["asked"],
        right=stat["right"],
        n=stat["n"],
        facility=facility(stat["asked"], stat["right"]),
        discrimination=discrimination(stat["n"], stat["sum_x"], stat["sum_y"], stat["sum_yy"], stat["sum_xy"]),
        median_seconds=median_seconds(times),
        choices=tuple(ordered),
        histogram=tuple(times.get(b, 0) for b in range(len(counters.BUCKETS) + 1)),
    )


# --- everyone: from the counters -----------------------------------------------------------------

Q, C, T = counters.QUESTIONS, counters.CHOICES, counters.TIMES


def _order(sort: str) -> list[Any]:
    """ORDER BY for a sort name: facility ascending (hardest first, the default), discrimination
    ascending (worst first; undefined last: r's sign times r², no square root in SQL), most asked first."""
    if sort == "discrimination":
        cov = Q.c.n * Q.c.sum_xy - Q.c.sum_x * Q.c.sum_y
        vx = Q.c.n * Q.c.sum_x - Q.c.sum_x * Q.c.sum_x
        vy = Q.c.n * Q.c.sum_yy - Q.c.sum_y * Q.c.sum_y
        signed_r2 = case(((Q.c.n > 1) & (vx > 0) & (vy > 1e-12), cov * func.abs(cov) / (vx * vy)), else_=None)
        return [signed_r2.asc().nulls_last(), Q.c.question_id]
    if sort == "posees":
        return [Q.c.asked.desc(), Q.c.question_id]
    return [(Q.c.right * 1.0 / Q.c.asked).asc(), Q.c.asked.desc(), Q.c.question_id]


def _with_details(stats: Sequence[Mapping[Any, Any]]) -> list[ItemRow]:
    """Rows for some questions of one deck, their choices and times read in two queries."""
    if not stats:
        return []
    deck, ids = stats[0]["deck"], [s["question_id"] for s in stats]
    choices: dict[str, list[Mapping[Any, Any]]] = {i: [] for i in ids}
    for c in db.session.execute(select(C).where(C.c.deck == deck, C.c.question_id.in_(ids))).mappings():
        choices[c["question_id"]].append(c)
    times: dict[str, dict[int, int]] = {i: {} for i in ids}
    for t in db.session.execute(select(T).where(T.c.deck == deck, T.c.question_id.in_(ids))).mappings():
        times[t["question_id"]][t["bucket"]] = t["answers"]
    return [_row(s, choices[s["question_id"]], times[s["question_id"]]) for s in stats]


def page(deck: str, number: int, sort: str = "facilite") -> Page[ItemRow]:
    """A page (50) of a deck's questions, sorted by `sort` (SORTS; anything else: facility)."""
    statement: Select[Any] = select(Q).where(Q.c.deck == deck).order_by(*_order(sort))
    found = of_select(statement, number, scalars=False)
    return Page(_with_details([r._mapping for r in found.items]), found.number, found.total, found.per_page)


def item(deck: str, question_id: str) -> ItemRow | None:
    """One question's statistics (None: never answered)."""
    stat = db.session.execute(select(Q).where(Q.c.deck == deck, Q.c.question_id == question_id)).mappings().first()
    return _with_details([stat])[0] if stat is not None else None


@dataclass(frozen=True)
class DeckSummary:
    deck: str
    title: str
    questions: int
    answers: int


def decks(store: DeckStore) -> list[DeckSummary]:
    """Every deck served or answered, with its answered questions and answers (one row per deck)."""
    counted = {
        deck: (questions, int(answers or 0))
        for deck, questions, answers in db.session.execute(select(Q.c.deck, func.count(), func.sum(Q.c.asked)).group_by(Q.c.deck))
    }
    ids = sorted(set(store.decks) | set(counted))
    return [DeckSummary(d, store.decks[d].meta.title if d in store.decks else d, *counted.get(d, (0, 0))) for d in ids]


def known_deck(store: DeckStore, deck: str) -> bool:
    return deck in store.decks or db.session.scalar(select(Q.c.deck).where(Q.c.deck == deck).limit(1)) is not None


# --- roll-ups per fact and per episode -----------------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    """A fact's or an episode's questions taken together."""

    key: str
    label: str
    questions: int
    asked: int
    right: int
    flagged: int

    @property
    def facility(self) -> float | None:
        return facility(self.asked, self.right)


def _facts_of(questions: Mapping[str, Question], deck: str, question_id: str) -> tuple[str, ...]:
    """A question's facts: from the deck's bank (`questions`), else from a generated id (`deck:fact:variant`)."""
    question = questions.get(question_id)
    if question is not None:
        return question.facts
    parts = question_id.split(":")
    return (parts[1],) if len(parts) == 3 and parts[0] == deck else ()


def rollups(store: DeckStore, deck: str, rows: Iterable[ItemRow] | None = None) -> tuple[list[Rollup], list[Rollup]]:
    """Per episode (in the deck's order) and per fact (hardest first): questions, answers, right
    answers, flagged questions. `rows`: a class's rows (default: everyone's, from the counters)."""
    if rows is None:
        stats = db.session.execute(select(Q).where(Q.c.deck == deck)).mappings().all()
        rows = [_row(s, (), {}) for s in stats]  # flags here: facility and discrimination only
    loaded = store.decks.get(deck)
    facts = {f.id: f for f in loaded.facts()} if loaded is not None else {}
    per_fact: dict[str, list[ItemRow]] = {}
    per_episode: dict[str, dict[str, ItemRow]] = {}
    questions = store.questions(deck) if deck in store.decks else {}
    for row in rows:
        for fact_id in _facts_of(questions, deck, row.question_id):
            per_fact.setdefault(fact_id, []).append(row)
            source = facts[fact_id].source if fact_id in facts else ""
            per_episode.setdefault(source, {})[row.question_id] = row

    def total(key: str, label: str, group: Iterable[ItemRow]) -> Rollup:
        group = list(group)
        return Rollup(
            key,
            label,
            len(group),
            sum(r.asked for r in group),
            sum(r.right for r in group),
            sum(bool(r.flags) for r in group),
        )

    def fact_label(fact_id: str) -> str:
        fact = facts.get(fact_id)
        return str(getattr(fact, "headline", None) or getattr(fact, "label", None) or fact_id)

    order = list(loaded.sources) if loaded is not None else []
    episodes = [
        total(
            source,
            loaded.sources[source].title if loaded is not None and source in loaded.sources else "Hors du deck actuel",
            group.values(),
        )
        for source, group in sorted(per_episode.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    ]
    fact_rows = [total(f, fact_label(f), group) for f, group in per_fact.items()]
    fact_rows.sort(key=lambda r: (r.facility if r.facility is not None else 2.0, -r.asked, r.key))
    return episodes, fact_rows


# --- a set of learners (a class): from their history ---------------------------------------------


def for_learners(user_ids: Iterable[int], deck: str) -> list[ItemRow]:
    """The same statistics over these learners' quizzes of a deck only, computed from their history
    (bounded by the class's size: no counters), hardest first; `sort_rows` and `paging.of_list` page them."""
    counted = counters.tally(db.session.connection(), user_ids=list(user_ids), deck=deck)
    choices: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for (d, q, _digest), row in counted.rows[C.name].items():
        choices.setdefault((d, q), []).append(row)
    times: dict[tuple[str, str], dict[int, int]] = {}
    for (d, q, bucket), row in counted.rows[T.name].items():
        times.setdefault((d, q), {})[bucket] = row["answers"]
    rows = [_row(stat, choices.get(key, []), times.get(key, {})) for key, stat in counted.rows[Q.name].items()]
    return sort_rows(rows, "facilite")


def sort_rows(rows: Iterable[ItemRow], sort: str) -> list[ItemRow]:
    """Rows in the order `page` gives (for rows computed in memory)."""
    if sort == "discrimination":
        return sorted(rows, key=lambda r: (r.discrimination is None, r.discrimination or 0.0, r.question_id))
    if sort == "posees":
        return sorted(rows, key=lambda r: (-r.asked, r.question_id))
    return sorted(rows, key=lambda r: (r.facility if r.facility is not None else 2.0, -r.asked, r.question_id))
