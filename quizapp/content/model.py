"""The fact model: what a deck file may contain, as frozen pydantic models.

One YAML file holds any of the sections of `DeckFile`; a deck is a folder of such files, and
exactly one of them carries the `deck:` header. The same classes give the editor's JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import DateFormatError, DateSpec, parse_date


def _date(value: Any) -> DateSpec:
    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise PydanticCustomError("date", str(exc)) from None


_DAY_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
DATE_JSON_SCHEMA: dict[str, Any] = {
    "description": "AAAA-MM-JJ, AAAA-MM, AAAA, « unknown », ou une plage {earliest, latest, label}",
    "anyOf": [
        _DAY_SCHEMA,
        {"type": "integer", "minimum": 1, "maximum": 9999},
        {"const": "unknown"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "earliest": {"anyOf": [_DAY_SCHEMA, {"type": "integer"}]},
                "latest": {"anyOf": [_DAY_SCHEMA, {"type": "integer"}]},
                "label": {"type": "string"},
            },
        },
    ],
}

When = Annotated[DateSpec, PlainValidator(_date), WithJsonSchema(DATE_JSON_SCHEMA)]
Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="identifiant stable : minuscules, chiffres et tirets",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Gender = Literal["m", "f"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class DeckMeta(Strict):
    """The deck header: exactly one file of a deck has it."""

    id: Id
    title: Text
    description: Text
    language: Literal["fr"] = "fr"
    as_of: When | None = Field(None, description="jour où la source a été écrite; une fonction sans fin connue dure jusque-là")


class Source(Strict):
    """A part of the source text (an episode, a chapter) that facts cite."""

    id: Id
    title: Text
    note: Text | None = None


ENTITY_KINDS = ("person", "organisation", "group", "product", "place", "object", "work")


class Entity(Strict):
    """A person, an organisation, a group of people, a product, a place, an object or a work.

    Wrong answers are drawn among entities of the same `kind` and, when the answer has one, the same
    `subkind`; `part_of` ties a group or a branch to what it belongs to (a board to its company), so
    that its members are never offered as wrong answers to « who said / who did » about it.
    """

    id: Id
    kind: Literal[ENTITY_KINDS]  # type: ignore[valid-type]
    subkind: Id | None = Field(
        None, description="sous-catégorie : company, fund, lab, government, media, staff, board… (fausses réponses de la même)"
    )
    name: Text
    aliases: list[Text] = Field([], max_length=20)
    gender: Gender | None = Field(None, description="genre grammatical pour les accords (m ou f ; masculin si absent)")
    plural: bool = Field(False, description="vrai pour un groupe nommé au pluriel (« les salariés »)")
    elide: bool | None = Field(None, description="forcer ou empêcher l'élision « d' » devant le nom")
    part_of: list[Id] = Field([], max_length=20, description="entités dont celle-ci fait partie (un conseil, son entreprise)")
    description: Text
    lint: dict[Id, Text] = Field({}, description="avertissements de `quizapp lint` acceptés, avec leur raison : {code: raison}")


class Title(Strict):
    m: Text
    f: Text
    neutral: Text | None = Field(
        None,
        description="la fonction sans genre, avec son article : « la direction générale » (pour demander qui l'occupait)",
    )
    neutral_at: Text | None = Field(
        None, description="la même avec sa préposition quand « à » ne convient pas : « sur le trône » (sinon « au trône »)"
    )


class Role(Strict):
    """A position in an organisation; `single_holder` roles have one holder at a time."""

    id: Id
    organisation: Id
    title: Title
    single_holder: bool = False
    with_organisation: bool = Field(True, description="ajouter « de <organisation> » au titre")


class Fact(Strict):
    """Fields every fact carries."""

    id: Id
    source: Id
    explanation: Text
    background: bool = Field(False, description="contexte seulement : aucune question ni fiche n'en est tirée")
    lint: dict[Id, Text] = Field({}, description="avertissements de `quizapp lint` acceptés, avec leur raison : {code: raison}")
    skip: list[Id] = Field([], max_length=20, description="variantes de question à ne pas poser pour ce fait (voir la doc)")


class Tenure(Fact):
    """Who held which role, from when to when (a left-out bound is outside the story)."""

    holder: Id
    role: Id
    since: When | None = None
    until: When | None = None
    interim: bool = False


SUCCESSION_TYPES = ("dismissal", "resignation", "interim", "return", "election", "appointment", "death", "end_of_term", "other")


class Succession(Fact):
    """Who replaced whom in a role, and when; `type` says how the outgoing holder left."""

    role: Id
    outgoing: Id
    incoming: Id
    date: When
    type: Literal[SUCCESSION_TYPES] | None = None  # type: ignore[valid-type]
    label: Text | None = Field(None, description="groupe nominal pour les chronologies : « l'arrivée d'Emmett Shear »")
    headline: Text | None = Field(None, description="le fait en titre, au présent : « Emmett Shear prend l'intérim »")
    because: list[Id] = Field([], max_length=20, description="les événements ou successions qui l'ont causée")
    led_to: list[Id] = Field([], max_length=20, description="les événements ou successions qu'elle a entraînés")


EVENT_TYPES = (
    "dismissal",
    "resignation",
    "appointment",
    "announcement",
    "agreement",
    "founding",
    "investment",
    "statement",
    "publication",
    "threat",
    "departure",
    "election",
    "death",
    "other",
)


class Event(Fact):
    """Something that happened. `label` is a noun phrase; `agent` + `action` say who did it."""

    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    label: Text = Field(description="groupe nominal : « le licenciement de Sam Altman »")
    headline: Text | None = Field(None, description="le fait en titre, au présent : « Sam Altman est licencié »")
    date: When | None = None
    agent: Id | None = None
    action: Text | None = Field(
        None, description="ce que l'agent a fait, au passé composé, sans le sujet : « a annoncé sa démission »"
    )
    actors: list[Id] = Field([], max_length=50, description="autres entités impliquées : jamais proposées comme fausses réponses")
    because: list[Id] = Field([], max_length=20, description="les événements ou successions qui l'ont causé")
    led_to: list[Id] = Field([], max_length=20, description="les événements ou successions qu'il a entraînés")
    place: Text | None = Field(None, description="où : « sur le réseau social X », « dans les locaux d'OpenAI »")
    manner: Text | None = Field(None, description="comment : « lors d'une visioconférence surprise »")
    manner_decoys: list[Text] = Field(
        [], max_length=8, description="des façons fausses mais plausibles de l'avoir fait, pour la question « Comment… ? »"
    )


class Quote(Fact):
    """Exact quoted words, their speaker and when they were said.

    A `fragment` (words cut out of a sentence, « préserver son équipe ») is asked as reported speech
    with its `lead` (« a dit vouloir »); a `full` sentence is quoted after « a déclaré ».
    """

    speaker: Id
    text: Text
    form: Literal["full", "fragment"] = "full"
    lead: Text | None = Field(None, description="pour un fragment : le verbe qui l'introduit, au passé composé, sans le sujet")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = Field("fr", description="langue d'origine (code ISO : fr, en…)")
    translated: bool = Field(False, description="vrai si le texte est une traduction (l'explication le dit)")
    date: When | None = None
    context: Text | None = None
    actors: list[Id] = Field([], max_length=50, description="entités dont parlent ces mots : jamais proposées comme auteur")
    blank: Text | None = Field(None, description="les mots à compléter, recopiés du texte (sinon choisis par quizapp)")
    decoys: list[Text] = Field([], max_length=8, description="des mots faux mais plausibles à la place de `blank`")


MAX_FIGURE = 1e15  # figures are counts and amounts a learner reads: bounded, finite, never negative


def _amount(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("amount", "un nombre est attendu")
    if not math.isfinite(value) or not 0 <= value <= MAX_FIGURE:
        raise PydanticCustomError("amount", "nombre hors limites : de 0 à 10^15")
    return value


Amount = Annotated[float | int, PlainValidator(_amount), WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_FIGURE})]


class Band(Strict):
    """The values a reader could believe: wrong answers are drawn inside it."""

    low: Amount
    high: Amount


class Figure(Fact):
    """An amount or a count; `qualifier` keeps « plus de 500 » from becoming « 500 ».

    `statement` says it with its subject (« OpenAI compte {value} »), `question` asks it (« Combien de
    salariés compte OpenAI ? »); without them the generator falls back on `label`.
    """

    label: Text = Field(description="groupe nominal : « le nombre de salariés d'OpenAI »")
    gender: Gender = "m"
    value: Amount
    unit: Text | None = None
    unit_one: Text | None = None
    qualifier: Literal["exact", "more_than", "less_than", "about"] = "exact"
    date: When | None = None
    subject: Id | None = Field(None, description="l'entité dont parle le chiffre")
    statement: Text | None = Field(None, description="phrase avec {value} : « OpenAI compte {value} »")
    question: Text | None = Field(None, description="la question : « Combien de salariés compte OpenAI ? »")
    band: Band | None = Field(None, description="valeurs plausibles {low, high} : les fausses réponses y sont prises")
    part_of: Id | None = Field(None, description="chiffre dont celui-ci est une partie (les signataires parmi les salariés)")


class Predicate(Strict):
    """A kind of relation, with the French sentences that speak of it.

    The statement agrees with its subject through `(e)`, `(s)` and `[m|f]` marks; an `affiliation`
    (membership, employment, ownership) ties subject and object for the wrong-answer rules.
    """

    id: Id
    statement: Text = Field(description="« {subject} compte parmi les fondateurs de {object} »")
    ask_subject: Text = Field(description="question dont un des sujets est la réponse, avec {object}")
    ask_all: Text | None = Field(None, description="la même question au pluriel, quand on demande tous les sujets")
    affiliation: bool = Field(False, description="le sujet appartient à l'objet, y travaille ou en fait partie")


class Relation(Fact):
    """Subjects related to an object by a predicate: Niel, Saadé, Schmidt -> soutient -> Kyutai."""

    predicate: Id
    subjects: list[Id] = Field(min_length=1, max_length=200)
    object: Id
    date: When | None = None
    exhaustive: bool = Field(
        True,
        description=(
            "faux si la source ne nomme pas tous les sujets : aucune autre entité n'est alors proposée comme fausse réponse"
        ),
    )


Tag = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]


class Authored(Strict):
    """Fields every hand-written question has. Its `id` is kept for good: answers are filed under it."""

    id: Id = Field(description="identifiant stable, unique dans tous les decks")
    explanation: Text | None = None
    source: Id | None = None
    tags: list[Tag] = []
    difficulty: Annotated[int, Field(ge=1, le=5)] | None = None
    facts: list[Id] = Field([], description="les faits dont parle la question")


class ChoiceQuestion(Authored):
    """Choix multiple : une ou plusieurs bonnes réponses parmi `choices`."""

    kind: Literal["choice"]
    prompt: Text
    choices: list[Text] = Field(min_length=2, max_length=8)
    answers: list[Text] = Field(min_length=1, description="les bonnes réponses, recopiées de `choices`")


class TrueFalseQuestion(Authored):
    kind: Literal["truefalse"]
    statement: Text
    answer: bool


class ShortQuestion(Authored):
    """Réponse courte à taper ; la casse, les accents et la ponctuation ne comptent pas."""

    kind: Literal["short"]
    prompt: Text
    answer: Text
    accepted: list[Text] = Field([], description="autres réponses acceptées")


class OrderQuestion(Authored):
    """Remettre dans l'ordre : `items` est écrit dans le bon ordre, le quiz les mélange."""

    kind: Literal["order"]
    prompt: Text
    items: list[Text] = Field(min_length=2, max_length=6)


