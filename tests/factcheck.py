"""An independent judge of generated questions: re-derives each claim from the raw facts.

It shares no logic with the generator beyond the parsed deck: if the generator offers a distractor
that the facts do not rule out, or a « false » statement the facts allow, these checks say so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from typing import Any

from quizapp.content import Deck, Question

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
LOW, HIGH = dt.date.min, dt.date.max


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.sub(r"\W+", " ", "".join(c for c in text if not unicodedata.combining(c))).split())


def _bounds(t: Any, as_of: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date] | None]:
    """(possible span, sure span) of a tenure, from its raw since/until."""
    s, u = t.since, t.until
    p_low = s.earliest if s is not None and s.earliest else LOW
    p_high = u.latest if u is not None and u.latest else HIGH
    if s is None:
        c_low: dt.date | None = LOW
    elif s.precision == "unknown" or s.latest is None:
        c_low = None
    else:
        c_low = s.latest + dt.timedelta(days=1) if s.latest < HIGH else None  # the hand-over day proves nothing
    if u is None:
        c_high: dt.date | None = as_of
    elif u.precision == "unknown" or u.earliest is None:
        c_high = None
    else:
        c_high = u.earliest - dt.timedelta(days=1) if u.earliest > LOW else None
    sure = (c_low, c_high) if c_low is not None and c_high is not None and c_low <= c_high else None
    return (p_low, p_high), sure


def may_hold(deck: Deck, person: str, role: str, day: dt.date) -> bool:
    return any(
        t.holder == person and t.role == role and _bounds(t, deck.as_of)[0][0] <= day <= _bounds(t, deck.as_of)[0][1]
        for t in deck.tenures
    )


def surely_holds(deck: Deck, person: str, role: str, day: dt.date) -> bool:
    for t in deck.tenures:
        if t.holder == person and t.role == role:
            sure = _bounds(t, deck.as_of)[1]
            if sure and sure[0] <= day <= sure[1]:
                return True
    return False


def surely_not_holds(deck: Deck, person: str, role: str, day: dt.date) -> bool:
    if may_hold(deck, person, role, day):
        return False
    if not deck.roles[role].single_holder:  # only someone shown holding it at another time
        return any(t.holder == person and t.role == role for t in deck.tenures)
    return any(surely_holds(deck, t.holder, role, day) for t in deck.tenures if t.role == role)


def parse_day(text: str) -> tuple[dt.date, dt.date]:
    """« 17 novembre 2023 » or « 2018 » -> the span it names."""
    if m := re.fullmatch(r"(1er|\d{1,2}) (\w+) (\d{1,4})", text):
        d = dt.date(int(m[3]), MONTHS.index(m[2]) + 1, 1 if m[1] == "1er" else int(m[1]))
        return d, d
    if re.fullmatch(r"\d{1,4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    raise AssertionError(f"date text not understood: {text!r}")


def _fact(deck: Deck, fact_id: str) -> Any:
    return next(f for f in deck.facts() if f.id == fact_id)


def _disjoint(a: tuple[dt.date, dt.date], b: Any) -> bool:
    b_low, b_high = b.earliest or LOW, b.latest or HIGH
    return a[1] < b_low or b_high < a[0]


def truth(deck: Deck, basis: dict[str, Any], entity: Any) -> bool | None:
    """True / False when the facts prove the claim about `entity` (an id, a date or a value text); None otherwise."""
    check = basis["check"]
    if check == "holder":
        day = dt.date.fromisoformat(basis["day"])
        if surely_holds(deck, entity, basis["role"], day):
            return True
        return False if surely_not_holds(deck, entity, basis["role"], day) else None
    if check == "role":
        day = dt.date.fromisoformat(basis["day"])
        if surely_holds(deck, basis["person"], entity, day):
            return True
        return False if surely_not_holds(deck, basis["person"], entity, day) else None
    if check == "ever_held":
        return True if any(t.holder == entity and t.role == basis["role"] for t in deck.tenures) else None
    if check in ("successor", "predecessor"):  # on the succession's date (the question names it)
        s = _fact(deck, basis["fact"])
        pair = (s.outgoing, entity) if check == "successor" else (entity, s.incoming)
        same = [x for x in deck.successions if x.role == s.role and (x.outgoing, x.incoming) == pair]
        if any(x is s for x in same):
            return True
        return None if any(not _disjoint((x.date.earliest or LOW, x.date.latest or HIGH), s.date) for x in same) else False
    if check == "speaker":
        q = _fact(deck, basis["fact"])
        return any(x.speaker == entity and fold(x.text) == fold(q.text) for x in deck.quotes)
    if check == "agent":
        doers = [e for e in deck.events if e.action and fold(e.action) == fold(basis["action"])]
        if any(e.agent == entity for e in doers):
            return True
        alike = [e for e in deck.events if basis.get("type") not in (None, "other") and e.type == basis.get("type")]
        return None if any(entity in e.actors for e in doers) or any(e.agent == entity for e in alike) else False
    if check == "relation":
        r = _fact(deck, basis["fact"])
        if entity in r.subjects:
            return True
        return False if r.exhaustive and entity != r.object else None
    if check == "date":
        when = _fact(deck, basis["fact"]).date
        span = entity if isinstance(entity, tuple) else parse_day(entity)
        if (when.earliest, when.latest) == span:
            return True
        return False if _disjoint(span, when) else None
    raise AssertionError(f"unknown check {check}")


def figure_truth(deck: Deck, fact_id: str, span: tuple[float, float]) -> bool | None:
    f = _fact(deck, fact_id)
    v = float(f.value)
    true_span = {"exact": (v, v), "more_than": (v, float("inf")), "less_than": (0.0, v), "about": (v * 0.75, v * 1.25)}[
        f.qualifier
    ]
    if tuple(span) == true_span:
        return True
    return (
        False
        if span[1] < true_span[0]
        or true_span[1] < span[0]
        or (f.qualifier == "more_than" and span[1] <= v)
        or (f.qualifier == "less_than" and span[0] >= v)
        else None
    )


def verify(deck: Deck, q: Question) -> None:
    """Assert that `q` has exactly one right answer according to the facts."""
    if q.kind == "authored":  # the author states the answer; the loader checked it is among the choices
        if q.format in ("choice", "truefalse"):
            assert q.choices.count(q.answer) == 1, q.id
        elif q.format == "multi":
            assert set(q.answer) <= set(q.choices) and len(q.answer) >= 2, q.id
        elif q.format in ("order", "match"):
            assert sorted(q.answer) == sorted(q.choices), q.id
        return
    b = q.basis
    if b.get("check") in NEW_STYLES:
        NEW_STYLES[b["check"]](deck, q)
        return
    if q.format == "text":  # a « who » asked without choices: the keyed entity must be right
        assert truth(deck, b, b["correct"]) is True, (q.id, b["correct"])
        assert fold(q.answer) in {fold(a) for a in q.accepted}, q.id
        return
    if q.format == "multi":  # « what happened that day »: right exactly for the facts of that day
        day = dt.date.fromisoformat(b["day"])
        assert len(q.choices) >= 4 and len(q.answer) >= 2 and set(q.answer) < set(q.choices), q.id
        for shown in q.choices:
            when = _fact(deck, b["options"][shown]).date
            verdict = True if when.earliest == when.latest == day else (False if _disjoint((day, day), when) else None)
            assert verdict is (shown in q.answer), (q.id, shown, verdict)
        return
    if q.format == "choice":
        assert len(q.choices) == 4 and len({fold(c) for c in q.choices}) == 4, q
        assert q.choices.count(q.answer) == 1, q
        for shown in q.choices:
            if b["check"] == "figure":
                verdict = figure_truth(deck, b["fact"], tuple(b["spans"][shown]))
            elif b["check"] == "date":
                verdict = truth(deck, b, tuple(dt.date.fromisoformat(x) if x else None for x in b["spans"][shown]))
                if shown != q.answer:
                    assert parse_day(shown) == tuple(dt.date.fromisoformat(x) for x in b["spans"][shown]), shown
            else:
                verdict = truth(deck, b, b["options"][shown])
            assert verdict is (shown == q.answer), (q.id, shown, verdict)
    elif q.format == "truefalse":
        expected = b["truth"]
        assert q.answer == ("Vrai" if expected else "Faux")
        if b["check"] == "figure":
            verdict = figure_truth(deck, b["fact"], tuple(b["span"]))
        elif b["check"] == "date":
            verdict = truth(deck, b, tuple(dt.date.fromisoformat(x) if x else None for x in b["span"]))
        else:
            verdict = truth(deck, b, b["entity"])
        assert verdict is expected, (q.id, q.prompt, verdict)
    elif q.format == "order":
        dated = {f.id: f.date for f in (*deck.events, *deck.successions)}
        spans = [dated[fact] for fact in b["facts"]]
        assert 3 <= len(spans) <= 5
        for a, c in itertools.pairwise(spans):
            assert a.latest is not None and c.earliest is not None and a.latest < c.earliest, q.id
        assert sorted(q.choices) == sorted(q.answer) and tuple(q.choices) != q.answer
    else:
        raise AssertionError(f"unexpected format {q.format}")


# --- the styles of « why, how, what next » -----------------------------------------------------
GAP = "_____"


def _completion(deck: Deck, q: Question) -> None:
    quote = _fact(deck, q.basis["fact"])
    gapped = q.prompt[q.prompt.index("«") + 1 : q.prompt.rindex("»")].strip()
    assert gapped.count(GAP) == 1, q.id
    fill = lambda words: fold(gapped.replace(GAP, words))  # noqa: E731
    assert fill(str(q.answer)) == fold(quote.text), (q.id, q.answer)
    for choice in q.choices:
        assert (fill(choice) == fold(quote.text)) is (choice == q.answer), (q.id, choice)


def _placing(deck: Deck, q: Question) -> None:
    """The dates alone make the answer right and every wrong answer wrong: « juste après » X is answered
    by an event certainly after X, every wrong answer is certainly after that one (none before X: the
    question would only ask which is latest); « juste avant » the mirror; « après X et avant Y » by an
    event certainly between them, against wrong answers certainly before X or after Y, of both sides.
    Never the order in which the deck tells two events of one day or of overlapping spans."""
    event, way = _fact(deck, q.basis["fact"]), q.basis["way"]
    keyed = _fact(deck, q.basis["options"][q.answer])
    wrongs = [_fact(deck, fact_id) for shown, fact_id in q.basis["options"].items() if shown != q.answer]
    assert len(wrongs) == len(q.choices) - 1 == 3, q.id
    if way == "after":
        assert event.date.before(keyed.date) and all(keyed.date.before(w.date) for w in wrongs), q.id
    elif way == "before":
        assert keyed.date.before(event.date) and all(w.date.before(keyed.date) for w in wrongs), q.id
    else:
        first, last = (_fact(deck, x) for x in q.basis["named"])
        assert keyed.id == event.id and first.date.before(keyed.date) and keyed.date.before(last.date), q.id
        sides = [w.date.before(first.date) for w in wrongs if w.date.before(first.date) or last.date.before(w.date)]
        assert len(sides) == len(wrongs) and set(sides) == {True, False}, q.id


def _links(deck: Deck) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    causes: dict[str, set[str]] = {}
    effects: dict[str, set[str]] = {}
    for f in (*deck.events, *deck.successions):
        for c in f.because:
            causes.setdefault(f.id, set()).add(c)
            effects.setdefault(c, set()).add(f.id)
        for e in f.led_to:
            effects.setdefault(f.id, set()).add(e)
            causes.setdefault(e, set()).add(f.id)
    return causes, effects


def _thread(causes: dict[str, set[str]], effects: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += [*causes.get(current, ()), *effects.get(current, ())]
    return seen


def _cause(deck: Deck, q: Question) -> None:
    causes, effects = _links(deck)
    linked = (causes if q.basis["check"] == "cause" else effects).get(q.basis["fact"], set())
    links = causes if q.basis["check"] == "cause" else effects
    reach, todo = set(), list(links.get(q.basis["fact"], ()))
    while todo:  # every fact that led to it (a cause) or came of it (a consequence), however far
        current = todo.pop()
        if current not in reach:
            reach.add(current)
            todo += list(links.get(current, ()))
    for shown, fact_id in q.basis["options"].items():
        if shown == q.answer:
            assert fact_id in linked, (q.id, shown)
        else:  # nothing links a wrong answer to the fact's thread (it might be a cause or a consequence
            # through links the deck leaves unsaid), and the dates alone do not rule it out
            other, event = _fact(deck, fact_id), _fact(deck, q.basis["fact"])
            assert fact_id not in reach and fact_id != q.basis["fact"], (q.id, shown)
            assert fact_id not in _thread(causes, effects, q.basis["fact"]), (q.id, shown)
            cause, effect = (other, event) if q.basis["check"] == "cause" else (event, other)
            assert not effect.date.before(cause.date), (q.id, shown)  # never a cause after its effect
            if q.basis["check"] == "consequence":  # the deck explains it otherwise, from before the fact
                account = _thread(causes, {}, fact_id)
                assert account != {fact_id}, (q.id, shown, "unexplained")
                firsts = [_fact(deck, a) for a in account if not causes.get(a)]
                assert all(f.date is not None and f.date.before(event.date) for f in firsts), (q.id, shown)


def _manner(deck: Deck, q: Question) -> None:
    e = _fact(deck, q.basis["fact"])
    assert fold(q.answer) == fold(e.manner), q.id
    assert fold(e.manner) not in fold(q.prompt), q.id
    alike = {fold(x.manner) for x in deck.events if x.manner and x.type == e.type and x.type != "other"}
    allowed = alike | {fold(d) for d in e.manner_decoys}
    for choice in q.choices:
        assert fold(choice) in allowed and (choice == q.answer) is (fold(choice) == fold(e.manner)), (q.id, choice)


_PER_UNIT = {"day": ("jour", 1.0), "month": ("mois", 30.44), "year": ("an", 365.25)}


def _elapsed(q: Question, start: Any, end: Any) -> None:
    """The typed number is the time between the two dates in the question's unit: the days the dates
    allow, converted, fall within what is accepted; the prompt states the tolerance; far off is wrong."""
    low, high = q.basis["low"], q.basis["high"]
    word, days_per = _PER_UNIT[q.basis["unit"]]
    if "year" in (start.precision, end.precision):
        assert low == high == end.earliest.year - start.earliest.year, q.id
    else:
        shortest, longest = (end.earliest - start.latest).days / days_per, (end.latest - start.earliest).days / days_per
        assert low - 1 <= shortest and longest <= high + 1 and high - low <= 1, (q.id, shortest, longest)
    if low == high:
        assert f"à un {word} près" in q.prompt and q.is_correct(str(low + 1)) and q.is_correct(str(low - 1)), q.id
    else:  # a range from vague ends is accepted as it stands, nothing outside it
        assert "près" not in q.prompt and not q.is_correct(str(low - 1)) and not q.is_correct(str(high + 1)), q.id
    assert q.is_correct(str(low)) and q.is_correct(str(high)) and not q.is_correct(str(high + 3)), q.id


def _duration(deck: Deck, q: Question) -> None:
    a, b = (_fact(deck, x) for x in q.basis["facts"])
    _elapsed(q, a.date, b.date)
    assert not b.date.before(a.date), q.id


def _length(deck: Deck, q: Question) -> None:
    (t,) = (_fact(deck, x) for x in q.basis["facts"])
    _elapsed(q, t.since, t.until)
    assert deck.entities[t.holder].name in q.prompt, q.id


def _share(deck: Deck, q: Question) -> None:
    part, whole = (_fact(deck, x) for x in q.basis["facts"])
    share = 100 * part.value / whole.value
    assert q.is_correct(f"{round(share)} %") and "à 5 points près" in q.prompt, q.id
    assert q.is_correct(f"{round(share) + 5} %") and q.is_correct(f"{round(share) - 5} %"), q.id
    assert not q.is_correct(f"{round(share) + 7} %") and not q.is_correct(f"{round(share) - 7} %"), q.id
    if part.qualifier == "more_than":  # « au moins N % » holds for every count the deck allows (501 and up)
        shown = int(re.search(r"au moins (\d+)", q.answer)[1])  # type: ignore[index]
        least = part.value + 1 if float(part.value).is_integer() else part.value
        assert shown <= 100 * least / whole.value, q.id


def _larger(deck: Deck, q: Question) -> None:
    facts = {shown: _fact(deck, x) for shown, x in q.basis["options"].items()}
    keyed = facts[q.answer]
    (other,) = [f for shown, f in facts.items() if shown != q.answer]
    low = keyed.value if keyed.qualifier in ("exact", "more_than") else keyed.value * (0.75 if keyed.qualifier == "about" else 0)
    high = (
        other.value
        if other.qualifier in ("exact", "less_than")
        else other.value * (1.25 if other.qualifier == "about" else float("inf"))
    )
    assert low > high, q.id


def _relation_all(deck: Deck, q: Question) -> None:
    r = _fact(deck, q.basis["fact"])
    assert r.exhaustive
    for shown, entity in q.basis["options"].items():
        assert (entity in r.subjects) is (shown in q.answer), (q.id, shown)


def _odd(deck: Deck, q: Question) -> None:
    r = _fact(deck, q.basis["fact"])
    assert r.exhaustive and len(q.choices) == 4
    for shown, entity in q.basis["options"].items():
        assert (entity not in r.subjects) is (shown == q.answer), (q.id, shown)


def _holders(deck: Deck, q: Question) -> None:
    day = dt.date.fromisoformat(q.basis["day"])
    for shown, entity in q.basis["options"].items():
        if shown in q.answer:
            assert surely_holds(deck, entity, q.basis["role"], day), (q.id, shown)
        else:
            assert surely_not_holds(deck, entity, q.basis["role"], day), (q.id, shown)


def _posts(deck: Deck, q: Question) -> None:
    day = dt.date.fromisoformat(q.basis["day"])
    people = {fold(e.name): e.id for e in deck.entities.values()}
    for left, role in q.basis["pairs"].items():
        assert surely_holds(deck, people[fold(left)], role, day), (q.id, left)
    assert sorted(q.answer) == sorted(q.choices) and len(set(q.choices)) == len(q.choices)


def _deeds(deck: Deck, q: Question) -> None:
    people = {fold(e.name): e.id for e in deck.entities.values()}
    events = {left: _fact(deck, fid) for left, fid in q.basis["pairs"].items()}
    for left, e in events.items():
        assert e.agent == people[fold(left)], (q.id, left)
        for other in events.values():
            if other is not e:
                doers = {x.agent for x in deck.events if x.action and fold(x.action) == fold(other.action)} | set(other.actors)
                assert people[fold(left)] not in doers, (q.id, left, other.id)


NEW_STYLES = {
    "completion": _completion,
    "placing": _placing,
    "cause": _cause,
    "consequence": _cause,
    "manner": _manner,
    "duration": _duration,
    "length": _length,
    "share": _share,
    "larger": _larger,
    "relation-all": _relation_all,
    "odd": _odd,
    "holders": _holders,
    "posts": _posts,
    "deeds": _deeds,
}
