"""Consultation forms."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateTimeLocalField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.organisations.forms import ListField

from .labels import PHASE_LABELS, STANCE_LABELS, VOTE_LABELS
from .phases import ORDER


LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("ar", "العربية"), ("es", "Español"), ("ca", "Català"),
                    ("de", "Deutsch"), ("el", "Ελληνικά"), ("it", "Italiano"), ("pt", "Português"), ("tr", "Türkçe")]


class ProposalForm(FlaskForm):
    form_token = HiddenField(default=lambda: secrets.token_urlsafe(24))
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give your proposal a title.")),
                                                 Length(max=200, message=_l("At most 200 characters."))])
    body = TextAreaField(_l("Your proposal"), validators=[
        InputRequired(_l("Write your proposal.")), Length(max=10000, message=_l("At most 10,000 characters."))],
        description=_l("You can use Markdown: **bold**, lists, links."))
    category = SelectField(_l("Category"), validators=[Optional()])
    language = SelectField(_l("Language of the text"), validators=[Optional()],
                           choices=lambda: [("", str(_l("recognise it automatically")))] + LANGUAGE_CHOICES)
    organisation = SelectField(_l("On behalf of"), coerce=int, validators=[Optional()])
    show_as_organisation = BooleanField(_l("Show only my organisation's name, not mine"))
    attachments = MultipleFileField(_l("Attachments (PDF, PNG or JPEG, 5 MB each)"))


class EditProposalForm(ProposalForm):
    """Editing keeps the author and organisation; only the text and category change."""
    form_token = None
    organisation = None
    show_as_organisation = None


class FeedbackForm(FlaskForm):
    parent_id = HiddenField()
    stance = SelectField(_l("Your position"), choices=lambda: [(k, str(v)) for k, v in STANCE_LABELS.items()],
                         default="neutral")
    body = TextAreaField(_l("Your reply"), validators=[InputRequired(_l("Write a reply.")),
                                                       Length(max=4000, message=_l("At most 4,000 characters."))])


class StatementForm(FlaskForm):
    text = TextAreaField(_l("Statement"), validators=[InputRequired(_l("Write a short statement.")),
                                                      Length(max=400, message=_l("At most 400 characters."))],
                         description=_l("One short sentence others can agree or disagree with."))


class VoteForm(FlaskForm):
    statement_id = HiddenField(validators=[InputRequired()])
    choice = RadioField(_l("Your vote"), choices=lambda: [(k, str(v)) for k, v in VOTE_LABELS.items()],
                        validators=[InputRequired(_l("Choose agree, disagree or pass."))])


class ConsultationForm(FlaskForm):
    council = SelectField(_l("Council"), coerce=int)
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the consultation a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    questions = TextAreaField(_l("Questions asked (one per line)"), validators=[Length(max=4000)])
    categories = ListField(_l("Categories"), description=_l("Separate them with commas."))
    language = SelectField(_l("Language"), choices=lambda: LANGUAGE_CHOICES)
    visibility = SelectField(_l("Who can see it"), choices=lambda: [("public", str(_l("everyone"))),
                                                                    ("members", str(_l("council members only")))])
    statements_need_approval = BooleanField(_l("Participants' statements wait for approval"), default=True)
    title_en = StringField(_l("Title in English"), validators=[Length(max=200)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=10000)])
    title_fr = StringField(_l("Title in French"), validators=[Length(max=200)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Length(max=10000)])
    title_ar = StringField(_l("Title in Arabic"), validators=[Length(max=200)])
    description_ar = TextAreaField(_l("Description in Arabic"), validators=[Length(max=10000)])

    TRANSLATED = ("en", "fr", "ar")

    def translations(self, primary: str) -> dict:
        """{lang: {title, description}} for the filled-in languages other than the primary one."""
        found = {}
        for lang in self.TRANSLATED:
            title, description = self[f"title_{lang}"].data, self[f"description_{lang}"].data
            if lang != primary and (title or description):
                found[lang] = {"title": (title or "").strip(), "description": (description or "").strip()}
        return found

    def fill_translations(self, translations: dict) -> None:
        for lang, texts in (translations or {}).items():
            if lang in self.TRANSLATED:
                self[f"title_{lang}"].data = texts.get("title", "")
                self[f"description_{lang}"].data = texts.get("description", "")


def phase_fields():
    """One start date per phase, for the calendar form."""
    return {phase.value: DateTimeLocalField(PHASE_LABELS[phase], format="%Y-%m-%dT%H:%M", validators=[Optional()])
            for phase in ORDER}


class CalendarForm(FlaskForm):
    pass


for _name, _field in phase_fields().items():
    setattr(CalendarForm, _name, _field)


class PhaseOverrideForm(FlaskForm):
    phase = SelectField(_l("Phase now"), choices=lambda: [("", str(_l("follow the calendar")))] +
                        [(p.value, str(PHASE_LABELS[p])) for p in ORDER])
