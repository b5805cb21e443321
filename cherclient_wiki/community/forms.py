from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .reports import MAX_DETAILS_LENGTH, REASONS

REQUIRED = _l("Ce champ est obligatoire.")


class CommentForm(FlaskForm):
    """Its values are checked by community.schemas.CommentInput, as the API's are."""

    body = TextAreaField(_l("Votre commentaire (Markdown)"))
    # "" posts in one's own name; a brand id posts an official reply (choices set per story).
    brand_id = SelectField(_l("Publier"), choices=[], validate_choice=False, validators=[Optional()])
    next = HiddenField()


class ReportForm(FlaskForm):
    reason = RadioField(_l("Raison du signalement"), choices=[SelectChoice(key, label) for key, label in REASONS.items()], validators=[DataRequired(_l("Choisissez une raison."))])
    details = TextAreaField(_l("Précisions (facultatif)"), validators=[Length(max=MAX_DETAILS_LENGTH)])


class ReasonForm(FlaskForm):
    """Moderators' actions: an optional word for the audit log."""

    reason = StringField(_l("Motif (facultatif)"), validators=[Length(max=300)])


class RepresentativeForm(FlaskForm):
    username = StringField(_l("Nom d'utilisateur"), validators=[DataRequired(REQUIRED), Length(max=40)])
    brand = StringField(_l("Marque (nom ou adresse)"), validators=[DataRequired(REQUIRED), Length(max=120)])


class DomainForm(FlaskForm):
    domain = StringField(_l("Domaine à bloquer"), validators=[DataRequired(REQUIRED), Length(max=253)])
    reason = StringField(_l("Motif (facultatif)"), validators=[Length(max=300)])
