from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .roles import SELF_DECLARED, Role

REQUIRED = _l("Ce champ est obligatoire.")


class RegisterForm(FlaskForm):
    username = StringField(_l("Nom d'utilisateur"), validators=[DataRequired(REQUIRED), Length(max=40)])
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Les deux mots de passe diffèrent."))],
    )
    role = RadioField(
        _l("Vous êtes"),
        choices=[SelectChoice(role.value, role.label) for role in SELF_DECLARED],
        default=Role.CUSTOMER.value,
    )


class LoginForm(FlaskForm):
    login = StringField(_l("Nom d'utilisateur ou e-mail"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED)])
    remember = BooleanField(_l("Rester connecté"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(_l("Nouveau mot de passe"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[DataRequired(REQUIRED), EqualTo("new_password", _l("Les deux mots de passe diffèrent."))],
    )
    revoke_tokens = BooleanField(_l("Révoquer aussi tous mes jetons d'API"))


class TokenForm(FlaskForm):
    name = StringField(_l("Nom du jeton"), validators=[DataRequired(REQUIRED), Length(max=80)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Rôle"), choices=[SelectChoice(role.value, role.label) for role in Role])
