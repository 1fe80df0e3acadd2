"""What the generator produces: questions and flashcards, and how an answer is judged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .french import normalize_answer

Format = Literal["choice", "multi", "truefalse", "text", "order", "match"]

KINDS: dict[str, str] = {
    "replaced": "Qui a remplacé qui",
    "date": "Dates",
    "moment": "Ce jour-là",
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
    "chronology": "remettre dans l'ordre",
    "true": "vrai ou faux (énoncé vrai)",
    "false": "vrai ou faux (énoncé faux)",
    "truefalse": "vrai ou faux (les deux)",
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
        if self.format == "text" or (self.accepted and response not in self.choices):
            wanted = {normalize_answer(a) for a in (*self.accepted, str(self.answer))}
            return normalize_answer(response) in wanted
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
        }


@dataclass(frozen=True)
class Bank:
    """Every question and card generated from one deck."""

    deck: str
    questions: tuple[Question, ...]
    cards: tuple[Card, ...]

    def by_kind(self, kinds: Sequence[str], tags: Sequence[str] = ()) -> list[Question]:
        """The questions of these kinds; with `tags`, only those carrying one of them."""
        wanted = set(tags)
        return [q for q in self.questions if q.kind in kinds and (not wanted or wanted.intersection(q.tags))]


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
    )
