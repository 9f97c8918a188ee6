"""Statement and vote forms."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms_util import Form

from ..labels import VOTE_LABELS
from ..proposals.forms import form_token_field


class StatementForm(Form):
    form_token = form_token_field()
    text = TextAreaField(_l("Statement"), validators=[DataRequired(_l("Write a short statement.")),
                                                      Length(max=400, message=_l("At most 400 characters."))],
                         description=_l("One short sentence others can agree or disagree with."))


class VoteForm(Form):
    statement_id = HiddenField(validators=[InputRequired()])
    choice = RadioField(_l("Your vote"), choices=lambda: [(k, str(v)) for k, v in VOTE_LABELS.items()],
                        validators=[InputRequired(_l("Choose agree, disagree or pass."))])
