"""What the generator produces: questions and flashcards, and how an answer is judged."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .french import normalize_answer

_ARTICLE = ("le ", "la ", "les ", "l ", "un ", "une ", "des ", "du ", "de ", "d ")


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_SCALE = {"milliard": 1e9, "milliards": 1e9, "million": 1e6, "millions": 1e6, "mille": 1e3}


def parse_number(text: str) -> float | None:
    """A number typed the French way (« 770 », « 2 500 », « 4,5 », « 65 % », « 13 milliards »), or None."""
    compact = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text.strip())
    match = _NUMBER.search(compact)
    if match is None or len(match[0]) > 20:
        return None
    value = float(match[0].replace(",", "."))
    after = compact[match.end() :].split()
    return value * _SCALE.get(after[0].lower(), 1) if after else value


def typed_form(text: str) -> str:
    """A typed answer as it is compared: case, accents, punctuation and a leading article folded
    (« les salariés », « Salariés » and « salaries » are one answer)."""
    folded = normalize_answer(text)
    for article in _ARTICLE:
        if folded.startswith(article) and len(folded) > len(article):
            return folded[len(article) :]
    return folded


Format = Literal["choice", "multi", "truefalse", "text", "order", "match"]

KINDS: dict[str, str] = {
    "replaced": "Qui a remplacé qui",
    "date": "Dates",
    "moment": "Ce jour-là",
    "placing": "Avant, après",
    "cause": "Causes et conséquences",
    "manner": "Comment",
    "completion": "Citations à compléter",
    "computed": "Calculs",
    "group": "Lesquels, l'intrus, associations",
    "quote": "Citations",
    "role": "Rôles",
    "figure": "Chiffres",
    "chronology": "Chronologie",
    "actor": "Qui a fait quoi",
    "truefalse": "Vrai ou faux",
    "authored": "Questions rédigées",
}
TRUE, FALSE = "Vrai", "Faux"

# The variants a fact may give, as a deck's `skip:` names them (« truefalse » stands for both
# « true » and « false »). A generated question's id is `<deck>:<fact>:<variant>`.
VARIANTS: dict[str, str] = {
    "holder": "qui occupait un poste à une date",
    "role": "quel poste une personne occupait",
    "successor": "qui a remplacé X",
    "predecessor": "qui X a remplacé",
    "date": "quand",
    "agent": "qui a fait ceci",
    "quote": "qui a dit cela",
    "figure": "quel chiffre",
    "subject": "qui (relation)",
    "moment": "que s'est-il passé ce jour-là",
    "completion": "compléter une citation",
    "placing": "ce qui a suivi, précédé, ou s'est passé entre deux événements",
    "cause": "ce qui a provoqué un événement",
    "consequence": "ce qu'un événement a entraîné",
    "manner": "comment cela s'est passé",
    "duration": "combien de temps sépare deux événements",
    "length": "combien de temps une personne a occupé un poste",
    "comparison": "le plus élevé de deux chiffres",
    "share": "la part d'un tout",
    "group": "lesquels (plusieurs réponses)",
    "odd": "l'intrus",
    "matching": "associer",
    "chronology": "remettre dans l'ordre",
    "true": "vrai ou faux (énoncé vrai)",
    "false": "vrai ou faux (énoncé faux)",
    "agent-true": "vrai ou faux sur l'auteur d'un événement daté (énoncé vrai)",
    "agent-false": "vrai ou faux sur l'auteur d'un événement daté (énoncé faux)",
    "truefalse": "vrai ou faux (tous)",
    "card": "la fiche",
    "card-reverse": "la fiche inverse",
}


def question_id(deck: str, fact: str, variant: str) -> str:
    """The one format of generated question and card ids."""
    return f"{deck}:{fact}:{variant}"


def card_id(deck: str, fact: str, variant: str = "card") -> str:
    """The id of a fact's flashcard (« card ») or of a sibling card (« card-reverse »)."""
    return question_id(deck, fact, variant)


