"""An independent reader of generated banks: the faults a French teacher strikes, as checks.

It shares no code with the generator (its own regular expressions, its own folding), so a rule the
generator forgets shows up here. `audit` returns one line per fault: « id: what ».
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from quizapp.content import Bank, Deck, Question
from quizapp.content.model import Event, Quote, Succession

NBSP, NNBSP = "\u00a0", "\u202f"
MAX_TRUE_FALSE = 0.25

_PLAIN_SPACE_BEFORE = re.compile(r" (?=[?!:;»])")
_PLAIN_SPACE_AFTER = re.compile(r"« ")
_GLUED = re.compile(r"(?<=[\w»)])[?!;]|(?<=[A-Za-zÀ-ÿ»)]):(?!//)")
_NO_SPACE_IN_GUILLEMETS = re.compile(r"«(?![\u00a0])|(?<![\u00a0])»")
_DOUBLED = (
    re.compile(r"[.!?…][\u00a0 ]?»[\u00a0\u202f ]*\."),  # « … fin. ». (sentence closed twice)
    re.compile(r"\.[\u00a0 ]?»[\u00a0\u202f ]*[?!]"),  # « … fin. » ? (the quote's period before a question mark)
    re.compile(r"(?<![.…])\.\.(?!\.)"),  # ..
    re.compile(r"[?!][\u00a0\u202f ]*\."),  # ?.
    re.compile(r"[?][\u00a0\u202f ]*[?]"),  # ? ?
)
_NO_CONTRACTION = re.compile(r"\b(?:de|à) (?:le|les) \w", re.I)
_QUOTED = re.compile(r"«[^»]*»")
_NO_ELISION = re.compile(
    r"\b(?:de|que|le|la|ne|se|je|jusque|lorsque) (?P<word>[aeiouéèêëàâîïôûœ]\w*|y[^aeiouéèêàâîôû\W]\w*)", re.I
)
_ELISION_EXCEPTIONS = ("onze", "oui", "ouate", "ouistiti", "uhlan")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.sub(r"\W+", " ", "".join(c for c in text if not unicodedata.combining(c))).split())


def texts(q: Question) -> Iterator[str]:
    yield q.prompt
    yield q.explanation
    yield from q.choices
    yield from q.items
    yield from (q.answer if isinstance(q.answer, tuple) else (q.answer,))


def wording_faults(text: str) -> list[str]:
    """Typography, punctuation, contraction and elision faults of one text."""
    faults = []
    if _PLAIN_SPACE_BEFORE.search(text) or _PLAIN_SPACE_AFTER.search(text):
        faults.append("espace ordinaire autour de la ponctuation")
    if _GLUED.search(text):
        faults.append("ponctuation haute collée")
    if _NO_SPACE_IN_GUILLEMETS.search(text):
        faults.append("guillemets sans espace insécable")
    if any(p.search(text) for p in _DOUBLED):
        faults.append("ponctuation finale doublée")
    if _NO_CONTRACTION.search(text):
        faults.append("contraction manquante (de le, à les…)")
    outside = _QUOTED.sub("«»", text)
    for m in _NO_ELISION.finditer(outside):
        if not m["word"].lower().startswith(_ELISION_EXCEPTIONS):
            faults.append(f"élision manquante : « {m[0]} »")
    return faults


def _qualifier(choice: str) -> str:
    for prefix in ("plus de ", "moins de ", "entre ", "environ "):
        if choice.lower().startswith(prefix):
            return prefix.strip()
    return ""


def audit(bank: Bank) -> list[str]:
    """Every fault of a bank, as « id: what »."""
    faults: list[str] = []
    for q in bank.questions:
        for text in texts(q):
            faults += [f"{q.id}: {f} — {text!r}" for f in wording_faults(text)]
        if q.kind == "authored":
            continue
        answers = set(q.answer) if isinstance(q.answer, tuple) else {q.answer}
        if q.format in ("choice", "multi"):
            for choice in q.choices:
                if choice not in answers and fold(choice) and f" {fold(choice)} " in f" {fold(q.prompt)} ":
                    faults.append(f"{q.id}: fausse réponse citée dans la question ({choice})")
            if q.format == "choice" and f" {fold(q.answer)} " in f" {fold(q.prompt)} ":  # type: ignore[arg-type]
                faults.append(f"{q.id}: la réponse est dans la question")
        if q.kind == "figure" and q.format == "choice":
            kinds = {_qualifier(c) for c in q.choices}
            brackets = kinds <= {"plus de", "moins de", "entre"}
            if len(kinds) > 1 and not brackets:
                faults.append(f"{q.id}: qualificatif sur une partie des choix seulement ({kinds})")
    for card in bank.cards:
        for text in (card.front, card.back, card.explanation):
            faults += [f"{card.id}: {f} — {text!r}" for f in wording_faults(text)]
    faults += mix_faults(bank.questions)
    return faults


def mix_faults(questions: Iterable[Question]) -> list[str]:
    """The bank as a whole: true/false share, date answers, repeated prompts."""
    questions = list(questions)
    faults = []
    true_false = sum(1 for q in questions if q.format == "truefalse")
    if questions and true_false / len(questions) > MAX_TRUE_FALSE:
        faults.append(f"vrai/faux : {true_false}/{len(questions)} (plus de 25 %)")
    dates = Counter(q.answer for q in questions if q.kind == "date")
    faults += [f"{n} questions de date ont la réponse « {a} »" for a, n in dates.items() if n > 2]
    prompts = Counter(fold(q.prompt) for q in questions if q.format != "order")
    faults += [f"question répétée : « {p} » ×{n}" for p, n in prompts.items() if n > 1]
    return faults


# --- does the explanation state the answer? ----------------------------------------------------
_ARTICLES = ("les ", "le ", "la ", "l ")


def _says(text: str, form: str) -> bool:
    folded, wanted = fold(text), fold(form)
    for article in _ARTICLES:  # « des salariés d'OpenAI » states « Les salariés d'OpenAI »
        if wanted.startswith(article) and len(wanted) > len(article):
            wanted = wanted[len(article) :]
    return bool(wanted) and f" {wanted} " in f" {folded} "


def _forms(deck: Deck, answer: str, meant: object) -> list[str]:
    """The answer as shown, the names of the entity it stands for, the label or headline of the fact."""
    forms = [answer]
    day = re.fullmatch(r"((?:1er|\d{1,2}) \S+) \d{4}", answer)
    if day:  # « le mardi 21 novembre » states « 21 novembre 2023 »: the story's year is the reader's
        forms.append(day.group(1))
    if isinstance(meant, str) and meant in deck.entities:
        e = deck.entities[meant]
        forms += [e.name, *e.aliases]
    facts = {f.id: f for f in [*deck.events, *deck.successions]}
    if isinstance(meant, str) and meant in facts:
        f = facts[meant]
        forms += [x for x in (f.label, f.headline) if x]
        if isinstance(f, Succession):
            forms.append(deck.entities[f.incoming].name)
    return forms


def _true_side(deck: Deck, q: Question) -> list[str]:
    """What a false statement's explanation must say instead: the true date, the true doer."""
    basis, facts = q.basis, {f.id: f for f in deck.facts()}
    fact = facts.get(basis.get("fact") or q.facts[0])
    check = basis.get("check")
    if check == "date" and fact is not None and getattr(fact, "date", None) is not None:
        return [fact.date.text()]
    if check == "agent" and isinstance(fact, Event) and fact.agent:
        return [deck.entities[fact.agent].name]
    if check == "successor" and isinstance(fact, Succession):
        return [deck.entities[fact.incoming].name]
    if check == "speaker" and isinstance(fact, Quote):
        return [deck.entities[fact.speaker].name]
    return []


