from __future__ import annotations

from wtforms import DateField, HiddenField, IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..forms import Form


class RatingForm(Form):
    """The rating itself comes from the button pressed (name="rating", 1 to 4)."""

    version = HiddenField()


class SettingsForm(Form):
    new_per_day = IntegerField("Nouvelles fiches par jour", validators=[InputRequired(), NumberRange(min=0, max=500)])
    submit = SubmitField("Enregistrer")


class StoryForm(Form):
    """Story mode for one deck's flashcards: after an episode, or up to a date, or the whole story."""

    episode = SelectField("Où en êtes-vous de l'histoire ?", choices=[], default="")
    until = DateField("… ou jusqu'à quelle date", validators=[Optional()])
    submit = SubmitField("Enregistrer")

    def validate_until(self, field: DateField) -> None:
        if field.data and self.episode.data:
            raise ValidationError("Choisissez un épisode ou une date, pas les deux.")

    def point(self) -> str:
        return str(self.until.data.isoformat()) if self.until.data else self.episode.data or ""
