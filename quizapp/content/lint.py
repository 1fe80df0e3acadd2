"""`quizapp lint`: where the generator will make weak questions out of a valid deck, and why.

The lint never refuses a deck (the loader does that). Each warning names the file and line of the
entity or fact, a code and what to do. An author who keeps a warning on purpose writes its reason in
the item itself (`lint: {code: raison}`): the warning is then shown as accepted and `--strict`
ignores it.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from . import french
from .context import Context, entities_of, fact_date
from .distractors import N_DISTRACTORS
from .french import days_named
from .generator import generate
from .model import Deck, Tenure
from .questions import KINDS, Bank
from .story import episode_times

# Every warning code, with what it means; an author names them in `lint:`.
CODES = {
    "pool": "trop peu d'entités de la même sorte pour des mauvaises réponses justes (la réponse sera à taper)",
    "mixed": "des entités de cette sorte ont une sous-catégorie, d'autres non : les mauvaises réponses se mélangent",
    "gender": "genre non indiqué : masculin supposé pour les accords",
    "subkind": "sous-catégorie non indiquée : les mauvaises réponses viennent de toute la sorte",
    "band": "chiffre sans plage plausible (`band`) : les mauvaises réponses vont du tiers au triple",
    "moment": "plusieurs faits le même jour : une seule question de date par jour, et une question « ce jour-là »",
    "fragment": "citation qui commence comme un fragment (minuscule) sans `form: fragment` ni `lead`",
    "unasked": "cette entité n'apparaît dans aucune question",
    "only-truefalse": "ce fait n'est demandé que par un vrai ou faux",
    "not-asked": "aucune question n'est tirée de ce fait (il n'a qu'une fiche)",
    "spoiler": "l'explication cite une date postérieure au fait : en mode histoire, elle révélerait la suite",
    "ahead": "l'explication nomme quelqu'un qui n'entre dans l'histoire qu'à un épisode suivant : en mode histoire, "
    "elle révélerait la suite",
    "plural": "plusieurs sujets mais un prédicat sans `ask_all` : la question au pluriel manque, la fiche et la "
    "question à cocher posent la question au singulier en disant combien de réponses sont attendues",
}
MOMENT_SIZE = 3


@dataclass(frozen=True)
class Warning:
    place: str  # « fichier:ligne:colonne »
    item: str  # the entity or fact id
    code: str
    message: str
    reason: str | None = None  # the author's reason for keeping it

    def __str__(self) -> str:
        text = f"{self.place}: [{self.code}] {self.item} : {self.message}"
        return f"{text} — accepté : {self.reason}" if self.reason else text


@dataclass(frozen=True)
class Report:
    deck: str
    warnings: list[Warning]
    mix: dict[str, int]  # questions by kind
    true_false_share: float

    @property
    def open(self) -> list[Warning]:
        """The warnings no reason in the deck accounts for."""
        return [w for w in self.warnings if w.reason is None]

    def summary(self) -> str:
        total = sum(self.mix.values())
        parts = ", ".join(f"{KINDS.get(k, k)} {n}" for k, n in sorted(self.mix.items(), key=lambda kv: -kv[1]))
        return (
            f"{self.deck} : {total} questions ({parts}) ; vrai ou faux : {self.true_false_share:.0%} ; "
            f"{len(self.open)} avertissement(s), {len(self.warnings) - len(self.open)} accepté(s)"
        )


def lint(deck: Deck, bank: Bank | None = None) -> Report:
    """Every weak spot of a deck, with the bank's mix (the bank of seed 0 unless given)."""
    bank = bank or generate(deck, 0)
    found: list[Warning] = []

    def warn(item: Any, code: str, message: str | None = None) -> None:
        place = deck.item_places.get(item.id, f"{deck.id}:1:1")
        found.append(Warning(place, item.id, code, message or CODES[code], item.lint.get(code)))

    _entities(deck, bank, warn)
    _facts(deck, bank, warn)
    mix = Counter(q.kind for q in bank.questions)
    true_false = sum(q.format == "truefalse" for q in bank.questions)
    share = true_false / len(bank.questions) if bank.questions else 0.0
    return Report(deck.id, sorted(found, key=lambda w: (w.place.rsplit(":", 2)[0], _line(w.place))), dict(mix), share)


def _line(place: str) -> int:
    try:
        return int(place.rsplit(":", 2)[1])
    except (IndexError, ValueError):
        return 0


