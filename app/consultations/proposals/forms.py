"""Proposal and feedback forms. A form token makes a retried submission create nothing twice."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms_util import Form

from ..forms import language_choices
from ..labels import STANCE_LABELS


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def form_token_field() -> HiddenField:
    """The hidden token of a form whose retry must not create twice. What the page gave is 32
    URL-safe characters; anything else (longer than the column's 64, or other characters) was not
    sent by our page and is refused like an expired form, not stored."""
    expired = _l("The form expired or was sent from elsewhere. Reload the page and send it again.")
    return HiddenField(default=new_form_token, validators=[
        Optional(), Length(max=64, message=expired), Regexp(r"^[A-Za-z0-9_-]+$", message=expired)])


class ProposalForm(Form):
    form_token = form_token_field()
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give your proposal a title.")),
                                                 Length(max=200, message=_l("At most 200 characters."))])
    body = TextAreaField(_l("Your proposal"), validators=[
        DataRequired(_l("Write your proposal.")), Length(max=10000, message=_l("At most 10,000 characters."))],
        description=_l("You can use Markdown: **bold**, lists, links."))
    category = SelectField(_l("Category"), validators=[Optional()])
    language = SelectField(_l("Language of the text"), validators=[Optional()],
                           choices=lambda: [("", str(_l("recognise it automatically")))] + language_choices())
    organisation = SelectField(_l("On behalf of"), coerce=int, validators=[Optional()])
    show_as_organisation = BooleanField(_l("Show only my organisation's name, not mine"))
    attachments = MultipleFileField(_l("Attachments (PDF, PNG or JPEG, 5 MB each)"))


class EditProposalForm(ProposalForm):
    """Editing keeps the author and organisation; only the text and category change."""
    form_token = None
    organisation = None
    show_as_organisation = None


class FeedbackForm(Form):
    form_token = form_token_field()
    parent_id = HiddenField()
    stance = SelectField(_l("Your position"), choices=lambda: [(k, str(v)) for k, v in STANCE_LABELS.items()],
                         default="neutral")
    body = TextAreaField(_l("Your feedback"), validators=[DataRequired(_l("Write your feedback.")),
                                                       Length(max=4000, message=_l("At most 4,000 characters."))])
