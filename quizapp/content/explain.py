"""An explanation that states its answer.

A fact's explanation says why or how something happened; it does not always say what a given
question asks (the year of a founding, the amount of an investment, who spoke). Every generated
question's explanation therefore states its right answer, in the form the choices show or as a
clear equivalent (an entity's name without its article, the label of the fact a choice stands for):
when the explanation the style gave does not, a short sentence saying the answer is put before it.

The sentences are worded here, one per kind of claim (`Question.basis["check"]`), from the facts
themselves; a kind without its own sentence, or whose sentence would not say the answer, gets the
plain « Réponse : … ».
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from . import french
from .context import Context
from .model import Event, Figure, Quote, Relation, Succession, Tenure
from .questions import Question
from .styles.events import took_place
from .styles.figures import say
from .styles.relations import statement
from .styles.successions import succeeded
from .styles.tenures import AT_THE_TIME, throughout


def completed(ctx: Context, q: Question) -> Question:
    """`q` with an explanation that states its answer (unchanged when it already does)."""
    if q.kind == "authored" or states(ctx, q, q.explanation):
        return q
    lead = _lead(ctx, q)
    if lead is None or not states(ctx, q, lead):
        lead = _plain(q)
    return dataclasses.replace(q, explanation=f"{french.sentence(lead)} {q.explanation}".strip())


# --- does a text state the answer? ------------------------------------------------------------
def answer_forms(ctx: Context, q: Question, answer: str, meant: Any) -> list[str]:
    """The ways a text may state one answer: as shown, by the names of the entity it stands for
    (without a leading article: « des salariés d'OpenAI » states « Les salariés d'OpenAI »), by the
    label or headline of the fact it stands for."""
    forms = [answer, *_day_forms(answer)]
    if q.format in ("choice", "text") and answer == q.answer:
        forms += list(q.accepted)  # what a learner may type is a statement of the answer too
    if isinstance(meant, str) and meant in ctx.entities:
        forms += [_bare(n) for n in ctx.accepted(meant)]
    elif isinstance(meant, str) and meant in ctx.facts_by_id:
        fact = ctx.facts_by_id[meant]
        if isinstance(fact, Event | Succession):
            forms += [ctx.fact_label(fact), *([fact.headline] if fact.headline else [])]
    return forms


_DAY = re.compile(r"^(?:le\s+)?((?:1er|\d{1,2})\s+\S+)\s+\d{4}$", re.IGNORECASE)


def _day_forms(answer: str) -> list[str]:
    """A day as the deck's own sentences say it, without its year: « 17 novembre » (« le vendredi
    17 novembre ») states « 17 novembre 2023 », the story's year being the reader's."""
    found = _DAY.match(answer.strip())
    return [found.group(1)] if found and french.normalize_answer(found.group(1)) != french.normalize_answer(answer) else []


def states(ctx: Context, q: Question, text: str) -> bool:
    """True when `text` states every right answer of `q` (and, for a matching, each pair in turn)."""
    if q.format == "match":
        return _states_pairs(text, q.items, tuple(q.answer))
    answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    return all(french.mentions(text, answer_forms(ctx, q, a, _meant(q, i, a))) for i, a in enumerate(answers))


def _meant(q: Question, index: int, answer: str) -> Any:
    """The entity or fact id an answer stands for, as the question's basis records it."""
    if q.format == "order":  # the items in order, the facts in the same order
        facts = q.basis.get("facts", ())
        return facts[index] if index < len(facts) else None
    return q.basis.get("options", {}).get(answer, q.basis.get("correct") if q.format in ("choice", "text") else None)


def _states_pairs(text: str, lefts: tuple[str, ...], rights: tuple[str, ...]) -> bool:
    """Each left-hand item named, then its right-hand item, before the next left-hand one."""
    folded = f" {french.normalize_answer(text)} "
    at = 0
    for left, right in zip(lefts, rights, strict=True):
        start = folded.find(f" {french.normalize_answer(left)} ", at)
        if start < 0:
            return False
        at = folded.find(f" {french.normalize_answer(right)} ", start)
        if at < 0:
            return False
    return True


def _bare(name: str) -> str:
    """A name without its leading article: « salariés d'OpenAI »."""
    for article in ("les ", "le ", "la ", "l'", "l’"):
        if name.lower().startswith(article) and len(name) > len(article):
            return name[len(article) :]
    return name


# --- the sentences ------------------------------------------------------------------------------
def _plain(q: Question) -> str:
    if isinstance(q.answer, tuple):
        return f"{'Réponses' if len(q.answer) > 1 else 'Réponse'} : {french.join_names(list(q.answer))}"
    return f"Réponse : {q.answer}"


def _lead(ctx: Context, q: Question) -> str | None:
    check = q.basis.get("check")
    word = _LEADS.get(check) if isinstance(check, str) else None
    fact = ctx.facts_by_id.get(q.basis.get("fact") or (q.facts[0] if q.facts else ""))
    return word(ctx, q, fact) if word is not None and fact is not None else None


def _tenure(ctx: Context, q: Question, t: Any) -> str | None:
    """« Le 22 novembre 2023, Bret Taylor était membre du conseil d'administration d'OpenAI »."""
    if not isinstance(t, Tenure):
        return None
    day = q.basis.get("day")
    when = AT_THE_TIME if throughout(ctx, t) or not day else ctx.on_day(dt.date.fromisoformat(day))
    return f"{french.capitalize(when)}, {ctx.name(t.holder)} était {ctx.holder_title(t)}"


