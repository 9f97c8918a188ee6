from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length


class AccreditationForm(FlaskForm):
    status = HiddenField(validators=[AnyOf(["accredited", "suspended"])])
    reason = TextAreaField(_l("Reason (shown to the organisation)"), validators=[Length(max=500)])
