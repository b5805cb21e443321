"""The queue's one form: tick stories (or use a row's own buttons), pick a reason, decide."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice

from ..core.inputs import database_int, parse_int
from .decisions import DEFAULT_REJECT_REASON, REASON_LABELS, Decision

SELECTED = "selected"  # the value of the bulk buttons; a row's buttons carry its story id


class QueueForm(FlaskForm):
    story_ids = SelectMultipleField(_l("Histoires choisies"), coerce=database_int, validate_choice=False)
    reason = SelectField(
        _l("Motif en cas de refus"),
        choices=[SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()],
        default=DEFAULT_REJECT_REASON.value,
    )

    def chosen(self, formdata: Mapping[str, str]) -> tuple[Decision, list[int]] | None:
        """Which button was pressed: (decision, story ids), or None when none was."""
        for decision in Decision:
            value = formdata.get(decision.value, "")
            if value == SELECTED:
                return decision, list(self.story_ids.data or [])
            story_id = parse_int(value, minimum=1)
            if story_id is not None:
                return decision, [story_id]
        return None
