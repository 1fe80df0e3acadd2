from __future__ import annotations

from wtforms import HiddenField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from ..forms import Form


class RatingForm(Form):
    """The rating itself comes from the button pressed (name="rating", 1 to 4)."""

    version = HiddenField()


class SettingsForm(Form):
    new_per_day = IntegerField("Nouvelles fiches par jour", validators=[InputRequired(), NumberRange(min=0, max=500)])
    submit = SubmitField("Enregistrer")
