from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.inputs import DB_INT_MAX
from .pages import MAX_SOURCE_LENGTH, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH
from .revisions import CHANGE_KINDS, KIND_LABELS

REQUIRED = _l("Ce champ est obligatoire.")


class EditForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[Optional(), Length(max=MAX_TITLE_LENGTH)])
    source = TextAreaField(
        _l("Texte de la page (Markdown)"), validators=[DataRequired(REQUIRED), Length(max=MAX_SOURCE_LENGTH)]
    )
    summary = StringField(_l("Résumé de la modification"), validators=[Length(max=MAX_SUMMARY_LENGTH)])
    base_revision = IntegerField(
        widget=HiddenField.widget, validators=[InputRequired(), NumberRange(min=0, max=DB_INT_MAX)]
    )
    preview = SubmitField(_l("Prévisualiser"))
    save = SubmitField(_l("Enregistrer"))


class RenameForm(FlaskForm):
    title = StringField(_l("Nouveau titre"), validators=[DataRequired(REQUIRED), Length(max=MAX_TITLE_LENGTH)])
    summary = StringField(_l("Motif (facultatif)"), validators=[Length(max=MAX_SUMMARY_LENGTH)])


class RevertForm(FlaskForm):
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(min=1, max=DB_INT_MAX)])


class RecentFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter, bookmarkable

    user = StringField(_l("Contributeur"), validators=[Optional(), Length(max=40)])
    type = SelectField(
        _l("Type"),
        choices=[SelectChoice("", _l("Tous")), *(SelectChoice(kind, KIND_LABELS[kind]) for kind in CHANGE_KINDS)],
        validators=[Optional()],
    )
