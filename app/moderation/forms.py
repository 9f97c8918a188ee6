"""The secretariat's forms. Messages are lazy so that they render in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from app.forms_util import Form

from .models import DimensionKind

DECISIONS = ["accredited", "needs_info", "rejected", "suspended"]


class AccreditationForm(Form):
    status = HiddenField(validators=[AnyOf(DECISIONS)])
    reason = TextAreaField(_l("Reason (sent to the organisation)"), validators=[Length(max=500)])


class DecisionForm(Form):
    """Hide, restore or keep a reported item."""
    reason = TextAreaField(_l("Reason (shown to the author)"), validators=[Length(max=500)])


class BlockForm(Form):
    until = DateTimeLocalField(_l("Blocked until"), format="%Y-%m-%dT%H:%M",
                               validators=[InputRequired(_l("Give the end of the block."))])
    reason = TextAreaField(_l("Reason (shown to the person)"), validators=[DataRequired(_l("Say why.")),
                                                                          Length(max=500)])


class DimensionForm(Form):
    kind = SelectField(_l("Dimension"), choices=[k.value for k in DimensionKind])
    label = StringField(_l("Name (for “other”)"), validators=[Length(max=80)])
    source = StringField(_l("Source of the figures"), validators=[DataRequired(_l("Give the source.")),
                                                                  Length(max=300)],
                         description=_l("For example: the city's migration profile."))
    source_date = DateField(_l("Date of the figures"), validators=[InputRequired(_l("Give the date."))])
    groups = TextAreaField(_l("Groups and shares"), validators=[DataRequired(_l("Give the groups."))],
                           description=_l("One group per line: “name: share in %”. The shares add up to 100."))


class SelectionForm(Form):
    title = StringField(_l("What is being selected"), validators=[DataRequired(_l("Give a title.")),
                                                                   Length(max=160)])
    panel_size = IntegerField(_l("Number of seats"), validators=[InputRequired(), NumberRange(min=1, max=1000)])
    categories = FileField(_l("Quotas (categories.csv)"), validators=[FileRequired(), FileAllowed(["csv", "txt"])],
                           description=_l("Columns category,feature,min,max (or feature,value,min,max)."))
    respondents = FileField(_l("Volunteers (respondents.csv)"),
                            validators=[FileRequired(), FileAllowed(["csv", "txt"])],
                            description=_l("One row per volunteer with a column per category and an id "
                                           "column. Only the ids and the features are kept."))
    announcement = TextAreaField(_l("Public value that will seed the draw"),
                                 validators=[DataRequired(_l("Say which public value will be used.")),
                                             Length(max=1000)],
                                 description=_l("Announce it before anyone can know it, e.g. “the winning numbers "
                                                "of the national lottery on 12 May”."))


class DrawForm(Form):
    public_value = TextAreaField(_l("The published value"), validators=[DataRequired(_l("Enter the value.")),
                                                                        Length(max=2000)])
