"""Forms of the answering desk: an answer's wording (with its translations), a commitment, an update."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.consultations.proposals.forms import form_token_field
from app.forms_util import Form

from .models import CommitmentStatus, Decision

DECISION_CHOICES = lambda: [  # noqa: E731 (labels in the reader's language at render time)
    (Decision.ACCEPTED.value, str(_l("Accepted"))), (Decision.ACCEPTED_IN_PART.value, str(_l("Accepted in part"))),
    (Decision.UNDER_STUDY.value, str(_l("Under study"))), (Decision.NOT_ACCEPTED.value, str(_l("Not accepted"))),
    (Decision.OUTSIDE_MANDATE.value, str(_l("Outside the municipal mandate (referred)")))]
STATUS_CHOICES = lambda: [  # noqa: E731
    (CommitmentStatus.PLANNED.value, str(_l("planned"))), (CommitmentStatus.IN_PROGRESS.value, str(_l("in progress"))),
    (CommitmentStatus.DONE.value, str(_l("done"))), (CommitmentStatus.DROPPED.value, str(_l("dropped")))]
TRANSLATED = ("en", "fr", "ar")  # the platform's languages: one box each for the translated reason


class ResponseForm(Form):
    form_token = form_token_field()
    decision = SelectField(_l("Decision"), choices=DECISION_CHOICES,
                           validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason, in plain language"), validators=[
        DataRequired(_l("Give the reason in plain language.")), Length(max=5000, message=_l("At most 5,000 characters."))])
    language = SelectField(_l("Language of the reason"), validators=[DataRequired()])
    referral_authority = StringField(_l("Authority the request is referred to"), validators=[
        Optional(), Length(max=200, message=_l("At most 200 characters."))],
        description=_l("Only for a request outside the municipal mandate: who can act on it."))
    translation_en = TextAreaField(_l("Reason in English"), validators=[Optional(), Length(max=5000)])
    translation_fr = TextAreaField(_l("Reason in French"), validators=[Optional(), Length(max=5000)])
    translation_ar = TextAreaField(_l("Reason in Arabic"), validators=[Optional(), Length(max=5000)])
    correction_reason = TextAreaField(_l("Why this correction"), validators=[Optional(), Length(max=2000)],
                                      description=_l("Shown beside the corrected answer; the earlier one stays "
                                                     "visible."))

    def translations(self) -> dict:
        return {lang: getattr(self, f"translation_{lang}").data or "" for lang in TRANSLATED}


class CommitmentForm(Form):
    what = TextAreaField(_l("What the city will do"), validators=[
        DataRequired(_l("Say what the city will do.")), Length(max=2000, message=_l("At most 2,000 characters."))])
    department = StringField(_l("Department in charge"), validators=[
        DataRequired(_l("Name the department in charge.")), Length(max=160, message=_l("At most 160 characters."))])
    due_date = DateField(_l("Due date"), validators=[DataRequired(_l("Give a due date (YYYY-MM-DD)."))])


class CommitmentUpdateForm(Form):
    form_token = form_token_field()
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[DataRequired()])
    body = TextAreaField(_l("Public update"), validators=[Optional(), Length(max=2000, message=_l("At most 2,000 characters."))],
                         description=_l("Required when the commitment is dropped: say why."))
