"""Story forms. They render the fields and check the CSRF token; the values themselves are checked
by stories.writing.validate_story, the same function the API uses, so the rules live in one place."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from .choices import Channel, Ending, Kind, label

SATISFACTION_LABELS = {
    1: _l("1 — très déçu"),
    2: _l("2 — déçu"),
    3: _l("3 — mitigé"),
    4: _l("4 — satisfait"),
    5: _l("5 — enchanté"),
}


def _choices(values: type[Kind] | type[Ending] | type[Channel]) -> list[SelectChoice]:
    return [SelectChoice(value.value, label(value)) for value in values]


class StoryForm(FlaskForm):
    title = StringField(_l("Titre de votre histoire"))
    body = TextAreaField(_l("Votre histoire (Markdown)"))
    brands = StringField(_l("Marque(s) concernée(s)"))
    kind = RadioField(_l("Type d'histoire"), choices=_choices(Kind), validate_choice=False)
    satisfaction = RadioField(
        _l("Votre satisfaction"), choices=[SelectChoice(str(n), text) for n, text in SATISFACTION_LABELS.items()],
        validate_choice=False,
    )
    ending = RadioField(_l("Comment l'histoire s'est terminée"), choices=_choices(Ending), validate_choice=False)
    year = StringField(_l("Année (facultatif)"))
    channel = SelectField(
        _l("Canal (facultatif)"), choices=[SelectChoice("", _l("— Non précisé —")), *_choices(Channel)],
        validate_choice=False,
    )
    photo_file = FileField(_l("Joindre une photo (facultatif : PNG, JPEG, GIF ou WebP, 5 Mo au plus)"))
    photo = StringField(_l("… ou l'adresse d'une image déjà envoyée (facultatif)"))
    base_version = HiddenField()  # the version the edit started from (stories.writing merges from it)


class StoryFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter, bookmarkable

    brand = StringField(_l("Marque"), validators=[Optional()])
    kind = SelectField(_l("Type"), choices=[SelectChoice("", _l("Tous")), *_choices(Kind)], validators=[Optional()])
    ending = SelectField(_l("Fin de l'histoire"), choices=[SelectChoice("", _l("Toutes")), *_choices(Ending)], validators=[Optional()])
