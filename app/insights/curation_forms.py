"""The curation page's forms. Many of them sit on one page (one per theme, group or flag), so each
has a prefix of its own: ids stay unique and the one sent back with errors is shown as typed."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms_util import Form
from app.inputs import MAX_ID

from .curation import MandateChoices

LEVEL_LABELS = {
    "municipal": _l("Municipal (the city's own mandate)"),
    "shared": _l("Shared (the city and another level)"),
    "regional": _l("Regional (outside the city's mandate)"),
    "national": _l("National (outside the city's mandate)"),
    "undetermined": _l("Undetermined"),
}
NO_AUTHORITY = ("", _l("No authority named"))


class RenameForm(Form):
    name = StringField(_l("Name of the theme"), validators=[Optional(), Length(max=200)],
                       description=_l("Leave it empty to show the computed label again."))


class MergeForm(Form):
    """Sources are the themes ticked on the page; the target is chosen from every active theme."""
    sources = SelectMultipleField(_l("Themes to merge"), coerce=int,
                                  validators=[DataRequired(_l("Tick at least one theme to merge."))])
    target = SelectField(_l("Merge the ticked themes into"), coerce=int,
                         validators=[InputRequired(_l("Choose the theme that receives them."))])

    def offer(self, themes: list[tuple[int, str]]) -> "MergeForm":
        self.sources.choices = themes
        self.target.choices = themes
        return self


class SplitForm(Form):
    proposal_ids = SelectMultipleField(_l("Proposals for the new theme"), coerce=int, validate_choice=False,
                                       validators=[DataRequired(_l("Tick the proposals that form the new theme."))])
    name = StringField(_l("Name of the new theme"), validators=[DataRequired(), Length(max=200)])


class MoveForm(Form):
    proposal_id = IntegerField(_l("Number of the proposal to move into this theme"),
                               validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)],
                               description=_l("The number at the end of the proposal's address."))


class DuplicateForm(Form):
    canonical_id = RadioField(_l("The proposal that stands for the group"), coerce=int, validate_choice=False,
                              validators=[Optional()])


class OverrideForm(Form):
    level = SelectField(_l("Level"), validators=[DataRequired()])
    category = SelectField(_l("Category"), validators=[DataRequired()])
    authority = SelectField(_l("Competent authority"), validators=[Optional()])

    def offer(self, choices: MandateChoices, found: str = "") -> "OverrideForm":
        """The competence map's values, plus the authority the engine named if the map lacks it."""
        self.level.choices = [(level, LEVEL_LABELS[level]) for level in choices.levels]
        self.category.choices = sorted(choices.categories.items(), key=lambda item: str(item[1]))
        authorities = choices.authorities + ([found] if found and found not in choices.authorities else [])
        self.authority.choices = [NO_AUTHORITY, *((a, a) for a in authorities)]
        return self
