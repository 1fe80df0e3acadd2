"""Fewer, better questions: what the styles proposed, without repeats, in a fair mix of forms.

- a fact's `skip:` drops the variants the author does not want;
- two questions that share a claim (the same answer about the same facts), or one prompt, keep the
  one that teaches more (its rank); hand-written questions are always kept;
- orderings that share most of their events keep the first;
- a day asked as a « moment » keeps one date question with that answer, any other day two;
- true/false is a form a claim may take instead of another question, not one more question on it:
  some claims are asked as a false statement (a wrong date, person or figure), facts that nothing
  else asks get a statement, and true statements never outnumber false ones by more than one; all
  of them stay under `MAX_TRUE_FALSE_SHARE` of the bank.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from .french import normalize_answer
from .model import Deck
from .questions import TRUE, Card
from .styles import Candidate

MAX_SAME_DATE = 2
MAX_SAME_DATE_WITH_MOMENT = 1
MAX_TRUE_FALSE_SHARE = 0.25
FALSE_STATEMENT_SHARE = 0.08  # of the other questions, asked instead as a statement
# The questions a statement may stand in for: plain recall of who, when, which post, which figure.
RECALL = frozenset({"holder", "role", "successor", "predecessor", "date", "agent", "quote", "figure", "subject"})
MAX_CHRONOLOGY_OVERLAP = 2
MIN_PER_KIND = 2


def curate(deck: Deck, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The questions to keep, in the order they were proposed."""
    facts = {f.id: f for f in deck.facts()}

    def skipped(c: Candidate) -> bool:
        fact = facts.get(c.anchor)
        if fact is None:
            return False
        if c.variant in fact.skip:
            return True
        if not _generated_true_false(c):
            return False
        asked = c.variant.rsplit("-", 1)[0] if "-" in c.variant else None  # « agent-false »: a statement of « agent »
        return "truefalse" in fact.skip or asked in fact.skip

    # A skipped question takes its statements with it (« skip: [date] » drops « le 17 novembre, … »).
    dropped_claims = {(c.anchor, c.claim) for c in candidates if skipped(c) and not _generated_true_false(c)}
    pool = [
        c
        for c in candidates
        if not skipped(c) and not (_generated_true_false(c) and (c.anchor, c.claim) in dropped_claims) and not _says_a_choice(c)
    ]
    others = _without_repeats([c for c in pool if not _generated_true_false(c)])
    others = _cap_dates(_spread_orderings(others))
    chosen = _with_true_false(others, [c for c in pool if _generated_true_false(c)])
    order = {id(c): i for i, c in enumerate(candidates)}
    return sorted(chosen, key=lambda c: order[id(c)])


def _says_a_choice(c: Candidate) -> bool:
    """A generated question whose prompt already states one of its choices gives itself away."""
    q = c.question
    if q.kind == "authored" or q.format not in ("choice", "multi"):
        return False
    prompt = f" {normalize_answer(q.prompt)} "
    return any(len(choice) > 2 and f" {choice} " in prompt for choice in map(normalize_answer, q.choices))


def _generated_true_false(c: Candidate) -> bool:
    return c.question.format == "truefalse" and c.question.kind != "authored"


def _keys(c: Candidate) -> list[Hashable]:
    """What a question may share with no other: its claims, its prompt (orderings share one), and for
    « which post », its answer (two people with one post make one question)."""
    keys: list[Hashable] = [("claim", c.claim), *(("claim", a) for a in c.also)]
    if c.question.format != "order":
        keys.append(("prompt", normalize_answer(c.question.prompt)))
    if c.variant == "role":
        keys.append(("role", normalize_answer(str(c.question.answer))))
    return keys


def _without_repeats(pool: list[Candidate]) -> list[Candidate]:
    """The highest-ranked candidates first (the first proposed on a tie), each taken if nothing it
    teaches is taken yet."""
    taken: set[Hashable] = set()
    kept: list[Candidate] = []
    for c in sorted(pool, key=lambda c: -c.rank):  # sorted() is stable: proposal order breaks ties
        keys = _keys(c)
        if c.question.kind == "authored" or not taken.intersection(keys):
            kept.append(c)
            taken.update(keys)
    return kept


def _spread_orderings(kept: list[Candidate]) -> list[Candidate]:
    chosen: list[frozenset[str]] = []
    holding: dict[str, list[int]] = defaultdict(list)  # fact id -> the chosen orderings that hold it
    out = []
    for c in kept:
        if c.question.format == "order" and c.question.kind == "chronology":
            items = frozenset(c.question.facts)
            # Only an ordering sharing a fact can overlap: those, found by fact, not every one chosen.
            sharing = {i for f in items for i in holding.get(f, ())}
            if any(len(items & chosen[i]) > MAX_CHRONOLOGY_OVERLAP for i in sharing):
                continue
            for f in items:
                holding[f].append(len(chosen))
            chosen.append(items)
        out.append(c)
    return out


