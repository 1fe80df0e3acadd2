"""Quiz forms. They shape what the learner sent; whether it is right is for the content core."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from wtforms import (  # type: ignore[attr-defined]  # SelectChoice: WTForms 3.2's, not in its stubs yet
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..content import KINDS, Deck
from ..content.story import episodes
from ..forms import Form
from ..services.quizzes import COUNTS, Settings


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(Form):
    deck = SelectField("Deck", validators=[InputRequired()])
    count = RadioField(
        "Nombre de questions", choices=[SelectChoice(str(n)) for n in COUNTS], default="10", validators=[InputRequired()]
    )
    kinds = MultiCheckboxField(
        "Types de questions", choices=[SelectChoice(kind, label) for kind, label in KINDS.items()], default=list(KINDS)
    )
    tags = MultiCheckboxField("Étiquettes (questions rédigées ; aucune = toutes)", choices=[])
    mode = RadioField(
        "Mode",
        choices=[
            SelectChoice("practice", "Entraînement : la correction après chaque question"),
            SelectChoice("exam", "Examen : la correction à la fin"),
        ],
        default="practice",
        validators=[InputRequired()],
    )
    typed = BooleanField("Taper les noms au lieu de les choisir, quand c'est possible")
    episode = SelectField("Où en êtes-vous de l'histoire ?", choices=[], default="")
    until = DateField("… ou jusqu'à quelle date (rien après)", validators=[Optional()])
    submit = SubmitField("Commencer")

    def validate_kinds(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Choisissez au moins un type de questions.")

    def validate_episode(self, field: SelectField) -> None:
        deck, _, _episode = (field.data or "").partition("/")
        if field.data and deck != self.deck.data:
            raise ValidationError("Cet épisode est celui d'un autre deck que celui choisi.")
        if field.data and self.until.data:
            raise ValidationError("Choisissez un épisode ou une date, pas les deux.")

    def point(self) -> str:
        """The story point chosen: an episode's id, a date (« 2023-11-19 »), or empty (the whole story)."""
        if self.until.data:
            return str(self.until.data.isoformat())
        return (self.episode.data or "").partition("/")[2]

    def offer(self, decks: Iterable[Deck]) -> None:
        """The choices that depend on the decks served: deck, episodes, tags."""
        decks = list(decks)
        self.deck.choices = [SelectChoice(deck.id, deck.meta.title) for deck in decks]
        self.episode.choices = [SelectChoice("", "Toute l'histoire")] + [
            SelectChoice(f"{deck.id}/{source_id}", f"{deck.meta.title} : jusqu'à « {title} »")
            for deck in decks
            for source_id, title in episodes(deck)
        ]
        self.tags.choices = _tag_choices(decks)

    def settings(self) -> Settings:
        """The quiz settings the (validated) form asks for."""
        return Settings(
            deck=self.deck.data,
            count=int(self.count.data),
            kinds=tuple(self.kinds.data or ()),
            mode=self.mode.data,
            typed=bool(self.typed.data),
            tags=tuple(self.tags.data or ()),
            point=self.point(),
        )


class ActionForm(Form):
    """A bare form (CSRF token and a button) for POST-only actions such as « rejouer »."""

    submit = SubmitField("Valider")


class _Answer(Form):
    class Meta(Form.Meta):
        # The app-wide CSRFProtect checks the token of every POST before any view runs, and the
        # question page writes the token itself: a second check here would only cost time.
        csrf = False

    shown = HiddenField()
    submit = SubmitField("Valider ma réponse")

    def bind(self, snapshot: dict[str, Any]) -> None:
        """Fill in what depends on the question (choices, labels) after construction."""
        self.snapshot = snapshot


class ChoiceAnswer(_Answer):
    choice = RadioField("Votre réponse", choices=[], validators=[InputRequired("Choisissez une réponse.")])

    def bind(self, snapshot: dict[str, Any]) -> None:
        super().bind(snapshot)
        self.choice.choices = [SelectChoice(str(i), text) for i, text in enumerate(snapshot["choices"])]

    def response(self) -> str:
        return str(self.snapshot["choices"][int(self.choice.data)])