def unexplained(deck: Deck, q: Question) -> str | None:
    """Why the explanation of a generated question does not state its answer, or None."""
    text = q.explanation
    if q.format == "truefalse":
        if not fold(text).startswith(fold(str(q.answer))):
            return "le vrai/faux ne dit pas son verdict"
        missing = [x for x in _true_side(deck, q) if not _says(text, x)] if q.basis.get("truth") is False else []
        return f"le faux ne dit pas ce qui est vrai ({missing})" if missing else None
    if q.format == "match":
        at = 0
        for left, right in zip(q.items, q.answer, strict=True):
            start = f" {fold(text)} ".find(f" {fold(left)} ", at)
            at = f" {fold(text)} ".find(f" {fold(right)} ", max(start, 0))
            if start < 0 or at < 0:
                return f"la paire « {left} » — « {right} » n'est pas donnée"
        return None
    answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    for i, answer in enumerate(answers):
        if q.format == "order":
            facts = q.basis.get("facts", [])
            meant = facts[i] if i < len(facts) else None
        else:
            meant = q.basis.get("options", {}).get(answer, q.basis.get("correct"))
        if not any(_says(text, form) for form in _forms(deck, answer, meant)):
            return f"la réponse « {answer} » n'est pas dans l'explication"
    return None


def explanation_faults(deck: Deck, bank: Bank) -> list[str]:
    """Every generated question whose explanation does not state its answer, as « id: why »."""
    return [f"{q.id}: {why}" for q in bank.questions if q.kind != "authored" and (why := unexplained(deck, q))]