def _cap_dates(kept: list[Candidate]) -> list[Candidate]:
    moments = {c.claim[1] for c in kept if c.variant == "moment"}
    by_answer: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        if c.date is not None:
            by_answer[c.date].append(c)
    dropped: set[int] = set()
    for group in by_answer.values():
        days = {str(c.question.basis.get("spans", {}).get(c.date, [None])[0]) for c in group}
        limit = MAX_SAME_DATE_WITH_MOMENT if days & moments else MAX_SAME_DATE
        ranked = sorted(group, key=lambda c: -c.rank)  # stable: the first proposed wins a tie
        dropped.update(id(c) for c in ranked[limit:])
    return [c for c in kept if id(c) not in dropped]


def _with_true_false(kept: list[Candidate], statements: list[Candidate]) -> list[Candidate]:
    """Mix true/false in, true and false alternately so that neither answer can be guessed: first in
    place of some questions (one in `FALSE_STATEMENT_SHARE`), then for claims nothing else asks, all
    under `MAX_TRUE_FALSE_SHARE` of the bank."""
    by_key: dict[Hashable, Candidate] = {}
    for c in kept:
        for key in _keys(c):
            by_key.setdefault(key, c)
    pairs: dict[Hashable, dict[bool, Candidate]] = defaultdict(dict)
    for st in statements:
        pairs[st.claim][bool(st.question.basis.get("truth"))] = st
    in_place: list[tuple[Candidate, dict[bool, Candidate]]] = []
    alone: list[dict[bool, Candidate]] = []
    asked = {f for c in kept for f in (c.anchor, *c.question.facts)}
    position = {id(c): i for i, c in enumerate(kept)}
    for _claim, pair in sorted(pairs.items(), key=lambda item: _stable(repr(item[0]))):
        standing = sorted((by_key[k] for k in _keys(next(iter(pair.values()))) if k in by_key), key=lambda c: position[id(c)])
        standing = list({id(c): c for c in standing}.values())
        if not standing:
            if next(iter(pair.values())).anchor not in asked:  # only a fact nothing else asks
                alone.append(pair)
        elif len(standing) == 1 and standing[0].variant in RECALL:
            in_place.append((standing[0], pair))
    # Only where the fact keeps another question (a fact asked only by a true/false is weakly taught),
    # and not beside one that prints the same words (« Complétez la citation »: the answer twice);
    # statements about who are worth more than a date moved by a day; then the weakest questions first.
    anchors = Counter(c.anchor for c in kept)
    on_fact: dict[str, list[Candidate]] = defaultdict(list)
    for c in kept:
        on_fact[c.anchor].append(c)
    in_place = [(c, pair) for c, pair in in_place if anchors[c.anchor] >= 2 and not _repeats(pair, c, on_fact[c.anchor])]
    in_place.sort(key=lambda item: (item[0].variant == "date", item[0].rank))
    chosen = list(kept)
    count = {True: 0, False: 0}
    count[True] = sum(1 for c in kept if c.question.format == "truefalse" and c.question.answer == TRUE)
    count[False] = sum(1 for c in kept if c.question.format == "truefalse" and c.question.answer != TRUE)

    prompts = {normalize_answer(c.question.prompt) for c in kept}

    def pick(pair: dict[bool, Candidate]) -> Candidate | None:
        wanted = count[True] > count[False]  # the answer less often given so far: False first
        for truth in (not wanted, wanted):
            if truth in pair and count[truth] <= count[not truth]:
                if normalize_answer(pair[truth].question.prompt) in prompts:
                    continue  # one statement, once
                prompts.add(normalize_answer(pair[truth].question.prompt))
                return pair[truth]
        return None

    room = int(len(kept) * FALSE_STATEMENT_SHARE)
    per_kind = Counter(c.question.kind for c in kept)
    for replaced, pair in in_place:
        if room == 0:
            break
        if per_kind[replaced.question.kind] <= MIN_PER_KIND:  # a kind a learner can choose keeps questions
            continue
        statement = pick(pair)
        if statement is not None:
            chosen[position[id(replaced)]] = statement
            count[bool(statement.question.basis.get("truth"))] += 1
            per_kind[replaced.question.kind] -= 1
            room -= 1
    for pair in alone:
        statements_now = count[True] + count[False]
        if statements_now + 1 > MAX_TRUE_FALSE_SHARE * (len(chosen) + 1):
            break
        statement = pick(pair)
        if statement is not None:
            chosen.append(statement)
            count[bool(statement.question.basis.get("truth"))] += 1
    return chosen


def _repeats(pair: dict[bool, Candidate], replaced: Candidate, on_fact: list[Candidate]) -> bool:
    """True when another question on the fact already prints most of the statement's words (in its
    prompt or its answer)."""
    said = set(normalize_answer(next(iter(pair.values())).question.prompt).split())
    for c in on_fact:
        if c is not replaced:
            answers = c.question.answer if isinstance(c.question.answer, tuple) else (c.question.answer,)
            shown = set(normalize_answer(" ".join((c.question.prompt, *answers))).split())
            if len(said & shown) >= 0.6 * len(said):
                return True
    return False


def _stable(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def cards_kept(deck: Deck, cards: Sequence[Card]) -> list[Card]:
    """Cards, less those a fact's `skip:` names (`card`, `card-reverse`)."""
    facts = {f.id: f for f in deck.facts()}
    return [c for c in cards if not (c.fact in facts and c.id.rsplit(":", 1)[1] in facts[c.fact].skip)]
