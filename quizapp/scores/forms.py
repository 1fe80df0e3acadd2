from __future__ import annotations

from wtforms import SelectChoice, SelectField, SubmitField  # type: ignore[attr-defined]  # SelectChoice: not in the stubs yet
from wtforms.validators import InputRequired

from ..forms import Form
from ..roles import Role


class RoleForm(Form):
    role = SelectField("Rôle", choices=[SelectChoice(role.value, role.label) for role in Role], validators=[InputRequired()])
    submit = SubmitField("Changer le rôle")
