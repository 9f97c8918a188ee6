"""Consultation forms: the consultation itself, its calendar and the phase override."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms_util import Form, ListField

from .labels import PHASE_LABELS
from .phases import ORDER

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("ar", "العربية"), ("es", "Español"), ("ca", "Català"),
                    ("de", "Deutsch"), ("el", "Ελληνικά"), ("it", "Italiano"), ("pt", "Português"), ("tr", "Türkçe")]


class ConsultationForm(Form):
    council = SelectField(_l("Council"), coerce=int)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the consultation a title.")), Length(max=200)])
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


class CalendarForm(Form):
    pass


for _name, _field in phase_fields().items():
    setattr(CalendarForm, _name, _field)


class PhaseOverrideForm(Form):
    phase = SelectField(_l("Phase now"), choices=lambda: [("", str(_l("follow the calendar")))] +
                        [(p.value, str(PHASE_LABELS[p])) for p in ORDER])
