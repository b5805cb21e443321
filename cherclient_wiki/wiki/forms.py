from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from .revisions import CHANGE_KINDS, KIND_LABELS

REQUIRED = _l("Ce champ est obligatoire.")


# The editing forms render the fields and check the CSRF token; their values are checked by the
# same schemas as the API's (wiki.schemas), so the rules live in one place.


class EditForm(FlaskForm):
    title = StringField(_l("Titre"))
    source = TextAreaField(_l("Texte de la page (Markdown)"))
    summary = StringField(_l("Résumé de la modification"))
    base_revision = HiddenField()
    preview = SubmitField(_l("Prévisualiser"))
    save = SubmitField(_l("Enregistrer"))


class RenameForm(FlaskForm):
    title = StringField(_l("Nouveau titre"))
    summary = StringField(_l("Motif (facultatif)"))


class RevertForm(FlaskForm):
    revision = HiddenField()


class RecentFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter, bookmarkable

    user = StringField(_l("Contributeur"), validators=[Optional(), Length(max=40)])
    type = SelectField(
        _l("Type"),
        choices=[SelectChoice("", _l("Tous")), *(SelectChoice(kind, KIND_LABELS[kind]) for kind in CHANGE_KINDS)],
        validators=[Optional()],
    )