class Pair(Strict):
    left: Text
    right: Text


class MatchQuestion(Authored):
    """Associer : chaque élément de gauche à son élément de droite."""

    kind: Literal["match"]
    prompt: Text
    pairs: list[Pair] = Field(min_length=2, max_length=8)


AuthoredQuestion = Annotated[
    ChoiceQuestion | TrueFalseQuestion | ShortQuestion | OrderQuestion | MatchQuestion,
    Field(discriminator="kind"),
]
QUESTION_KINDS: dict[str, type[Authored]] = {
    "choice": ChoiceQuestion,
    "truefalse": TrueFalseQuestion,
    "short": ShortQuestion,
    "order": OrderQuestion,
    "match": MatchQuestion,
}


class DeckFile(Strict):
    """One YAML file of a deck."""

    deck: DeckMeta | None = None
    sources: list[Source] = []
    entities: list[Entity] = []
    roles: list[Role] = []
    predicates: list[Predicate] = []
    tenures: list[Tenure] = []
    successions: list[Succession] = []
    events: list[Event] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    relations: list[Relation] = []
    questions: list[AuthoredQuestion] = []


# The sections, from the file model itself: every list of a file is a section of named items, and
# those whose items are facts are the fact sections (a new kind of fact needs no list to update).
NAMED_SECTIONS = tuple(name for name, field in DeckFile.model_fields.items() if typing.get_origin(field.annotation) is list)
FACT_SECTIONS = tuple(
    name
    for name in NAMED_SECTIONS
    if isinstance(item := typing.get_args(DeckFile.model_fields[name].annotation)[0], type) and issubclass(item, Fact)
)

AnyFact = Tenure | Succession | Event | Quote | Figure | Relation


class Deck(BaseModel):
    """A whole deck: the union of its files, checked and indexed by id."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    meta: DeckMeta
    as_of: dt.date
    sources: dict[str, Source]
    entities: dict[str, Entity]
    roles: dict[str, Role]
    predicates: dict[str, Predicate]
    tenures: list[Tenure]
    successions: list[Succession]
    events: list[Event]
    quotes: list[Quote]
    figures: list[Figure]
    relations: list[Relation]
    questions: list[ChoiceQuestion | TrueFalseQuestion | ShortQuestion | OrderQuestion | MatchQuestion] = []
    places: dict[str, str] = {}  # authored question id -> "file:line:col", for cross-deck messages
    item_places: dict[str, str] = {}  # entity and fact id -> "file:line:col", for the author's lint

    @property
    def id(self) -> str:
        return self.meta.id

    def facts(self) -> list[AnyFact]:
        """Every fact, section by section in file order."""
        return [fact for section in FACT_SECTIONS for fact in getattr(self, section)]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, for editors (made from the very models the loader uses)."""
    schema = DeckFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Fichier de deck quizapp"
    return schema