@dataclass(frozen=True)
class Question:
    """One question as a learner sees it, with everything needed to judge and explain the answer.

    `basis` records the claim behind each choice in terms of the facts (entity, role and fact ids),
    so that tests can check every choice against the fact base without trusting the generator.
    """

    id: str
    deck: str
    kind: str
    format: Format
    prompt: str
    answer: str | tuple[str, ...]
    explanation: str
    source: str
    facts: tuple[str, ...]
    choices: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # for « match »: the left-hand items, in order
    tags: tuple[str, ...] = ()
    difficulty: int | None = None
    number: float | None = None  # a typed number: right within `tolerance` of this value
    tolerance: float | None = None
    basis: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def is_correct(self, response: str | Sequence[str]) -> bool:
        """Judge a learner's response: a choice, several, typed text (case/accent-insensitive), an order
        or, for « match », the right-hand item picked for each left-hand one."""
        if self.format in ("order", "match"):
            return not isinstance(response, str) and tuple(response) == self.answer
        if self.format == "multi":
            return not isinstance(response, str) and set(response) == set(self.answer) and len(set(response)) == len(response)
        if not isinstance(response, str):
            return False
        if self.format == "text" and self.number is not None:
            typed = parse_number(response)
            return typed is not None and abs(typed - self.number) <= (self.tolerance or 0) + 1e-9
        if self.format == "text" or (self.accepted and response not in self.choices):
            wanted = {typed_form(a) for a in (*self.accepted, str(self.answer))}
            return typed_form(response) in wanted
        return response == self.answer

    def to_dict(self) -> dict[str, Any]:
        """The JSON export form (see docs/export.md)."""
        return {
            "id": self.id,
            "deck": self.deck,
            "kind": self.kind,
            "format": self.format,
            "prompt": self.prompt,
            "choices": list(self.choices),
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "accepted": list(self.accepted),
            "items": list(self.items),
            "explanation": self.explanation,
            "source": self.source,
            "facts": list(self.facts),
            "tags": list(self.tags),
            "difficulty": self.difficulty,
            "number": self.number,
            "tolerance": self.tolerance,
        }


@dataclass(frozen=True)
class Card:
    """A flashcard: a front to recall from and a back to check against, for one fact."""

    id: str
    deck: str
    fact: str
    front: str
    back: str
    explanation: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "deck": self.deck,
            "kind": "flashcard",
            "format": "card",
            "prompt": self.front,
            "choices": [],
            "answer": self.back,
            "accepted": [],
            "items": [],
            "explanation": self.explanation,
            "source": self.source,
            "facts": [self.fact],
            "tags": [],
            "difficulty": None,
            "number": None,
            "tolerance": None,
        }


@dataclass(frozen=True)
class Bank:
    """Every question and card generated from one deck."""

    deck: str
    questions: tuple[Question, ...]
    cards: tuple[Card, ...]

    def by_kind(self, kinds: Sequence[str], tags: Sequence[str] = ()) -> list[Question]:
        """The questions of these kinds; with `tags`, only those carrying one of them."""
        wanted, of_kind = set(tags), set(kinds)
        if not wanted:
            return [q for q in self.questions if q.kind in of_kind]
        return [q for q in self.questions if q.kind in of_kind and wanted.intersection(q.tags)]


def question_from_dict(data: dict[str, Any]) -> Question:
    """Rebuild a question from its `to_dict` form (a stored snapshot), to judge an answer to it."""
    answer = data["answer"]
    return Question(
        id=data["id"],
        deck=data["deck"],
        kind=data["kind"],
        format=data["format"],
        prompt=data["prompt"],
        answer=tuple(answer) if isinstance(answer, list) else answer,
        explanation=data["explanation"],
        source=data["source"],
        facts=tuple(data["facts"]),
        choices=tuple(data["choices"]),
        accepted=tuple(data["accepted"]),
        items=tuple(data.get("items", ())),
        tags=tuple(data.get("tags", ())),
        difficulty=data.get("difficulty"),
        number=data.get("number"),
        tolerance=data.get("tolerance"),
    )
