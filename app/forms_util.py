"""Form helpers shared by every feature: the base form that cleans what people type, small fields,
and the few lines every form-handling view repeats."""
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.i18n import messages_path

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(value):
    """A title or a name: no line breaks or other control characters (they end up in e-mail headers)."""
    if not isinstance(value, str):
        return value
    return " ".join(_CONTROL_SINGLE_LINE.sub(" ", unicodedata.normalize("NFC", value)).split())


def multi_line(value):
    """A text body: line breaks and tabs stay, other control characters (NUL included) go."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")).strip()


@lru_cache(maxsize=16)
def _wtforms_catalogue(locale: str):
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid choice") in the request's language. Flask-WTF parses the
    catalogue file again on every request that builds a form; it does not change while the process
    runs, so each language's is read once."""

    def gettext(self, string):
        return _wtforms_catalogue(str(get_locale())).gettext(string)

    def ngettext(self, singular, plural, n):
        return _wtforms_catalogue(str(get_locale())).ngettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


class Form(FlaskForm):
    """The base of every form: text is cleaned once here, so no feature has to remember it."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return WTFORMS_MESSAGES if super().get_translations(form) is not None else None

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                cleaner = multi_line if issubclass(field_class, TextAreaField) else single_line
                options["filters"] = [cleaner, *options.get("filters", unbound_field.kwargs.get("filters", ()))]
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None):
        """A hidden field's error (a form token our page did not give, say) is shown at the top of the
        form: next to a field nobody sees, it would be a refusal without a reason."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, HiddenField) and field.errors and field.name != "csrf_token":
                self.form_errors.extend(str(e) for e in field.errors if str(e) not in self.form_errors)
        return valid


WTFORMS_NOT_A_DECIMAL = "Not a valid decimal value."  # WTForms' own message, in its own catalogue


class FiniteDecimalField(DecimalField):
    """A decimal that is a number: Python reads "NaN", "sNaN" and "Infinity" as decimals too, and a
    range check on a NaN raises instead of failing (a 500 before)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext(WTFORMS_NOT_A_DECIMAL))


class ConfirmForm(Form):
    """A form with only the CSRF token, for buttons that change something."""


def split_list(text: str | None) -> list[str]:
    """'Syrian, Sudanese;  Eritrean' -> ['Syrian', 'Sudanese', 'Eritrean'] without duplicates."""
    items = [single_line(part) for part in (text or "").replace(";", ",").split(",")]
    return list(dict.fromkeys(item for item in items if item))


class ListField(StringField):
    """A comma-separated text box that holds a list."""

    def _value(self):
        return ", ".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        self.data = split_list(valuelist[0]) if valuelist else []


def attach_error(form, error) -> None:
    """Show a service's refusal next to the field it is about (or at the top of the form)."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def safe_next(target: str | None, default: str) -> str:
    """Only a same-site path is followed after sign-in: browsers drop tabs and newlines and read
    backslashes as slashes, so `/\t/evil.example` or `/\\evil.example` would leave the site."""
    if not target:
        return default
    cleaned = "".join(ch for ch in target if ch.isprintable() and not ch.isspace()).replace("\\", "/")
    for form in (cleaned, unquote(cleaned)):  # also as a proxy or browser might decode it once more
        form = "".join(ch for ch in form if ch.isprintable() and not ch.isspace()).replace("\\", "/")
        parts = urlsplit(form)
        if not form.startswith("/") or form.startswith("//") or parts.scheme or parts.netloc:
            return default
    return cleaned


def form_status(form) -> int:
    """422 for a form sent back with errors (so that clients and tests can tell), else 200."""
    return 422 if form.errors or form.form_errors else 200
