"""The shapes most styles share: « who » with fair wrong answers (or typed), and one true/false."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import french
from ..context import Context, entities_of
from ..distractors import Shown, fair_entities
from ..model import AnyFact
from ..questions import FALSE, TRUE, Question
from . import Candidate

# How much a variant teaches, for the curator: of two questions with one claim, the higher stays.
RANK = {
    "successor": 90,
    "agent": 85,
    "quote": 85,
    "figure": 85,
    "moment": 82,
    "subject": 80,
    "holder": 75,
    "predecessor": 72,
    "role": 70,
    "date": 65,
    "completion": 78,
    "placing": 74,
    "cause": 84,
    "consequence": 83,
    "manner": 79,
    "computed": 76,
    "group": 81,
    "odd": 76,
    "matching": 73,
    "chronology": 50,
    "truefalse": 20,
}
TYPED_PENALTY = 5  # a typed answer (no fair wrong answers to offer) ranks just below its multiple choice


def who(
    ctx: Context,
    fact: AnyFact,
    variant: str,
    kind: str,
    prompt: str,
    answer: str,
    wrong: Callable[[str], bool],
    shown: Shown,
    claim: tuple[Any, ...],
    basis: dict[str, Any],
    prefer: Iterable[str] = (),
    accepted: tuple[str, ...] | None = None,
    explanation: str | None = None,
    also: tuple[tuple[Any, ...], ...] = (),
) -> Iterator[Candidate]:
    """A « who » question: multiple choice with fair wrong answers, or the name to type when the
    deck has too few fair ones (never an absurd filler); none when the prompt names the answer."""
    if french.mentions(prompt, [ctx.name(answer)]):
        return
    accepted = ctx.accepted(answer) if accepted is None else accepted
    wrongs = fair_entities(ctx, answer, shown, wrong, prefer)
    rank = RANK[variant]
    extra: dict[str, Any] = {"explanation": explanation} if explanation else {}
    if wrongs is None:
        question = ctx.question(
            fact,
            variant,
            kind=kind,
            format="text",
            prompt=prompt,
            answer=ctx.choice_name(answer),
            accepted=accepted,
            basis={**basis, "correct": answer},
            **extra,
        )
        yield Candidate(question, rank - TYPED_PENALTY, claim, fact.id, variant, also=also)
        return
    options = [(ctx.choice_name(x), x) for x in (answer, *wrongs)]
    ctx.rng.shuffle(options)
    question = ctx.question(
        fact,
        variant,
        kind=kind,
        format="choice",
        prompt=prompt,
        answer=ctx.choice_name(answer),
        choices=tuple(text for text, _ in options),
        accepted=accepted,
        basis={**basis, "options": dict(options), "correct": answer},
        **extra,
    )
    yield Candidate(question, rank, claim, fact.id, variant, also=also)


def true_false(
    ctx: Context,
    fact: AnyFact,
    true_text: str,
    false_text: str | None,
    basis: dict[str, Any],
    false_basis: dict[str, Any] | None,
    claim: tuple[Any, ...],
    prefix: str = "",
) -> Iterator[Candidate]:
    """The true statement of a claim, and its false one when the facts give a provably false
    variant; the curator chooses which (if any) a bank asks, and keeps them balanced. `prefix`
    tells apart the statements of one fact about two claims (« agent-true », « agent-false »)."""
    for truth, statement, proof in ((True, true_text, basis), (False, false_text, false_basis)):
        if statement is None:
            continue
        variant = f"{prefix}{'true' if truth else 'false'}"
        question = ctx.question(
            fact,
            variant,
            kind="truefalse",
            format="truefalse",
            prompt=french.sentence(statement),
            answer=TRUE if truth else FALSE,
            explanation=verdict(truth, true_text, fact.explanation),
            choices=(TRUE, FALSE),
            basis={**(proof or {}), "truth": truth},
        )
        yield Candidate(question, RANK["truefalse"], claim, fact.id, variant)


def verdict(truth: bool, true_text: str, explanation: str) -> str:
    """« Vrai. OpenAI a été fondée en 2015. … », « Faux. Le 20 novembre 2023, Satya Nadella a… »: the
    verdict, then what is true (the statement itself, or the true one beside a false statement), then
    the fact's own explanation."""
    return f"{TRUE if truth else FALSE}. {french.sentence(true_text)} {explanation}"


def fair_swap(ctx: Context, answer: str, shown: Shown, wrong: Callable[[str], bool], prefer: Iterable[str] = ()) -> str | None:
    """One fair wrong entity for a false statement (the same rules as a wrong answer)."""
    found = fair_entities(ctx, answer, shown, wrong, prefer, count=1)
    return found[0] if found else None


def fact_choice(
    ctx: Context,
    anchor: Any,
    variant: str,
    kind: str,
    prompt: str,
    answer: Any,
    wrongs: list[Any],
    facts: tuple[str, ...],
    basis: dict[str, Any],
    explain: Callable[[dict[str, str]], str],
) -> Question | None:
    """A choice among events (or successions) shown by their headlines, the answer among `wrongs` in
    random order; None when two choices read alike or the prompt already says the answer.
    `explain` words the explanation from the texts shown (fact id -> text)."""
    shown = [answer, *wrongs]
    ctx.rng.shuffle(shown)
    texts = dict(zip((f.id for f in shown), ctx.item_texts(shown), strict=True))
    if len({french.normalize_answer(t) for t in texts.values()}) < len(texts):
        return None
    if french.mentions(prompt, [texts[answer.id], ctx.fact_label(answer)]):
        return None  # the question would say its own answer
    return ctx.question(
        anchor,
        variant,
        kind=kind,
        format="choice",
        prompt=french.ask(prompt),
        answer=texts[answer.id],
        choices=tuple(texts[f.id] for f in shown),
        facts=facts,
        basis={**basis, "options": {texts[f.id]: f.id for f in shown}},
        explanation=explain(texts),
    )


def twins(a: Any, b: Any) -> bool:
    """Two facts that may be one moment told twice: the same day (or an overlapping span) and the
    same people (« Liz Truss limoge Kwasi Kwarteng », « Jeremy Hunt remplace Kwasi Kwarteng »)."""
    return (
        a.date is not None and b.date is not None and not a.date.distinct_from(b.date) and bool(entities_of(a) & entities_of(b))
    )


def dated(text: str, fact: Any) -> str:
    """« Greg Brockman annonce sa démission sur X (17 novembre 2023) »."""
    d = fact.date
    return f"{text} ({d.text()})" if d is not None and d.is_known() else text
