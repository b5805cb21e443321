from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length


class UploadForm(FlaskForm):
    image = FileField(_l("Image (PNG, JPEG, GIF ou WebP, 5 Mo au plus)"), validators=[FileRequired(_l("Choisissez une image."))])
    alt = StringField(_l("Description de l'image (texte alternatif)"), validators=[Length(max=200)])