def _succession(ctx: Context, q: Question, s: Any) -> str | None:
    """« Mira Murati a succédé à Sam Altman à la direction générale d'OpenAI le 17 novembre 2023 »."""
    if not isinstance(s, Succession):
        return None
    return f"{ctx.name(s.incoming)} a {succeeded(ctx, s.outgoing)} {ctx.post_at(s.role)} {s.date.on()}"


def _date(ctx: Context, q: Question, fact: Any) -> str | None:
    """The fact with its date last, as one says it: « OpenAI a été fondée en 2015 », « Kwasi Kwarteng
    a présenté un « mini-budget » le 23 septembre 2022 », « Les funérailles d'Elizabeth II ont eu lieu
    le 19 septembre 2022 » (the label's past when no agent says it)."""
    if isinstance(fact, Succession):
        return _succession(ctx, q, fact)
    if not isinstance(fact, Event) or fact.date is None:
        return None
    if fact.agent and fact.action:
        return f"{ctx.name(fact.agent)} {ctx.agree(fact.agent, fact.action)} {fact.date.on()}"
    return f"{french.capitalize(fact.label)} {took_place(fact.label)} {fact.date.on()}"


def _agent(ctx: Context, q: Question, e: Any) -> str | None:
    """« C'est Emmett Shear », « Ce sont les salariés d'OpenAI »: the answer alone, in no tense, as the
    deck's sentence that follows tells the deed in its own (« présente sa feuille de route »)."""
    who = q.basis.get("correct")
    if not isinstance(e, Event) or not isinstance(who, str) or who not in ctx.entities:
        return None
    it = "Ce sont" if ctx.entity(who).plural else "C'est"
    return f"{it} {ctx.name(who)}"


def _manner(ctx: Context, q: Question, e: Any) -> str | None:
    """« Par une lettre ouverte au conseil d'administration »: the answer to « Comment… ? » alone, as
    one answers it, in no tense to clash with the deck's sentence that follows."""
    if not isinstance(e, Event) or not e.manner:
        return None
    return french.capitalize(e.manner)


def _speaker(ctx: Context, q: Question, quote: Any) -> str | None:
    """« Ces mots sont d'Ilya Sutskever », « Ces mots sont des salariés d'OpenAI »."""
    if not isinstance(quote, Quote):
        return None
    e = ctx.entity(quote.speaker)
    return f"Ces mots sont {french.de(e.name, e.elide)}"


def _figure(ctx: Context, q: Question, f: Any) -> str | None:
    """« Microsoft a investi 13 milliards de dollars dans OpenAI »."""
    return say(f, str(q.answer)) if isinstance(f, Figure) else None


def _subject(ctx: Context, q: Question, r: Any) -> str | None:
    """« Elon Musk compte parmi les fondateurs de xAI »."""
    who = q.basis.get("correct")
    return statement(ctx, r, who) if isinstance(r, Relation) and who in ctx.entities else None


def _subjects(ctx: Context, q: Question, r: Any) -> str | None:
    """« Thrive Capital compte parmi les principaux financeurs d'OpenAI, tout comme Microsoft »."""
    if not isinstance(r, Relation) or not isinstance(q.answer, tuple):
        return None
    if not ctx.deck.predicates[r.predicate].statement.startswith("{subject} "):
        return None
    ids = [q.basis["options"][a] for a in q.answer]
    return f"{statement(ctx, r, ids[0])}, tout comme {french.join_names([ctx.name(x) for x in ids[1:]])}"


def _odd(ctx: Context, q: Question, r: Any) -> str | None:
    """« Bret Taylor ne figure pas parmi les soutiens de Kyutai, à la différence de Rodolphe Saadé… »."""
    if not isinstance(r, Relation):
        return None
    template = ctx.deck.predicates[r.predicate].statement
    if not template.startswith("{subject} "):
        return None
    odd = q.basis["options"][q.answer]
    e = ctx.entity(odd)
    said = french.fill(french.inflect(template, e.gender, e.plural).removeprefix("{subject} "), object=ctx.name(r.object))
    others = [ctx.entity(x) for text, x in q.basis["options"].items() if text != q.answer]
    unlike = french.join_names([french.de(o.name, o.elide) for o in others])
    return f"{ctx.choice_name(odd)} {french.negate(said)}, à la différence {unlike}"


def _holders(ctx: Context, q: Question, t: Any) -> str | None:
    """« Le 22 novembre 2023, Bret Taylor et Larry Summers occupaient un siège au conseil… »."""
    role, day = q.basis.get("role"), q.basis.get("day")
    if not isinstance(q.answer, tuple) or not isinstance(role, str) or not isinstance(day, str):
        return None
    names = french.join_names(list(q.answer))
    return f"{french.capitalize(ctx.on_day(dt.date.fromisoformat(day)))}, {names} occupaient {ctx.post(role)}"


_LEADS: dict[str, Callable[[Context, Question, Any], str | None]] = {
    "holder": _tenure,
    "role": _tenure,
    "successor": _succession,
    "predecessor": _succession,
    "date": _date,
    "agent": _agent,
    "manner": _manner,
    "speaker": _speaker,
    "figure": _figure,
    "relation": _subject,
    "relation-all": _subjects,
    "odd": _odd,
    "holders": _holders,
}
