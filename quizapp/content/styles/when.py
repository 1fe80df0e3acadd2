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


def leaks(answer: str, prompt: str) -> bool:
    """True when the prompt already says the answer (« …l'après-midi du 17 novembre » asked « quand »)."""
    words = answer.split()
    probes = [answer, " ".join(words[:2])] if len(words) == 3 and words[0][0].isdigit() else [answer]
    return french.mentions(prompt, probes)


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
