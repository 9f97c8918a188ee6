"""Consultation forms: the consultation itself, its calendar and the phase override."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms_util import Form, ListField
from app.i18n import language_name

from .labels import PHASE_LABELS
from .phases import ORDER

# The languages a text may be written in; their names come from Babel, in the reader's language.
TEXT_LANGUAGES = ("en", "fr", "ar", "es", "ca", "de", "el", "it", "pt", "tr")


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code, capital=True)) for code in TEXT_LANGUAGES]


class ConsultationForm(Form):
    council = SelectField(_l("Council"), coerce=int)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the consultation a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    questions = TextAreaField(_l("Questions asked (one per line)"), validators=[Length(max=4000)])
    categories = ListField(_l("Categories"), description=_l("Separate them with commas."))
    language = SelectField(_l("Language"), choices=language_choices)
    visibility = SelectField(_l("Who can see it"), choices=lambda: [("public", str(_l("everyone"))),
                                                                    ("members", str(_l("council members only")))])
    statements_need_approval = BooleanField(_l("Participants' statements wait for approval"), default=True)
    title_en = StringField(_l("Title in English"), validators=[Length(max=200)])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=10000)])
    title_fr = StringField(_l("Title in French"), validators=[Length(max=200)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Length(max=10000)])
    title_ar = StringField(_l("Title in Arabic"), validators=[Length(max=200)])
    description_ar = TextAreaField(_l("Description in Arabic"), validators=[Length(max=10000)])
    categories_en = ListField(_l("Categories in English"), description=_l("In the same order, separated by commas."))
    categories_fr = ListField(_l("Categories in French"), description=_l("In the same order, separated by commas."))
    categories_ar = ListField(_l("Categories in Arabic"), description=_l("In the same order, separated by commas."))

    TRANSLATED = ("en", "fr", "ar")

    def translations(self, primary: str) -> dict:
        """{lang: {title, description, categories: {original: translated}}} for the filled-in languages
        other than the primary one."""
        found = {}
        for lang in self.TRANSLATED:
            title, description = self[f"title_{lang}"].data, self[f"description_{lang}"].data
            categories = dict(zip(self.categories.data or [], self[f"categories_{lang}"].data or []))
            if lang != primary and (title or description or categories):
                found[lang] = {"title": (title or "").strip(), "description": (description or "").strip()}
                if categories:
                    found[lang]["categories"] = categories
        return found

    def fill_translations(self, translations: dict) -> None:
        for lang, texts in (translations or {}).items():
            if lang in self.TRANSLATED:
                self[f"title_{lang}"].data = texts.get("title", "")
                self[f"description_{lang}"].data = texts.get("description", "")
                self[f"categories_{lang}"].data = list((texts.get("categories") or {}).values())


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
