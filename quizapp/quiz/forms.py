"""Quiz forms. They shape what the learner sent; whether it is right is for the content core."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..content import KINDS
from ..forms import Form
from ..services.quizzes import COUNTS


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
    submit = SubmitField("Commencer")

    def validate_kinds(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError("Choisissez au moins un type de questions.")


class ActionForm(Form):
    """A bare form (CSRF token and a button) for POST-only actions such as « rejouer »."""

    submit = SubmitField("Valider")


def answer_form(snapshot: dict[str, Any], formdata: Any = None) -> Form:
    """The form for one question, shaped by its format (choices, typed text, or an order)."""

    class AnswerForm(Form):
        shown = HiddenField()
        submit = SubmitField("Valider ma réponse")

        def validate(self, extra_validators: Any = None) -> bool:
            if not super().validate(extra_validators):
                return False
            if snapshot["format"] == "order":
                ranks = [getattr(self, f"rank_{i}").data for i in range(len(snapshot["choices"]))]
                if len(set(ranks)) != len(ranks):
                    self.form_errors.append("Donnez à chaque événement une place différente.")
                    return False
            return True

        def response(self) -> str | list[str]:
            fmt = snapshot["format"]
            if fmt in ("choice", "truefalse"):
                return snapshot["choices"][int(self.choice.data)]
            if fmt == "text":
                return str(self.text.data).strip()
            ranks = [(int(getattr(self, f"rank_{i}").data), item) for i, item in enumerate(snapshot["choices"])]
            return [item for _, item in sorted(ranks)]

    fmt, choices = snapshot["format"], snapshot["choices"]
    if fmt in ("choice", "truefalse"):
        AnswerForm.choice = RadioField(
            "Votre réponse",
            choices=[SelectChoice(str(i), text) for i, text in enumerate(choices)],
            validators=[InputRequired("Choisissez une réponse.")],
        )
    elif fmt == "text":
        AnswerForm.text = StringField("Votre réponse", validators=[InputRequired("Tapez une réponse."), Length(max=200)])
    else:
        positions = [SelectChoice(str(n)) for n in range(1, len(choices) + 1)]
        for i, item in enumerate(choices):
            setattr(AnswerForm, f"rank_{i}", SelectField(item, choices=positions, validators=[InputRequired()]))
    return AnswerForm(formdata=formdata) if formdata is not None else AnswerForm()
