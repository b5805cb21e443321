"""Suggestion forms: they render the fields and check the CSRF token; the values are checked by
suggestions.schemas, the same models the API uses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .models import Progress

STATUS_LABELS = {
    Progress.RECEIVED: _l("Reçue"),
    Progress.STUDYING: _l("À l'étude"),
    Progress.ACCEPTED: _l("Acceptée"),
    Progress.DONE: _l("Réalisée"),
    Progress.DECLINED: _l("Déclinée"),
}


class SuggestionForm(FlaskForm):
    brand = StringField(_l("Marque"))
    title = StringField(_l("Votre suggestion en une phrase"))
    body = TextAreaField(_l("Expliquez-la (Markdown)"))
    photo = FileField(_l("Photo (facultatif : PNG, JPEG, GIF ou WebP, 5 Mo au plus)"))


class StatusForm(FlaskForm):
    status = RadioField(_l("Nouveau statut"), validate_choice=False,
                        choices=[SelectChoice(p.value, STATUS_LABELS[p]) for p in Progress if p is not Progress.RECEIVED])
    message = TextAreaField(_l("Message public de la marque (obligatoire pour décliner)"))


class SuggestionFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter, bookmarkable

    brand = StringField(_l("Marque"))
    status = RadioField(_l("Statut"), validate_choice=False,
                        choices=[SelectChoice("", _l("Tous")), *(SelectChoice(p.value, STATUS_LABELS[p]) for p in Progress)])
