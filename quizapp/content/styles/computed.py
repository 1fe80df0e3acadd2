"""Numbers the deck does not state but implies, computed from its dates and figures:

- the time between two facts one led to the other, or the first and the last of one thread of
  causes (« Combien de jours séparent le licenciement de Sam Altman de son retour à la direction
  générale (à un jour près) ? »), in days, months or years by its length;
- how long a post was held (« Pendant combien de jours Mira Murati a-t-elle été directrice générale
  par intérim d'OpenAI ? »), a vague end giving a range (« 2 à 3 jours »);
- which of two related figures of one unit is larger, when their values cannot overlap;
- the share a part is of its whole (`part_of`), in percent.

Typed numbers are accepted within the tolerance the question states; each explanation shows the
computation's terms.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import french
from ..context import Context
from ..dates import DateSpec
from ..distractors import figure_span, figure_text
from ..model import Event, Figure, Succession, Tenure
from . import Candidate, Output, Style
from .common import RANK

SHARE_TOLERANCE = 5.0  # percentage points
MAX_DURATIONS = 4  # duration questions per deck at most, and as many post lengths
MIN_GAP = 2  # a duration of 0 or 1 day says nothing a date question does not
DAYS_AT_MOST = 60  # longer spans are counted in months (to the day, 238 days is drudgery)
MONTHS_AT_MOST = 24  # longer spans are counted in years
DURATION_UNITS = frozenset({"jours", "jour", "semaines", "mois", "ans", "années", "heures", "minutes"})
CURRENCIES = ("dollar", "euro", "livre", "franc", "yen", "yuan")
_UNITS = {"day": ("jours", "jour", "jours"), "month": ("mois", "mois", "mois"), "year": ("ans", "an", "années")}


def build(ctx: Context) -> Iterator[Output]:
    yield from _durations(ctx)
    yield from _lengths(ctx)
    yield from _comparisons(ctx)
    yield from _shares(ctx)


@dataclass(frozen=True)
class Span:
    """A time between two dates in one unit, `low` to `high` when an end is vague."""

    unit: str  # day, month or year
    low: int
    high: int
    days: int  # the longest span in days, to sort by

    def shown(self) -> str:
        unit, one, _ = _UNITS[self.unit]
        if self.low == self.high:
            return french.quantity(self.low, unit, one)
        return f"{self.low} à {french.quantity(self.high, unit, one)}"

    @property
    def tolerance(self) -> str:
        """What the prompt says of the accepted answers: one unit either side of a known value; a
        range given by vague ends is accepted as it stands."""
        return f" (à un {_UNITS[self.unit][1]} près)" if self.low == self.high else ""

    @property
    def many(self) -> str:
        return _UNITS[self.unit][2]


def span(a: DateSpec, b: DateSpec) -> Span | None:
    """The time from `a` to `b`, or None when either is unknown, vaguer than a year, or the
    uncertainty is more than one unit (« 2 à 3 jours » is a fair answer, « 2 à 9 » is not)."""
    if not (a.is_known() and b.is_known()) or None in (a.earliest, a.latest, b.earliest, b.latest):
        return None
    a0, a1, b0, b1 = a.earliest, a.latest, b.earliest, b.latest
    assert a0 and a1 and b0 and b1
    longest, shortest = (b1 - a0).days, (b0 - a1).days
    if "year" in (a.precision, b.precision):  # « en 2018 » to « en 2023 »: five years
        unit, low, high = "year", b0.year - a0.year, b0.year - a0.year
    elif longest < DAYS_AT_MOST:
        unit, low, high = "day", shortest, longest
    elif longest < MONTHS_AT_MOST * 30:
        unit, low, high = "month", round(shortest / 30.44), round(longest / 30.44)
    else:
        unit, low, high = "year", _whole_years(a1, b0), _whole_years(a0, b1)
    if low < 0 or high - low > 1 or high < MIN_GAP:
        return None
    return Span(unit, low, high, longest)


def _whole_years(a: dt.date, b: dt.date) -> int:
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def _dated(f: Any) -> DateSpec | None:
    d = f.date
    return d if d is not None and not f.background and d.is_known() and d.precision in ("day", "year", "range") else None


def _pairs(ctx: Context) -> list[tuple[Event | Succession, Event | Succession]]:
    """The pairs whose time apart means something: a fact and what it led to, and the first and the
    last fact of each thread of causes (how long the whole crisis lasted)."""
    timed: list[Event | Succession] = [*ctx.deck.events, *ctx.deck.successions]
    facts = {f.id: f for f in timed if _dated(f)}
    pairs = [(facts[a], facts[b]) for a, effects in ctx.effects.items() if a in facts for b in effects if b in facts]
    seen: set[str] = set()
    order = {f.id: i for i, f in enumerate(facts.values())}
    for fact_id in facts:
        if fact_id in seen:
            continue
        thread = sorted((facts[x] for x in ctx.chain(fact_id) if x in facts), key=lambda f: (_start(f), order[f.id]))
        seen |= {f.id for f in thread}
        if len(thread) > 2:
            pairs.append((thread[0], max(thread, key=lambda f: (_start(f), -order[f.id]))))
    return pairs


def _start(f: Any) -> dt.date:
    return f.date.earliest or dt.date.min


def _durations(ctx: Context) -> Iterator[Output]:
    """Only the longest spans are asked, each fact starting one and ending one, each value once: a
    story of a few days would otherwise yield a dozen « combien de jours » whose answers are 2 or 3."""
    found = []
    for a, b in _pairs(ctx):
        da, db = _dated(a), _dated(b)
        assert da is not None and db is not None
        if (s := span(da, db)) is not None:
            found.append((s, a, b))
    found.sort(key=lambda x: (-x[0].days, x[1].id, x[2].id))
    starts: set[str] = set()
    ends: set[str] = set()
    values: set[tuple[str, int, int]] = set()
    for s, a, b in found:
        if len(values) == MAX_DURATIONS:
            break
        if a.id in starts or b.id in ends or (s.unit, s.low, s.high) in values:
            continue
        starts.add(a.id)
        ends.add(b.id)
        values.add((s.unit, s.low, s.high))
        first, then = ctx.fact_label(a), ctx.fact_label(b)
        people = [e for e in ctx.named_in(first) if ctx.entity(e).kind == "person"]
        if len(people) == 1:  # « le licenciement de Sam Altman » … « de son retour »
            then = french.possessive(then, ctx.name(people[0]))
        prompt = f"Combien de {s.many} séparent {first} {french.de(then)}{s.tolerance}"
        terms = f"{french.capitalize(first)} : {a.date.text()} ; {then} : {b.date.text()}"  # type: ignore[union-attr]
        yield _typed(ctx, a, f"duration-{b.id}", french.ask(prompt), s, terms, (a.id, b.id), "duration")


def _lengths(ctx: Context) -> Iterator[Output]:
    """How long a post was held, when the deck gives both ends; posts that begin or end inside the
    story come first; a length the deck states as a figure of the holder is not asked twice."""
    stated = [f for f in ctx.deck.figures if not f.background]
    found: list[tuple[bool, Tenure, Span]] = []
    for t in ctx.deck.tenures:
        if t.background or t.since is None or t.until is None or (s := span(t.since, t.until)) is None:
            continue
        unit, one, _ = _UNITS[s.unit]
        if any(f.subject == t.holder and s.low <= f.value <= s.high and f.unit in (unit, one) for f in stated):
            continue
        inside = any(d.earliest in ctx.window or d.latest in ctx.window for d in (t.since, t.until))
        found.append((not inside, t, s))
    found.sort(key=lambda x: x[0])
    for _, t, s in found[:MAX_DURATIONS]:
        name, pronoun = ctx.name(t.holder), ctx.pronoun(t.holder)
        prompt = f"Pendant combien de {s.many} {name} a-t-{pronoun} été {ctx.holder_title(t)}{s.tolerance}"
        terms = f"Début : {t.since.text()} ; fin : {t.until.text()}"  # type: ignore[union-attr]
        yield _typed(ctx, t, "length", french.ask(prompt), s, terms, (t.id,), "length")


def _related(a: Figure, b: Figure) -> bool:
    """Two figures worth comparing: about one subject (a tax cut and a central bank's purchases, told
    side by side, still measure different things)."""
    return a.subject is not None and a.subject == b.subject


def _which(unit: str | None) -> str:
    """« Laquelle de ces deux durées est la plus longue ? », « …montants… », « …nombres… »."""
    if (unit or "").lower() in DURATION_UNITS:
        return "Laquelle de ces deux durées est la plus longue"
    if any(word in (unit or "").lower() for word in CURRENCIES):
        return "Lequel de ces deux montants est le plus élevé"
    return "Lequel de ces deux nombres est le plus grand"


def _comparisons(ctx: Context) -> Iterator[Output]:
    figures = [f for f in ctx.deck.figures if not f.background]
    # Only figures of one unit and one subject are compared: the pairs are found in those groups (in
    # the order `itertools.combinations` gives them), not among every pair of the deck's figures.
    groups: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        if f.subject is not None and f.unit != "%":
            groups[(f.unit, f.subject)].append(i)
    pairs = sorted(pair for group in groups.values() for pair in itertools.combinations(group, 2))
    for a, b in ((figures[i], figures[j]) for i, j in pairs):
        if a.unit != b.unit or a.part_of == b.id or b.part_of == a.id or not _related(a, b) or a.unit == "%":
            continue
        if french.normalize_answer(a.label) == french.normalize_answer(b.label):
            continue  # two figures that read alike cannot be told apart
        span_a, span_b = figure_span(a), figure_span(b)
        if span_a[1] < span_b[0]:
            smaller, larger = a, b
        elif span_b[1] < span_a[0]:
            smaller, larger = b, a
        else:
            continue  # « plus de 500 » and « environ 600 » cannot be ordered
        choices = [french.capitalize(larger.label), french.capitalize(smaller.label)]
        ctx.rng.shuffle(choices)
        question = ctx.question(
            a,
            f"comparison-{b.id}",
            kind="computed",
            format="choice",
            prompt=french.ask(_which(a.unit)),
            answer=french.capitalize(larger.label),
            choices=tuple(choices),
            explanation=f"{french.capitalize(larger.label)} : {figure_text(larger)} ; {smaller.label} : {figure_text(smaller)}.",
            facts=(a.id, b.id),
            basis={"check": "larger", "options": {french.capitalize(f.label): f.id for f in (larger, smaller)}},
        )
        yield Candidate(question, RANK["computed"], ("comparison", a.id, b.id), a.id, "comparison")


_HOW_MANY = re.compile(r"^Combien (?:de |d['’])(?P<rest>.+?)\s*\?\s*$")
_SINGULAR = {"ont": "a", "sont": "est", "avaient": "avait", "étaient": "était"}
_AUX_PLURAL = re.compile(r"\b(?:ont|sont|avaient|étaient)\b")


def _shares(ctx: Context) -> Iterator[Output]:
    wholes = {f.id: f for f in ctx.deck.figures}
    for part in ctx.deck.figures:
        whole = wholes.get(part.part_of or "")
        if part.background or whole is None or not whole.value or part.qualifier == "less_than":
            continue
        share = round(100 * float(part.value) / float(whole.value))
        if not 0 < share <= 100:
            continue
        # « Combien de salariés d'OpenAI ont signé… ? » -> « Quelle part des salariés d'OpenAI a signé… ? »
        # (the verb agrees with « part »); a least count asks a least share, said before the verb:
        # « Quelle part des salariés d'OpenAI, au moins, a signé… ? »
        least_share = ", au moins," if part.qualifier == "more_than" else ""
        how_many = _HOW_MANY.match(part.question or "")
        rest = how_many and _AUX_PLURAL.search(how_many["rest"])
        if how_many and rest:
            subject, verb = how_many["rest"][: rest.start()].rstrip(), _SINGULAR[rest[0]] + how_many["rest"][rest.end() :]
            asked = f"Quelle part des {subject}{least_share} {verb}"
        else:
            asked = f"Quelle part {french.de(whole.label)}{least_share} représente {part.label}"
        low, high = share - SHARE_TOLERANCE, share + SHARE_TOLERANCE
        # The computation, in the explanation: « 500 / 770 ≈ 64,9 % », and for « plus de 500 sur 770 »
        # the least count, 501, so « au moins 65 % », the words of the question (« Quelle part…, au moins… »).
        count = float(part.value)
        if part.qualifier == "more_than":
            least = count + 1 if count.is_integer() else count
            shown = f"au moins {math.floor(100 * least / float(whole.value))} %"
            said = f"Plus de {french.number(count)} sur {french.number(whole.value)}, c'est au moins {_ratio(least, whole.value)}"
        else:
            shown = f"{'environ ' if part.qualifier == 'about' else ''}{share} %"
            said = _ratio(count, whole.value)
        prompt = french.ask(f"{asked} (en pourcentage, à {int(SHARE_TOLERANCE)} points près)")
        terms = f"{french.capitalize(part.label)} : {figure_text(part)} ; {whole.label} : {figure_text(whole)}. {said}"
        question = ctx.question(
            part,
            f"share-{whole.id}",
            kind="computed",
            format="text",
            prompt=prompt,
            answer=shown,
            accepted=(shown,),
            number=(low + high) / 2,
            tolerance=(high - low) / 2,
            explanation=f"{terms}, soit {shown}. {part.explanation}",
            facts=(part.id, whole.id),
            basis={"check": "share", "facts": [part.id, whole.id], "value": share, "low": low, "high": high},
        )
        yield Candidate(question, RANK["computed"], ("share", part.id, whole.id), part.id, "share")


def _ratio(part: float, whole: float) -> str:
    """« 501 / 770 ≈ 65,1 % », « 50 / 100 = 50 % »."""
    exact = 100 * float(part) / float(whole)
    shown = round(exact, 1)
    return f"{french.number(part)} / {french.number(whole)} {'=' if shown == exact else '≈'} {french.number(shown)} %"


def _typed(
    ctx: Context, fact: Any, variant: str, prompt: str, s: Span, terms: str, facts: tuple[str, ...], check: str
) -> Candidate:
    """A duration typed in its unit: one unit either side of a known value, or the range itself, as
    the prompt says."""
    shown = s.shown()
    question = ctx.question(
        fact,
        variant,
        kind="computed",
        format="text",
        prompt=prompt,
        answer=shown,
        accepted=(shown,),
        number=(s.low + s.high) / 2,
        tolerance=1.0 if s.low == s.high else (s.high - s.low) / 2,
        explanation=f"{terms}, soit {shown}. {fact.explanation}",
        facts=facts,
        basis={"check": check, "facts": list(facts), "unit": s.unit, "low": s.low, "high": s.high},
    )
    return Candidate(question, RANK["computed"], (check, *facts), fact.id, check)


STYLE = Style("computed", build)