def _entities(deck: Deck, bank: Bank, warn: Any) -> None:
    sorts: dict[tuple[str, str | None, bool], list[str]] = defaultdict(list)
    for e in deck.entities.values():
        sorts[(e.kind, e.subkind, e.plural)].append(e.id)
    by_kind: dict[str, set[str | None]] = defaultdict(set)
    for e in deck.entities.values():
        by_kind[e.kind].add(e.subkind)
    texts = " ".join(french.normalize_answer(t) for q in bank.questions for t in (q.prompt, *q.choices, *_answers(q)))
    answers = {french.normalize_answer(a) for q in bank.questions for a in _answers(q)}
    for e in deck.entities.values():
        names = [french.normalize_answer(n) for n in (e.name, *e.aliases)]
        asked = any(n in answers for n in names)
        if asked and len(sorts[(e.kind, e.subkind, e.plural)]) <= N_DISTRACTORS:
            warn(e, "pool", f"{CODES['pool']} : {len(sorts[(e.kind, e.subkind, e.plural)]) - 1} autre(s)")
        if len(by_kind[e.kind]) > 1 and e.subkind is None:
            warn(e, "mixed")
        elif e.subkind is None and e.kind in ("person", "organisation", "group"):
            warn(e, "subkind")
        if e.gender is None:
            warn(e, "gender")
        if not any(f" {n} " in f" {texts} " for n in names):
            warn(e, "unasked")


def _answers(q: Any) -> tuple[str, ...]:
    """What a question asks for: its answers, and a matching's items (each is asked its pair)."""
    return (*(q.answer if isinstance(q.answer, tuple) else (q.answer,)), *(q.items if q.format == "match" else ()))


def _facts(deck: Deck, bank: Bank, warn: Any) -> None:
    asked: dict[str, list[str]] = defaultdict(list)
    for q in bank.questions:
        for f in q.facts:
            asked[f].append(q.format)
    # A post held between two successions is asked through them (« Qui a remplacé X ? »).
    for s in deck.successions:
        for t in deck.tenures:
            if s.id in asked and t.role == s.role and t.holder in (s.incoming, s.outgoing):
                asked[t.id] += asked[s.id]
    days: dict[Any, list[Any]] = defaultdict(list)
    for fact in deck.facts():
        if fact.background:
            continue
        when = fact_date(fact)
        if when is not None and when.exact:
            days[when.exact].append(fact)
        formats = asked.get(fact.id, [])
        if not formats:
            warn(fact, "not-asked")
        elif set(formats) == {"truefalse"}:
            warn(fact, "only-truefalse")
    for group in days.values():
        if len(group) >= MOMENT_SIZE:
            warn(group[0], "moment", f"{CODES['moment']} ({len(group)} faits : {', '.join(f.id for f in group)})")
    for relation in deck.relations:
        if not relation.background and len(relation.subjects) > 1 and not deck.predicates[relation.predicate].ask_all:
            warn(relation, "plural")
    for figure in deck.figures:
        if not figure.background and figure.band is None and figure.qualifier in ("exact", "about"):
            warn(figure, "band")
    for quote in deck.quotes:
        if not quote.background and quote.form == "full" and quote.text[:1].islower() and not quote.lead:
            warn(quote, "fragment")
    times = episode_times(deck)
    for fact in deck.facts():
        when = fact_date(fact)
        if isinstance(fact, Tenure):  # a post's explanation may tell its end: story mode rewrites it
            continue
        own = when.latest if when is not None and when.is_known() else times.get(fact.source)
        later = [d for d in days_named(fact.explanation) if own is not None and d > own]
        if not fact.background and later:
            warn(fact, "spoiler", f"{CODES['spoiler']} ({french.day(max(later))})")
    _ahead(deck, warn)


def _ahead(deck: Deck, warn: Any) -> None:
    """An explanation that names an entity the story only brings in at a later episode."""
    order = {source: i for i, source in enumerate(deck.sources)}
    enters: dict[str, int] = {}
    for fact in deck.facts():
        for entity in entities_of(fact):
            enters[entity] = min(enters.get(entity, len(order)), order[fact.source])
    ctx = Context(deck, random.Random(0))
    for fact in deck.facts():
        if fact.background or isinstance(fact, Tenure):
            continue
        early = [e for e in ctx.named_in(fact.explanation) if enters.get(e, 0) > order[fact.source]]
        if early:
            names = ", ".join(sorted(ctx.name(e) for e in early))
            warn(fact, "ahead", f"{CODES['ahead']} ({names})")