class MultiAnswer(_Answer):
    choice = MultiCheckboxField("Vos réponses", choices=[], validators=[InputRequired("Cochez au moins une réponse.")])

    def bind(self, snapshot: dict[str, Any]) -> None:
        super().bind(snapshot)
        self.choice.choices = [SelectChoice(str(i), text) for i, text in enumerate(snapshot["choices"])]

    def response(self) -> list[str]:
        return [str(self.snapshot["choices"][int(i)]) for i in self.choice.data or ()]


class TextAnswer(_Answer):
    text = StringField("Votre réponse", validators=[InputRequired("Tapez une réponse."), Length(max=200)])

    def response(self) -> str:
        return str(self.text.data).strip()


class _OrderAnswer(_Answer):
    size = 0

    def bind(self, snapshot: dict[str, Any]) -> None:
        super().bind(snapshot)
        for i, item in enumerate(snapshot["choices"]):
            getattr(self, f"rank_{i}").label.text = item

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        ranks = [getattr(self, f"rank_{i}").data for i in range(self.size)]
        if len(set(ranks)) != len(ranks):
            self.form_errors.append("Donnez à chaque événement une place différente.")
            return False
        return True

    def response(self) -> list[str]:
        ranks = [(int(getattr(self, f"rank_{i}").data), item) for i, item in enumerate(self.snapshot["choices"])]
        return [item for _, item in sorted(ranks)]


class _MatchAnswer(_Answer):
    size = 0

    def bind(self, snapshot: dict[str, Any]) -> None:
        super().bind(snapshot)
        choices = [SelectChoice("", "—"), *(SelectChoice(str(i), text) for i, text in enumerate(snapshot["choices"]))]
        for i, left in enumerate(snapshot["items"]):
            field = getattr(self, f"pair_{i}")
            field.label.text, field.choices = left, choices

    def response(self) -> list[str]:
        return [str(self.snapshot["choices"][int(getattr(self, f"pair_{i}").data)]) for i in range(self.size)]


@functools.cache
def match_answer(size: int) -> type[_MatchAnswer]:
    """The matching form for `size` pairs: one select of right-hand items per left-hand item."""
    fields: dict[str, Any] = {
        f"pair_{i}": SelectField("", choices=[], validators=[InputRequired("Associez chaque élément.")]) for i in range(size)
    }
    return type(f"MatchAnswer{size}", (_MatchAnswer,), {"size": size, **fields})


@functools.cache
def order_answer(size: int) -> type[_OrderAnswer]:
    """The ordering form for `size` items: one « place » select per item (no JavaScript needed)."""
    positions = [SelectChoice(str(n)) for n in range(1, size + 1)]
    fields: dict[str, Any] = {
        f"rank_{i}": SelectField("", choices=positions, default=str(i + 1), validators=[InputRequired()]) for i in range(size)
    }
    return type(f"OrderAnswer{size}", (_OrderAnswer,), {"size": size, **fields})


def answer_form(snapshot: dict[str, Any]) -> _Answer:
    """The form for one question, shaped by its format (choices, typed text, or an order)."""
    fmt = snapshot["format"]
    if fmt in ("choice", "truefalse"):
        form: _Answer = ChoiceAnswer()
    elif fmt == "multi":
        form = MultiAnswer()
    elif fmt == "text":
        form = TextAnswer()
    elif fmt == "match":
        form = match_answer(len(snapshot["items"]))()
    else:
        form = order_answer(len(snapshot["choices"]))()
    form.bind(snapshot)
    return form


def _tag_choices(decks: list[Deck]) -> list[SelectChoice]:
    """The hand-written questions' tags; beside each, its deck's title when several decks have tags."""
    titles: dict[str, list[str]] = {}
    for deck in decks:
        for tag in sorted({t for q in deck.questions for t in q.tags}):
            titles.setdefault(tag, []).append(deck.meta.title)
    several = len({title for found in titles.values() for title in found}) > 1
    return [SelectChoice(tag, f"{tag} ({', '.join(found)})" if several else tag) for tag, found in sorted(titles.items())]
