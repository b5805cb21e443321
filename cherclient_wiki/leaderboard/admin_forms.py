from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..brands.names import MAX_NAME_LENGTH
from ..brands.sectors import SECTORS

REQUIRED = _l("Ce champ est obligatoire.")
MAX_REASON_LENGTH = 300


def _reason() -> StringField:
    return StringField(_l("Motif (facultatif, visible dans le journal)"), validators=[Length(max=MAX_REASON_LENGTH)])


class RenameBrandForm(FlaskForm):
    name = StringField(_l("Nouveau nom"), validators=[DataRequired(REQUIRED), Length(max=MAX_NAME_LENGTH)])
    reason = _reason()


class BrandDetailsForm(FlaskForm):
    sector = SelectField(_l("Secteur"), choices=[SelectChoice(value, label) for value, label in SECTORS.items()])
    aliases = TextAreaField(_l("Autres noms (un par ligne)"))
    reason = _reason()


class MergeBrandForm(FlaskForm):
    target = StringField(_l("Fusionner dans la marque"), validators=[DataRequired(REQUIRED), Length(max=MAX_NAME_LENGTH)])
    reason = _reason()
