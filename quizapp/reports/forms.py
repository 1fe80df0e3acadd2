from __future__ import annotations

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..forms import Form
from ..services.reports import MAX_MESSAGE


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ReportForm(Form):
    """« Signaler une erreur »: the learner's words, and the page to come back to."""

    message = TextAreaField(
        "Qu'est-ce qui ne va pas ?",
        filters=[_strip],
        validators=[
            InputRequired("Décrivez l'erreur en quelques mots."),
            Length(max=MAX_MESSAGE, message=f"Votre message dépasse {MAX_MESSAGE} caractères."),
        ],
    )
    next = HiddenField()
    submit = SubmitField("Envoyer le signalement")
