from __future__ import annotations

from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form
from ..passwords import MAX_LENGTH, MIN_LENGTH


class RegisterForm(Form):
    username = StringField("Identifiant", validators=[DataRequired(), Length(3, 40)])
    password = PasswordField("Mot de passe", validators=[DataRequired(), Length(MIN_LENGTH, MAX_LENGTH)])
    confirm = PasswordField(
        "Confirmer le mot de passe",
        validators=[DataRequired(), EqualTo("password", message="Les deux mots de passe diffèrent.")],
    )
    submit = SubmitField("Créer mon compte")


class LoginForm(Form):
    username = StringField("Identifiant", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Mot de passe", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    submit = SubmitField("Se connecter")


class LogoutForm(Form):
    submit = SubmitField("Se déconnecter")
