"""Organisation profile and joining forms."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms_util import Form, ListField

from .labels import SIZE_BAND_LABELS, TYPE_LABELS


class OrganisationForm(Form):
    council = SelectField(_l("Council"), coerce=int)
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter the organisation's name.")), Length(max=160, message=_l("At most 160 characters."))])
    type = SelectField(_l("Type"), choices=lambda: [(k, str(v)) for k, v in TYPE_LABELS.items()],
                       validators=[InputRequired(_l("Choose a type."))])
    description = TextAreaField(_l("What the organisation does"), validators=[Length(max=4000)])
    communities_served = ListField(_l("Communities served"), description=_l("Separate them with commas."))
    languages_served = ListField(_l("Languages spoken with the people you serve"),
                                 description=_l("Separate them with commas."))
    neighbourhoods = ListField(_l("Neighbourhoods where you work"), description=_l("Separate them with commas."))
    membership_band = SelectField(_l("Approximate number of members"),
                                  choices=lambda: [(k, str(v)) for k, v in SIZE_BAND_LABELS.items()])
    funding_sources = TextAreaField(_l("Main funding sources"), validators=[Length(max=2000)],
                                    description=_l("Published for transparency: who funds the organisation."))

    def profile_data(self) -> dict:
        return {name: self[name].data for name in (
            "name", "type", "description", "communities_served", "languages_served",
            "neighbourhoods", "membership_band", "funding_sources")}


class JoinForm(Form):
    code = StringField(_l("Invitation code"), validators=[
        DataRequired(_l("Enter the code your organisation gave you.")), Length(max=32)],
        description=_l("Ask a representative of your organisation for it."))
