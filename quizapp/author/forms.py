from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ..forms import Form


class UploadForm(Form):
    file = FileField("Fichier de deck (.yaml)", validators=[FileRequired("Choisissez un fichier.")])
    submit = SubmitField("Vérifier et déposer")
