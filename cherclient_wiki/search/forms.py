from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField, ValidationError

from .synonyms import MAX_GROUPS, MAX_LINE, parse


class SynonymsForm(FlaskForm):
    synonyms = TextAreaField(_l("Groupes de synonymes"), render_kw={"rows": 18, "spellcheck": "false"})

    def validate_synonyms(self, field: TextAreaField) -> None:
        lines = parse(field.data or "")
        if len(lines) > MAX_GROUPS:
            raise ValidationError(_l("Au plus %(n)d groupes.", n=MAX_GROUPS))
        too_long = [line for line in lines if len(line) > MAX_LINE]
        if too_long:
            raise ValidationError(_l("Une ligne dépasse %(n)d caractères : « %(line)s… »", n=MAX_LINE, line=too_long[0][:40]))
