from __future__ import annotations

from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form
from ..passwords import MAX_LENGTH, MIN_LENGTH
from ..times import names as zone_names


def new_password(label: str = "Mot de passe") -> PasswordField:
    """A new password's field: the one rule of registration and of a password change."""
    return PasswordField(label, validators=[DataRequired(), Length(MIN_LENGTH, MAX_LENGTH)])


def confirmation(label: str = "Confirmer le mot de passe") -> PasswordField:
    """The new password typed again (the form's `password` field)."""
    return PasswordField(label, validators=[DataRequired(), EqualTo("password", message="Les deux mots de passe diffèrent.")])


def current_password(label: str = "Mot de passe actuel") -> PasswordField:
    return PasswordField(label, validators=[DataRequired(), Length(max=MAX_LENGTH)])


class RegisterForm(Form):
    username = StringField("Identifiant", validators=[DataRequired(), Length(3, 40)])
    password = new_password()
    confirm = confirmation()
    submit = SubmitField("Créer mon compte")


class LoginForm(Form):
    username = StringField("Identifiant", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Mot de passe", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField("Se connecter")


class LogoutForm(Form):
    submit = SubmitField("Se déconnecter")


class PasswordForm(Form):
    current = current_password()
    password = new_password("Nouveau mot de passe")
    confirm = confirmation("Confirmer le nouveau mot de passe")
    submit = SubmitField("Changer le mot de passe")


class DeleteForm(Form):
    current = current_password("Mot de passe")
    confirm = BooleanField(
        "Je comprends que mon compte et toutes mes données (quiz, réponses, fiches) seront effacés définitivement.",
        validators=[DataRequired(message="Cochez la case pour confirmer la suppression.")],
    )
    submit = SubmitField("Supprimer mon compte")


class TimeZoneForm(Form):
    time_zone = SelectField("Fuseau horaire", choices=lambda: [(name, name.replace("_", " ")) for name in zone_names()])
    submit = SubmitField("Enregistrer le fuseau")
