"""Fewer, better questions: what the styles proposed, without repeats, in a fair mix of forms.

- a fact's `skip:` drops the variants the author does not want;
- two questions with one prompt, or one claim (the same answer about the same facts), keep the one
  that teaches more (its rank);
- orderings that share most of their events keep the first;
- at most `MAX_SAME_DATE` date questions share one answer (a day is asked once, as a « moment »);
- true/false questions are at most `MAX_TRUE_FALSE_SHARE` of the bank: those of facts no other
  question asks about stay first.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence

from .french import normalize_answer
from .model import Deck
from .questions import Card
from .styles import Candidate

MAX_SAME_DATE = 2
MAX_TRUE_FALSE_SHARE = 0.25
MAX_CHRONOLOGY_OVERLAP = 2


def curate(deck: Deck, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The questions to keep, in the order they were proposed (hand-written ones are all kept)."""
    facts = {f.id: f for f in deck.facts()}

    def skipped(c: Candidate) -> bool:
        fact = facts.get(c.anchor)
        if fact is None:
            return False
        return c.variant in fact.skip or (c.variant in ("true", "false") and "truefalse" in fact.skip)

    pool = [c for c in candidates if not skipped(c)]
    best: dict[object, Candidate] = {}
    for c in pool:  # one question per claim and per prompt: the highest rank, the first on a tie
        for key in _keys(c):
            if key not in best or c.rank > best[key].rank:
                best[key] = c
    kept = [c for c in pool if all(best[k] is c for k in _keys(c))]
    return _cap_true_false(_cap_dates(_spread_orderings(kept)))


def _keys(c: Candidate) -> list[object]:
    """What a question may share with no other: its claim, its prompt (orderings share one), and for
    « which post », its answer (two people with one post make one question)."""
    keys: list[object] = [("claim", c.claim)]
    if c.question.format != "order":
        keys.append(("prompt", normalize_answer(c.question.prompt)))
    if c.variant == "role":
        keys.append(("role", normalize_answer(str(c.question.answer))))
    return keys


def _spread_orderings(kept: list[Candidate]) -> list[Candidate]:
    chosen: list[frozenset[str]] = []
    out = []
    for c in kept:
        if c.question.format == "order" and c.question.kind == "chronology":
            items = frozenset(c.question.facts)
            if any(len(items & other) > MAX_CHRONOLOGY_OVERLAP for other in chosen):
                continue
            chosen.append(items)
        out.append(c)
    return out


def _cap_dates(kept: list[Candidate]) -> list[Candidate]:
    by_answer: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        if c.date is not None:
            by_answer[c.date].append(c)
    dropped: set[int] = set()
    for group in by_answer.values():
        ranked = sorted(group, key=lambda c: -c.rank)  # stable: the first proposed wins a tie
        dropped.update(id(c) for c in ranked[MAX_SAME_DATE:])
    return [c for c in kept if id(c) not in dropped]


def _cap_true_false(kept: list[Candidate]) -> list[Candidate]:
    """Generated true/false questions, within the share all true/false questions may take."""
    others = [c for c in kept if c.question.format != "truefalse"]
    written = sum(1 for c in kept if c.question.format == "truefalse" and c.question.kind == "authored")
    # t / (n + t) <= share  <=>  t <= n * share / (1 - share)
    allowed = int(len(others) * MAX_TRUE_FALSE_SHARE / (1 - MAX_TRUE_FALSE_SHARE)) - written
    asked = Counter(f for c in others for f in c.question.facts)
    generated = [c for c in kept if c.question.format == "truefalse" and c.question.kind != "authored"]
    generated.sort(key=lambda c: (asked[c.anchor] > 0, _stable(c.question.id)))
    keep = {id(c) for c in generated[: max(0, allowed)]}
    return [c for c in kept if c.question.format != "truefalse" or c.question.kind == "authored" or id(c) in keep]


def _stable(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def cards_kept(deck: Deck, cards: Sequence[Card]) -> list[Card]:
    """Cards, less those a fact's `skip:` names (`card`, `card-reverse`)."""
    facts = {f.id: f for f in deck.facts()}
    return [c for c in cards if not (c.fact in facts and c.id.rsplit(":", 1)[1] in facts[c.fact].skip)]
