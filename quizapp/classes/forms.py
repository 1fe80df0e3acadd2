from __future__ import annotations

from wtforms import BooleanField, DateField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from ..forms import Form
from ..quiz.forms import SettingsForm
from ..services.classes import CODE_LENGTH, MAX_NAME


class ClassForm(Form):
    name = StringField("Nom de la classe", validators=[InputRequired("Donnez un nom à la classe."), Length(max=MAX_NAME)])
    submit = SubmitField("Créer la classe")


class JoinForm(Form):
    code = StringField(
        f"Code de la classe ({CODE_LENGTH} caractères, donné par l'enseignant)",
        validators=[InputRequired("Tapez le code de la classe."), Length(max=4 * CODE_LENGTH, message="Ce code est trop long.")],
    )
    submit = SubmitField("Rejoindre")


class AssignmentForm(SettingsForm):
    """The quiz settings (the quiz form's own fields and choices) and a due date."""

    due = DateField("À faire pour le", validators=[InputRequired("Choisissez une date d'échéance.")])
    submit = SubmitField("Donner ce devoir")


class DeleteClassForm(Form):
    confirm = BooleanField(
        "Je comprends que la classe, la liste de ses élèves et ses devoirs seront supprimés définitivement.",
        validators=[DataRequired(message="Cochez la case pour confirmer la suppression.")],
    )
    submit = SubmitField("Supprimer la classe")
