"""« Quand… ? » questions: the date of a fact, against dates of the same precision inside the story."""

from __future__ import annotations

from typing import Any

from .. import french
from ..context import Context, iso
from ..dates import DateSpec
from ..distractors import date_options
from . import Candidate
from .common import RANK

_WHEN = {"day": "Quel jour", "month": "En quel mois", "year": "En quelle année"}


def when_word(d: DateSpec) -> str:
    """« Quel jour », « En quel mois », « En quelle année »: the question says the precision it wants."""
    return _WHEN.get(d.precision, "Quand")


# Words that open or link a date's phrase without saying when (« pendant le », « à l' », « des »):
# what is left of the phrase's opening once they are dropped is what gives the date away.
_FRAME = frozenset(
    "pendant durant lors a au aux dans vers en des depuis apres avant de du d entre le la les l un une "
    "moins plus environ pres jusqu jusque et ou".split()
)


def leaks(answer: str, prompt: str) -> bool:
    """True when the prompt already says the answer: the date itself (« …l'après-midi du 17 novembre »
    asked « quand »), a day it names, or the phrase it is (« …pendant le week-end ? » answered
    « Pendant le week-end des 18 et 19 novembre 2023 », « …à minuit ? » answered « À minuit »)."""
    words = answer.split()
    probes = [answer, " ".join(words[:2])] if len(words) == 3 and words[0][0].isdigit() else [answer]
    for d in french.days_named(answer):
        probes += [french.day(d), french.day(d).rsplit(" ", 1)[0]]
    return french.mentions(prompt, [*probes, _phrase(answer)])


def _phrase(answer: str) -> str:
    """The words of a date's phrase before its figures, without its frame: « Pendant le week-end des
    18 et 19 novembre 2023 » -> « week end », « à l'issue du week-end » -> « issue du week end », « 2015 » -> «  »."""
    lead: list[str] = []
    for word in french.normalize_answer(answer).split():
        if any(c.isdigit() for c in word):
            break
        lead.append(word)
    while lead and lead[0] in _FRAME:
        lead.pop(0)
    while lead and lead[-1] in _FRAME:
        lead.pop()
    return " ".join(lead)


def date_question(ctx: Context, fact: Any, prompt: str) -> Candidate | None:
    """A multiple-choice date question about `fact` (its `date`), or None when it cannot be fair."""
    d = fact.date
    answer = d.text()
    if leaks(answer, prompt):
        return None
    wrongs = date_options(ctx, d, prompt)
    if wrongs is None:
        return None
    options = [(answer, d), *((x.text(), x) for x in wrongs)]
    ctx.rng.shuffle(options)
    spans = {text: [iso(x.earliest), iso(x.latest)] for text, x in options}
    question = ctx.question(
        fact,
        "date",
        kind="date",
        format="choice",
        prompt=prompt,
        answer=answer,
        choices=tuple(text for text, _ in options),
        basis={"check": "date", "fact": fact.id, "spans": spans},
    )
    return Candidate(question, RANK["date"], ("date", fact.id), fact.id, "date", date=answer)
