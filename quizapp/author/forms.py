from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from ..forms import Form

MAX_SEARCH = 200


class UploadForm(Form):
    file = FileField("Fichier de deck (.yaml)", validators=[FileRequired("Choisissez un fichier.")])
    submit = SubmitField("Vérifier et déposer")


class PreviewFilter(Form):
    """The preview's filter (a GET form: it changes nothing, so it carries no CSRF token)."""

    class Meta(Form.Meta):
        csrf = False

    kind = SelectField("Type", choices=[], default="", validate_choice=True)
    q = StringField("Rechercher", validators=[Optional(), Length(max=MAX_SEARCH, message=f"{MAX_SEARCH} caractères au plus.")])
