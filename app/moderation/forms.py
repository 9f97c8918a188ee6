from flask_babel import lazy_gettext as _l
from app.forms_util import Form
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length


class AccreditationForm(Form):
    status = HiddenField(validators=[AnyOf(["accredited", "suspended"])])
    reason = TextAreaField(_l("Reason (shown to the organisation)"), validators=[Length(max=500)])
