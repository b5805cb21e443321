from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectChoice
from wtforms.validators import DataRequired

from ..core.personal_data import Content

REQUIRED = _l("Ce champ est obligatoire.")


class EraseForm(FlaskForm):
    password = PasswordField(_l("Votre mot de passe"), validators=[DataRequired(REQUIRED)])
    content = RadioField(
        _l("Vos histoires, commentaires et images"),
        choices=[
            SelectChoice(Content.DELETE.value, _l("Les supprimer")),
            SelectChoice(Content.ANONYMISE.value, _l("Les laisser en ligne sous un nom neutre (« ancien membre n°… »)")),
        ],
        validators=[DataRequired(_l("Choisissez ce que deviennent vos contenus."))],
    )
